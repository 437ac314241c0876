"""The scenarios panel on the ticket page (see ``loket.tickets.panels``), above the
composer: the running scenario's current step, or the scenarios suggested for the ticket.

Running: the step with big answer buttons (keys 1–9), the text to read to the customer in
their language and profile, the agent's guidance and the path so far: two queries.
Nothing running on an open ticket: the suggestions and every other published scenario:
about four queries.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from loket.accounts.models import Team
from loket.scenarios import services
from loket.scenarios.access import can_run_scenarios
from loket.scenarios.models import RunStep
from loket.scenarios.tree import find_step, localized
from loket.tickets.panels import Panel

TEMPLATE = "scenarios/_runner.html"
MAX_KEYS = 9


def ticket_panel(request, ticket, events):
    if not can_run_scenarios(request.user):
        return None
    language = (translation.get_language() or "nl")[:2]
    run = services.running_run(ticket)
    if run is not None:
        return Panel(TEMPLATE, running_context(run, ticket, language), position="top")
    if not ticket.is_open:
        return None
    context = suggestion_context(ticket, language)
    if not context["suggested"] and not context["others"]:
        return None
    return Panel(TEMPLATE, context, position="top")


def suggestion_context(ticket, language: str) -> dict:
    text = f"{ticket.subject}\n{ticket.description}"
    suggested = services.suggest_scenarios(category=ticket.category, text=text)
    shown = {s.pk for s in suggested}
    others = [s for s in services.published_scenarios() if s.pk not in shown]
    return {
        "ticket": ticket,
        "run": None,
        "suggested": [(s, s.title(language)) for s in suggested],
        "others": [(s, s.title(language)) for s in others],
    }


def running_context(run, ticket, language: str) -> dict:
    tree = run.version.tree
    step = find_step(tree, run.current_step) or {}
    taken = list(RunStep.objects.filter(run=run).order_by("at", "id"))
    return {
        "ticket": ticket,
        "run": run,
        "scenario_title": run.version.scenario.title(language),
        "step": step,
        "kind": step.get("kind", ""),
        "title": localized(step.get("title"), language),
        "guidance": localized(step.get("text"), language),
        "say": services.customer_text(step, run.language, run.profile),
        "say_language": run.language,
        "profile_label": _profile_label(run.profile),
        "choices": choices(step, language),
        "taken": taken,
    }


def _profile_label(profile: str) -> str:
    from loket.directory.models import CommunicationProfile

    return (
        str(CommunicationProfile(profile).label) if profile in CommunicationProfile.values else ""
    )


def choices(step: dict, language: str) -> list[dict]:
    """The answer buttons of a step, numbered for the keys 1–9."""
    kind = step.get("kind")
    if kind == "question":
        found = [
            (option.get("id", ""), localized(option.get("label"), language), "")
            for option in step.get("options") or []
            if isinstance(option, dict)
        ]
    elif kind == "check":
        found = [
            ("pass", "✓ " + _("Passed"), "pass"),
            ("fail", "✗ " + _("Failed"), "fail"),
            ("not_possible", "– " + _("Not possible"), "not-possible"),
        ]
    elif kind == "instruction":
        found = [("done", _("Done, next step"), "done")]
    elif kind == "action":
        found = [("", action_label(step.get("action") or {}), "action")]
    else:
        found = []
    return [
        {
            "value": value,
            "label": label,
            "style": style,
            "key": str(n) if n <= MAX_KEYS else "",
        }
        for n, (value, label, style) in enumerate(found, start=1)
    ]


def action_label(action: dict) -> str:
    """What the action button does, said plainly."""
    kind = action.get("type")
    if kind == "set_fields":
        return _("Set the ticket's fields")
    if kind == "canned_answer":
        return _("Put the canned answer in the message box")
    if kind == "link_article":
        return _("Link the knowledge article")
    if kind == "escalate":
        team = Team.objects.filter(pk=action.get("team") or 0).values_list("name", flat=True)
        name = team.first()
        if name:
            return _("Escalate to %(team)s") % {"team": name}
        return _("Escalate the ticket")
    if kind == "resolve":
        return _("Resolve the ticket")
    if kind == "callback":
        minutes = action.get("in_minutes") or 0
        return _("Plan a callback in %(minutes)s minutes") % {"minutes": minutes}
    return _("Do it")
