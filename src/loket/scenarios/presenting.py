"""A tree as the pages show it: steps in one language with where they lead, the
choices of the editor's dropdowns, and the state of a preview walk."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.scenarios.stats import in_language
from loket.scenarios.validation import (
    ACTION_TYPES,
    LANGUAGES,
    OUTCOMES,
    PRIORITIES,
    active_macros,
    steps_of,
)

KIND_LABELS = {
    "question": gettext_lazy("Question"),
    "instruction": gettext_lazy("Instruction"),
    "check": gettext_lazy("Routine test"),
    "action": gettext_lazy("Action"),
}
OUTCOME_LABELS = {
    "pass": gettext_lazy("Passed"),
    "fail": gettext_lazy("Failed"),
    "not_possible": gettext_lazy("Not possible"),
}
ACTION_LABELS = {
    "set_fields": gettext_lazy("Set ticket fields"),
    "canned_answer": gettext_lazy("Insert a canned answer"),
    "link_article": gettext_lazy("Link a knowledge article"),
    "escalate": gettext_lazy("Escalate to a team"),
    "resolve": gettext_lazy("Resolve with a code"),
    "callback": gettext_lazy("Schedule a callback"),
}
LEVEL_LABELS = {1: gettext_lazy("High"), 2: gettext_lazy("Medium"), 3: gettext_lazy("Low")}


def _per_lang(texts) -> dict[str, str]:
    texts = texts if isinstance(texts, dict) else {}
    return {
        lang: texts.get(lang, "") if isinstance(texts.get(lang), str) else "" for lang in LANGUAGES
    }


def _targets(step: dict, lang: str) -> list[tuple[str, str]]:
    """(label, next step id) for each way out of the step."""
    kind = step.get("kind")
    if kind == "question":
        return [
            (in_language(o.get("label"), lang) or o.get("id", ""), o.get("next") or "")
            for o in step.get("options") or []
            if isinstance(o, dict)
        ]
    if kind == "check":
        outcomes = step.get("outcomes") if isinstance(step.get("outcomes"), dict) else {}
        return [(str(OUTCOME_LABELS[key]), outcomes.get(key) or "") for key in OUTCOMES]
    if step.get("next"):
        return [("", step["next"])]
    return []


def step_views(tree: dict, lang: str, *, problems: dict | None = None) -> list[dict]:
    """Every step with what the pages show of it, in the tree's order."""
    steps = steps_of(tree)
    titles = {s.get("id"): in_language(s.get("title"), lang) for s in steps}
    start = tree.get("start") if isinstance(tree, dict) else None
    views = []
    for position, step in enumerate(steps):
        step_id = step.get("id") if isinstance(step.get("id"), str) else ""
        action = step.get("action") if isinstance(step.get("action"), dict) else {}
        say = step.get("say") if isinstance(step.get("say"), dict) else {}
        options = [
            {
                "id": o.get("id", ""),
                "label": _per_lang(o.get("label")),
                "next": o.get("next") or "",
                "n": str(n),
            }
            for n, o in enumerate(o for o in step.get("options") or [] if isinstance(o, dict))
        ]
        views.append(
            {
                "id": step_id,
                "kind": step.get("kind", ""),
                "kind_label": KIND_LABELS.get(step.get("kind"), step.get("kind", "")),
                "title": titles.get(step_id) or step_id,
                "titles": _per_lang(step.get("title")),
                "texts": _per_lang(step.get("text")),
                "say": _per_lang(say),
                "novice": _per_lang(say.get("novice")),
                "guidance": in_language(step.get("text"), lang),
                "options": options,
                "blank": str(len(options)),
                "next": step.get("next") or "",
                "outcomes": step.get("outcomes") if isinstance(step.get("outcomes"), dict) else {},
                "action": action,
                "action_texts": {
                    key: _per_lang(action.get(key)) for key in ("reason", "resolution", "note")
                },
                "action_label": ACTION_LABELS.get(action.get("type"), ""),
                "targets": [
                    (label, target, titles.get(target, ""))
                    for label, target in _targets(step, lang)
                ],
                "is_start": step_id == start,
                "problems": (problems or {}).get(step_id, []),
                "first": position == 0,
                "last": position == len(steps) - 1,
            }
        )
    return views


def with_action_summaries(views: list[dict], lang: str) -> list[dict]:
    """Add to each action step a line saying what it does (for the read-only tree)."""
    for view in views:
        if view["kind"] == "action" and view["action"]:
            view["summary"] = describe_action(view["action"], lang)
    return views


def editor_choices(tree: dict, lang: str) -> dict:
    """What the editor's dropdowns offer: steps, and the things actions refer to."""
    from loket.accounts.models import Team
    from loket.tickets.forms import active_categories
    from loket.tickets.models import ResolutionCode, TicketType

    steps = [
        (s["id"], f"{s['id']} · {in_language(s.get('title'), lang)}".strip(" ·"))
        for s in steps_of(tree)
        if isinstance(s.get("id"), str)
    ]
    return {
        "steps": steps,
        "kinds": list(KIND_LABELS.items()),
        "action_types": [(key, ACTION_LABELS[key]) for key in ACTION_TYPES],
        "outcomes": list(OUTCOME_LABELS.items()),
        "categories": [(c.pk, c.path) for c in active_categories()],
        "teams": list(Team.objects.filter(is_active=True).values_list("pk", "name")),
        "codes": [(c.code, c.name) for c in ResolutionCode.objects.filter(is_active=True)],
        "macros": [(m.key, str(m)) for m in active_macros().order_by("key")],
        "priorities": list(PRIORITIES),
        "levels": list(LEVEL_LABELS.items()),
        "ticket_types": list(TicketType.choices),
        "languages": LANGUAGES,
    }


def customer_text(step: dict, language: str, profile: str) -> str:
    """What to read to the customer: the profile's variant, then the plain text; each
    in ``language`` else nl → fr → en. The runner's own helper is used when it exists."""
    try:
        from loket.scenarios.services import customer_text as runner_text
    except ImportError:
        runner_text = None
    if runner_text is not None:
        return runner_text(step, language, profile)
    say = step.get("say") if isinstance(step.get("say"), dict) else {}
    if profile and isinstance(say.get(profile), dict):
        text = in_language(say[profile], language)
        if text:
            return text
    return in_language({k: v for k, v in say.items() if k in LANGUAGES}, language)


def describe_action(action: dict, lang: str) -> str:
    """One line saying what an action would do, for the preview and the tree."""
    from loket.accounts.models import Team
    from loket.tickets.models import Category, ResolutionCode

    kind = action.get("type")
    if kind == "escalate":
        team = Team.objects.filter(pk=action.get("team") or 0).first()
        return _("Escalate to %(team)s: %(reason)s") % {
            "team": team.name if team else "?",
            "reason": in_language(action.get("reason"), lang),
        }
    if kind == "resolve":
        code = ResolutionCode.objects.filter(code=action.get("code") or "").first()
        return _("Resolve (%(code)s): %(resolution)s") % {
            "code": code.name if code else action.get("code", "?"),
            "resolution": in_language(action.get("resolution"), lang),
        }
    if kind == "set_fields":
        parts = []
        if action.get("category"):
            category = Category.objects.filter(pk=action["category"]).first()
            parts.append(_("category %(name)s") % {"name": category.path if category else "?"})
        for key, label in (
            ("priority", _("priority")),
            ("impact", _("impact")),
            ("urgency", _("urgency")),
            ("ticket_type", _("type")),
        ):
            if action.get(key):
                parts.append(f"{label} {action[key]}")
        return _("Set %(fields)s") % {"fields": ", ".join(parts)}
    if kind == "canned_answer":
        ref = action.get("macro")
        macro = active_macros().filter(**({"pk": ref} if isinstance(ref, int) else {"key": ref}))
        names = [str(m) for m in macro]
        return _("Insert the canned answer “%(name)s”") % {
            "name": names[0] if names else action.get("macro")
        }
    if kind == "link_article":
        return _("Link knowledge article #%(id)s") % {"id": action.get("article")}
    if kind == "callback":
        return _("Schedule a callback in %(minutes)s minutes") % {
            "minutes": action.get("in_minutes")
        }
    return ""


def preview_state(
    tree: dict, answers: list[tuple[str, str]], *, agent_lang: str, lang: str, profile: str
) -> dict:
    """Where a walk through ``tree`` with ``answers`` is: the steps taken, the current
    step and its choices (each with the path that answering it makes), or the end."""
    steps = {s.get("id"): s for s in steps_of(tree)}
    current = steps.get(tree.get("start") if isinstance(tree, dict) else None)
    taken: list[dict] = []
    path: list[str] = []
    for step_id, answer in answers:
        if current is None or current.get("id") != step_id:
            break
        choice = {c["answer"]: c for c in _choices(current, agent_lang)}.get(answer)
        if choice is None:
            break
        taken.append(
            {"title": in_language(current.get("title"), agent_lang), "answer": choice["label"]}
        )
        path.append(f"{step_id}:{answer}")
        current = steps.get(choice["next"]) if choice["next"] else None
        if current is None or len(taken) > len(steps):
            current = None
            break
    state: dict = {"taken": taken, "path": ",".join(path), "step": None, "choices": []}
    if current is None:
        return state
    prefix = state["path"] + "," if state["path"] else ""
    state["step"] = {
        "id": current.get("id"),
        "kind": current.get("kind"),
        "kind_label": KIND_LABELS.get(current.get("kind"), ""),
        "title": in_language(current.get("title"), agent_lang),
        "guidance": in_language(current.get("text"), agent_lang),
        "say": customer_text(current, lang, profile),
        "action": describe_action(current.get("action") or {}, agent_lang)
        if current.get("kind") == "action"
        else "",
    }
    state["choices"] = [
        {**c, "path": f"{prefix}{current.get('id')}:{c['answer']}"}
        for c in _choices(current, agent_lang)
    ]
    return state


def _choices(step: dict, lang: str) -> list[dict]:
    kind = step.get("kind")
    if kind == "question":
        return [
            {
                "answer": o.get("id", ""),
                "label": in_language(o.get("label"), lang) or o.get("id", ""),
                "next": o.get("next") or "",
            }
            for o in step.get("options") or []
            if isinstance(o, dict)
        ]
    if kind == "check":
        outcomes = step.get("outcomes") if isinstance(step.get("outcomes"), dict) else {}
        return [
            {"answer": key, "label": str(OUTCOME_LABELS[key]), "next": outcomes.get(key) or ""}
            for key in OUTCOMES
        ]
    if kind == "instruction":
        return [{"answer": "done", "label": _("Done"), "next": step.get("next") or ""}]
    if kind == "action" and step.get("next"):
        action = step.get("action") if isinstance(step.get("action"), dict) else {}
        if action.get("type") not in ("resolve", "escalate"):
            return [{"answer": "done", "label": _("Do it and go on"), "next": step["next"]}]
    return []
