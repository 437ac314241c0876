"""Template filters that show ticket values and timeline data in words."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from loket.tickets.models import Channel, Level, Priority, Status, Ticket, TicketType

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
