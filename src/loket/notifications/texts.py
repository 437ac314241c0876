"""A notification in words, in the reader's language, from its ``kind`` and ``data``.

Nothing of the text is stored: the sweep saves the facts (target, ticket number and
subject, due time, team escalated to) and each reader gets them in their own language
and time zone. Missing or malformed facts give a shorter sentence, never an error.
"""

from datetime import datetime

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.notifications.models import Notification, NotificationKind

SUBJECT_CHARS = 50

# One whole sentence per case, so that translators see it in full.
WARNING = {
    "first_response": gettext_lazy(
        "SLA warning: %(number)s “%(subject)s” — first response due at %(due)s"
    ),
    "next_response": gettext_lazy(
        "SLA warning: %(number)s “%(subject)s” — next response due at %(due)s"
    ),
    "resolution": gettext_lazy("SLA warning: %(number)s “%(subject)s” — resolution due at %(due)s"),
}
BREACH = {
    "first_response": gettext_lazy(
        "SLA breached: %(number)s “%(subject)s” — first response was due at %(due)s"
    ),
    "next_response": gettext_lazy(
        "SLA breached: %(number)s “%(subject)s” — next response was due at %(due)s"
    ),
    "resolution": gettext_lazy(
        "SLA breached: %(number)s “%(subject)s” — resolution was due at %(due)s"
    ),
}
BREACH_ESCALATED = {
    "first_response": gettext_lazy(
        "SLA breached: %(number)s “%(subject)s” — first response was due at %(due)s; "
        "escalated to %(team)s"
    ),
    "next_response": gettext_lazy(
        "SLA breached: %(number)s “%(subject)s” — next response was due at %(due)s; "
        "escalated to %(team)s"
    ),
    "resolution": gettext_lazy(
        "SLA breached: %(number)s “%(subject)s” — resolution was due at %(due)s; "
        "escalated to %(team)s"
    ),
}


# The kinds written by the other apps; ``by`` is who acted, ``name`` what it is about
# (a scenario's title, a consent's tool).
OTHER = {
    NotificationKind.MENTION: gettext_lazy("%(by)s mentioned you on %(number)s “%(subject)s”"),
    NotificationKind.HELP_REQUEST: gettext_lazy(
        "%(by)s asks for your help on %(number)s “%(subject)s”"
    ),
    NotificationKind.HANDOVER: gettext_lazy(
        "%(by)s handed %(number)s “%(subject)s” over to you, with a note"
    ),
    NotificationKind.COMPLAINT: gettext_lazy(
        "New complaint on %(number)s “%(subject)s”, taken by %(by)s"
    ),
    NotificationKind.CALLBACK_DUE: gettext_lazy(
        "Callback due: %(number)s “%(subject)s” at %(due)s"
    ),
    NotificationKind.PROPOSAL: gettext_lazy(
        "%(by)s proposes an improvement to the scenario “%(name)s”"
    ),
    NotificationKind.CONSENT: gettext_lazy(
        "The contact gave consent for a remote session (%(name)s) on %(number)s"
    ),
}


def describe(notification: Notification, now: datetime | None = None) -> str:
    """The sentence for ``notification``, e.g. "SLA warning: 2026-000123 “Printer …” —
    first response due at 14:30". The due time shows its date unless it is today."""
    data = notification.data if isinstance(notification.data, dict) else {}
    ticket = notification.ticket
    values = {
        "number": str(data.get("number") or (ticket.number if ticket else "") or "—"),
        "subject": Truncator(str(data.get("subject") or (ticket.subject if ticket else ""))).chars(
            SUBJECT_CHARS
        ),
        "due": _due(data.get("due_at"), now),
        "team": str(data.get("escalated_to") or ""),
    }
    values["by"] = str(data.get("by") or "")
    values["name"] = Truncator(str(data.get("name") or "")).chars(SUBJECT_CHARS)
    target = data.get("target")
    if notification.kind in OTHER:
        return OTHER[notification.kind] % values
    if notification.kind == NotificationKind.SLA_WARNING:
        if values["due"] and target in WARNING:
            return WARNING[target] % values
        return _("SLA warning: %(number)s “%(subject)s”") % values
    if notification.kind == NotificationKind.SLA_BREACH:
        if values["due"] and target in BREACH:
            return (BREACH_ESCALATED if values["team"] else BREACH)[target] % values
        if values["team"]:
            return _("SLA breached: %(number)s “%(subject)s” — escalated to %(team)s") % values
        return _("SLA breached: %(number)s “%(subject)s”") % values
    return _("Notification: %(number)s “%(subject)s”") % values


def _due(value, now: datetime | None) -> str:
    """The due time in the current time zone: ``14:30`` today, ``12 March 14:30`` otherwise."""
    if not isinstance(value, str):
        return ""
    try:
        moment = parse_datetime(value)
    except ValueError:
        return ""
    if moment is None or timezone.is_naive(moment):
        return ""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate(now or timezone.now()):
        return formats.date_format(local, "H:i")
    return formats.date_format(local, "j F H:i")
