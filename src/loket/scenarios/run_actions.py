"""The actions a scenario's action step does on the ticket, each through the ticket's
own services (``loket.tickets.services``, canned answers, knowledge, planning), inside the
transaction of ``services.take_step``. Each returns a label for the record, in the
agent's language (active when called), and the composer text, if any."""

from datetime import timedelta
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from loket.accounts.models import Team
from loket.core.errors import InvalidInput
from loket.scenarios.tree import language_of, localized
from loket.tickets import services as tickets
from loket.tickets.models import Category, Priority, ResolutionCode, TicketType

# --- actions -----------------------------------------------------------------------------


PERFORMERS: dict[str, Any] = {}


def perform(run, step: dict, *, acting_user, version, now) -> tuple[str, str, dict | None]:
    """Do the step's action on the run's ticket: (action type, label, composer)."""
    action = step.get("action") or {}
    kind = action.get("type", "")
    if kind not in PERFORMERS:
        raise InvalidInput(_("This action is not known."), code="bad_action")
    label, composer = PERFORMERS[kind](
        run, run.ticket, action, acting_user=acting_user, version=version, now=now
    )
    return kind, str(label), composer


def impact_and_urgency(priority: str, impact: int, urgency: int) -> tuple[int, int]:
    """The impact × urgency pair that gives ``priority``, as close as may be to the
    ticket's own (the matrix decides the priority; a scenario cannot set it apart)."""
    pairs = [pair for pair, value in tickets.priority_matrix().items() if value == priority]
    if not pairs:
        raise InvalidInput(_("Unknown priority."), code="bad_priority")
    return min(pairs, key=lambda p: (abs(p[0] - impact) + abs(p[1] - urgency), p))


def _set_fields(run, ticket, action, *, acting_user, version, now):
    changes: dict[str, Any] = {}
    if action.get("category"):
        category = Category.objects.filter(pk=action["category"], is_active=True).first()
        if category is None:
            raise InvalidInput(
                _("The scenario's category is no longer in use."), code="bad_category"
            )
        changes["category"] = category
    if action.get("ticket_type"):
        if action["ticket_type"] not in TicketType.values:
            raise InvalidInput(_("Unknown ticket type."), code="bad_type")
        changes["type"] = action["ticket_type"]
    impact, urgency = action.get("impact"), action.get("urgency")
    if action.get("priority"):
        if action["priority"] not in Priority.values:
            raise InvalidInput(_("Unknown priority."), code="bad_priority")
        impact, urgency = impact_and_urgency(action["priority"], ticket.impact, ticket.urgency)
    if impact:
        changes["impact"] = int(impact)
    if urgency:
        changes["urgency"] = int(urgency)
    ticket = tickets.update_ticket(
        ticket, acting_user=acting_user, version=version, now=now, **changes
    )
    parts = []
    if "category" in changes:
        parts.append(_("category %(name)s") % {"name": changes["category"].name})
    if "type" in changes:
        parts.append(_("type %(type)s") % {"type": TicketType(changes["type"]).label})
    if "impact" in changes or "urgency" in changes:
        parts.append(_("priority %(priority)s") % {"priority": ticket.priority})
    return _("Set %(fields)s") % {"fields": ", ".join(str(p) for p in parts)}, None


def _canned_answer(run, ticket, action, *, acting_user, version, now):
    from loket.macros import services as macros
    from loket.macros.models import Macro

    ref = action.get("macro")
    macro = (
        Macro.objects.filter(pk=ref).first()
        if isinstance(ref, int)
        else macros.macro_by_key(str(ref or ""))
    )
    if macro is None:
        raise InvalidInput(_("The scenario's canned answer was not found."), code="unknown_macro")
    # Counts the use, sets the fields the macro carries and checks the version.
    rendered = macros.apply_macro(ticket, macro, acting_user=acting_user, version=version, now=now)
    label = _("Canned answer “%(name)s” put in the message box") % {"name": str(macro)}
    return label, {"kind": rendered.kind, "body": rendered.text}


def _link_article(run, ticket, action, *, acting_user, version, now):
    from loket.knowledge.models import Article
    from loket.knowledge.usage import link_article

    article = Article.objects.filter(pk=action.get("article") or 0).first()
    if article is None:
        raise InvalidInput(_("The scenario's article was not found."), code="unknown_article")
    link_article(ticket, article, acting_user=acting_user, now=now)
    shown = article.translation(language_of(acting_user))
    return _("Linked the article “%(title)s”") % {
        "title": shown.title if shown else article.pk
    }, None


def _escalate(run, ticket, action, *, acting_user, version, now):
    team = Team.objects.filter(pk=action.get("team") or 0).first()
    if team is None:
        raise InvalidInput(_("The scenario's team was not found."), code="unknown_team")
    language = language_of(acting_user)
    reason = _("Scenario “%(scenario)s”: %(reason)s") % {
        "scenario": run.version.scenario.title(language),
        "reason": localized(action.get("reason"), language) or _("escalated by the scenario"),
    }
    tickets.escalate_ticket(
        ticket, to_team=team, reason=reason, acting_user=acting_user, version=version, now=now
    )
    return _("Escalated to %(team)s") % {"team": team.name}, None


def _resolve(run, ticket, action, *, acting_user, version, now):
    code = ResolutionCode.objects.filter(code=action.get("code") or "").first()
    if code is None:
        raise InvalidInput(_("The scenario's resolution code was not found."), code="unknown_code")
    with translation.override(run.language):
        resolution = localized(action.get("resolution"), run.language) or _(
            "Solved with the scenario “%(scenario)s”."
        ) % {"scenario": run.version.scenario.title(run.language)}
    tickets.resolve_ticket(
        ticket, resolution=resolution, code=code, acting_user=acting_user, version=version, now=now
    )
    return _("Resolved (%(code)s)") % {"code": code.name}, None


def _callback(run, ticket, action, *, acting_user, version, now):
    from loket.planning.services import schedule_callback

    try:
        minutes = max(int(action.get("in_minutes") or 0), 0)
    except (TypeError, ValueError):
        minutes = 0
    due_at = now + timedelta(minutes=minutes)
    note = localized(action.get("note"), language_of(acting_user))
    schedule_callback(ticket, due_at=due_at, acting_user=acting_user, note=note, now=now)
    when = formats.date_format(timezone.localtime(due_at), "SHORT_DATETIME_FORMAT")
    return _("Callback planned at %(time)s") % {"time": when}, None


PERFORMERS.update(
    set_fields=_set_fields,
    canned_answer=_canned_answer,
    link_article=_link_article,
    escalate=_escalate,
    resolve=_resolve,
    callback=_callback,
)
