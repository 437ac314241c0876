"""Template filters that show ticket values, timeline data and the SLA clock in words."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from loket.sla.models import TargetName
from loket.tickets.models import (
    PLUGGED_EVENT_KINDS,
    Channel,
    Level,
    Priority,
    Status,
    Ticket,
    TicketType,
)

register = template.Library()

CHOICES = {
    "status": Status,
    "priority": Priority,
    "type": TicketType,
    "channel": Channel,
    "impact": Level,
    "urgency": Level,
}


@register.filter
def field_label(name: str) -> str:
    """The translated name of a ticket field, e.g. ``category`` → "Category"."""
    try:
        return str(Ticket._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:
        return name


@register.filter
def field_value(value, field: str) -> str:
    """A stored old/new value as a person reads it (labels instead of codes)."""
    if value in (None, ""):
        return "—"
    choices = CHOICES.get(field)
    if choices is not None:
        try:
            return str(choices(value).label)
        except ValueError:
            return str(value)
    return str(value)


@register.filter
def status_label(value: str) -> str:
    return field_value(value, "status")


@register.filter
def duration(seconds) -> str:
    """Seconds as ``m:ss`` (or ``h:mm:ss``)."""
    try:
        total = max(int(seconds), 0)
    except (TypeError, ValueError):
        return "—"
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def as_datetime(value):
    """An ISO timestamp from event data as a datetime, for the ``date`` filter."""
    return parse_datetime(value) if isinstance(value, str) else value


@register.filter
def direction_label(value: str) -> str:
    return _("incoming") if value == "in" else _("outgoing")


@register.filter
def phone(e164: str) -> str:
    """An E.164 number in international notation: ``+32 470 12 34 56``."""
    from loket.core.phones import display

    return display(e164) if e164 else ""


# -- the SLA clock ----------------------------------------------------------------------


@register.filter
def sla_left(target) -> str:
    """The time a queue shows for a target: what is left, or ``−25 min`` when overdue."""
    from loket.sla.explain import business_duration

    if target is None:
        return "—"
    left = business_duration(target.remaining_seconds)
    return f"−{left}" if target.remaining_seconds < 0 else left


@register.filter
def sla_when(moment) -> str:
    """A moment in the viewer's time zone, as close as the reader needs it:
    ``today 14:30``, ``tomorrow 09:00``, ``Thu 6 Mar 11:10``."""
    moment = as_datetime(moment)
    if moment is None:
        return "—"
    local = timezone.localtime(moment)
    days = (local.date() - timezone.localdate()).days
    clock = date_format(local, "H:i")
    if days == 0:
        return _("today %(time)s") % {"time": clock}
    if days == 1:
        return _("tomorrow %(time)s") % {"time": clock}
    if days == -1:
        return _("yesterday %(time)s") % {"time": clock}
    if local.year == timezone.localdate().year:
        return date_format(local, "D j M H:i")
    return date_format(local, "D j M Y H:i")


@register.filter
def sla_pause_reason(explanation) -> str:
    """Why the clock stands still: the status it is paused in, in words."""
    if explanation is None or not explanation.stretches:
        return ""
    return field_value(explanation.stretches[-1].state, "status")


@register.simple_tag
def sla_event_lines(event, warning_percent=None) -> list[str]:
    """An SLA timeline event in sentences, in the viewer's language."""
    data = event.data or {}
    try:
        target = str(TargetName(data.get("target")).label).lower()
    except ValueError:
        target = str(data.get("target") or "")
    if data.get("cycle"):
        target = _("%(target)s (cycle %(cycle)s)") % {"target": target, "cycle": data["cycle"]}
    lines = []
    if data.get("action") == "warning":
        # The threshold at the time of the warning; older events fall back on the policy's.
        warning_percent = data.get("percent") or warning_percent
        if warning_percent:
            lines.append(
                _("Warning: %(target)s at %(percent)s %%.")
                % {"target": target, "percent": warning_percent}
            )
        else:
            lines.append(_("Warning: %(target)s is nearly due.") % {"target": target})
    else:
        lines.append(_("Breached: %(target)s target.") % {"target": target})
        if data.get("escalated_to"):
            lines.append(_("Escalated to %(team)s.") % {"team": data["escalated_to"]})
        if data.get("priority_raised"):
            lines.append(_("Priority raised."))
    if data.get("due_at"):
        lines.append(_("Due %(when)s.") % {"when": sla_when(data["due_at"])})
    return lines


@register.filter
def sla_duration(seconds) -> str:
    """Business seconds as ``2 h 10 min``."""
    from loket.sla.explain import business_duration

    return business_duration(seconds or 0)


@register.filter
def service_level_label(value: str) -> str:
    """A contract's service level in words; tickets without a valid contract say so."""
    from loket.directory.models import ServiceLevel

    try:
        return str(ServiceLevel(value).label)
    except ValueError:
        return _("no contract")


@register.filter
def sla_outcome(ticket) -> dict | None:
    """How the SLA of a ticket without open targets ended, from its snapshot: met, or
    met late. None when no SLA applied."""
    from loket.sla.explain import LEVEL_LABELS, MET, MET_LATE

    if not ticket.sla_policy_id:
        return None
    level = MET_LATE if ticket.sla_breached else MET
    return {"level": level, "label": str(LEVEL_LABELS[level])}


@register.filter
def event_template(kind: str) -> str:
    """The template that draws a timeline event of another app, or ""."""
    return f"timeline/_{kind}.html" if kind in PLUGGED_EVENT_KINDS else ""
