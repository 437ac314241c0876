"""Template helpers for checklist timeline events: texts in the reader's language."""

from django import template
from django.conf import settings
from django.utils.translation import get_language, ngettext

from loket.checklists.models import LANGUAGES

register = template.Library()


@register.filter
def in_reader_language(texts, fallback: str = "") -> str:
    """``{"nl": …, "fr": …, "en": …}`` in the active language, else the desk's, else any."""
    if not isinstance(texts, dict):
        return fallback or ""
    wanted = (get_language() or settings.LANGUAGE_CODE)[:2]
    for code in (wanted, settings.LANGUAGE_CODE[:2], *LANGUAGES):
        if texts.get(code):
            return str(texts[code])
    return fallback or ""


@register.filter
def checklist_summary(counts) -> str:
    """ "7 done, 1 failed, 1 not applicable" (the states that occur)."""
    if not isinstance(counts, dict):
        return ""
    parts = []
    for state, text in (
        ("done", lambda n: ngettext("%(n)s done", "%(n)s done", n)),
        ("failed", lambda n: ngettext("%(n)s failed", "%(n)s failed", n)),
        ("not_applicable", lambda n: ngettext("%(n)s not applicable", "%(n)s not applicable", n)),
        ("open", lambda n: ngettext("%(n)s open", "%(n)s open", n)),
    ):
        n = counts.get(state) or 0
        if isinstance(n, int) and n > 0:
            parts.append(text(n) % {"n": n})
    return ", ".join(parts)


@register.filter
def ticket_type_label(code: str) -> str:
    from loket.tickets.models import TicketType

    try:
        return str(TicketType(code).label)
    except ValueError:
        return str(code)
