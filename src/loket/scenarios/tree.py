"""Reading a scenario version's tree (see the format in ``models``): its steps, and
their texts in a language with the fallbacks nl → fr → en."""

from typing import Any

FALLBACK = ("nl", "fr", "en")


def localized(texts: Any, language: str) -> str:
    """The text in ``language`` from ``{"nl": …, "fr": …, "en": …}``, else nl → fr → en."""
    if isinstance(texts, str):
        return texts
    if not isinstance(texts, dict):
        return ""
    for lang in (language, *FALLBACK):
        value = texts.get(lang)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def customer_text(step: dict, language: str, profile: str) -> str:
    """What to read to the customer at ``step``: the variant for their communication
    profile when there is one, else the default text; in their language, else nl → fr →
    en. The language weighs more than the profile: a French caller hears French."""
    say = step.get("say") or {}
    if not isinstance(say, dict):
        return localized(say, language)
    variant = say.get(profile) if profile else None
    variants = [v for v in (variant, say) if isinstance(v, dict)]
    for lang in (language, *FALLBACK):
        for texts in variants:
            value = texts.get(lang)
            if isinstance(value, str) and value.strip():
                return value
    return ""


def find_step(tree: dict, step_id: str) -> dict | None:
    for step in (tree or {}).get("steps") or []:
        if isinstance(step, dict) and step.get("id") == step_id:
            return step
    return None


def language_of(user) -> str:
    """A user's interface language, Dutch when unknown."""
    return getattr(user, "language", "") or "nl"
