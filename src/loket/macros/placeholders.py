"""The placeholders of canned-answer texts: which exist, checking a text, filling them in.

Placeholders are written ``{contact_name}``. Filling is a plain lookup by name (never
``str.format`` on user text, which would allow attribute and index access): an unknown or
odd ``{…}`` is left as it is, so rendering never fails. Saving refuses unknown names.
"""

import re
import zoneinfo
from datetime import datetime

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS: dict[str, object] = {
    "contact_name": _("the contact's full name"),
    "contact_first_name": _("the contact's first name"),
    "ticket_number": _("the ticket number"),
    "ticket_subject": _("the ticket's subject"),
    "due_time": _("when the ticket is due (SLA), as a phrase: “by Monday 30 November at 14:00”"),
    "agent_name": _("your full name"),
    "agent_first_name": _("your first name"),
    "organisation": _("the contact's organisation"),
}

# Anything between braces that could be meant as a placeholder (no nesting, one line).
TOKEN = re.compile(r"\{\s*([^{}\n]{1,60}?)\s*\}")

# Phrases shown to the customer, in the customer's language whatever the interface
# language or the state of the translation catalogue: they are part of the sent text.
DUE_PHRASE = {
    "nl": "uiterlijk {day} om {time}",
    "fr": "au plus tard le {day} à {time}",
    "en": "by {day} at {time}",
}
NO_DUE = {
    "nl": "zo snel mogelijk",
    "fr": "dans les plus brefs délais",
    "en": "as soon as possible",
}
NO_NAME = {"nl": "klant", "fr": "Madame, Monsieur", "en": "customer"}


def unknown_placeholders(text: str) -> list[str]:
    """The ``{names}`` in ``text`` that are not placeholders, in order of appearance."""
    seen: dict[str, None] = {}
    for match in TOKEN.finditer(text or ""):
        name = match.group(1)
        if name not in PLACEHOLDERS:
            seen.setdefault(name, None)
    return list(seen)


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each known placeholder replaced by its value; the rest untouched."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        value = values.get(name)
        return match.group(0) if value is None else value

    return TOKEN.sub(replace, text or "")


def due_phrase(due: datetime | None, language: str) -> str:
    """When the ticket is due, as a phrase in ``language`` in the desk's time zone."""
    if due is None:
        return NO_DUE.get(language, NO_DUE["en"])
    local = due.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    with translation.override(language):
        day = formats.date_format(local, "l j F")
        time = formats.time_format(local, "H:i")
    return DUE_PHRASE.get(language, DUE_PHRASE["en"]).format(day=day, time=time)


def values_for(ticket, acting_user, language: str) -> dict[str, str]:
    """The placeholder values for ``ticket`` written by ``acting_user`` in ``language``."""
    contact = ticket.contact
    anonymous = NO_NAME.get(language, NO_NAME["en"])
    full = contact.full_name if contact is not None else ""
    first = (contact.first_name if contact is not None else "") or full
    organisation = ticket.organisation or (contact.organisation if contact else None)
    agent = ""
    agent_first = ""
    if acting_user is not None:
        agent = acting_user.get_full_name() or acting_user.username
        agent_first = acting_user.first_name or agent
    return {
        "contact_name": full or anonymous,
        "contact_first_name": first or anonymous,
        "ticket_number": ticket.number,
        "ticket_subject": ticket.subject,
        "due_time": due_phrase(ticket.sla_due_at if ticket.is_open else None, language),
        "agent_name": agent,
        "agent_first_name": agent_first,
        "organisation": organisation.name if organisation is not None else "",
    }


def sample_values(language: str) -> dict[str, str]:
    """Values for a preview without a ticket."""
    from datetime import timedelta

    from django.utils import timezone

    return {
        "contact_name": "Chris Claes",
        "contact_first_name": "Chris",
        "ticket_number": "2026-000123",
        "ticket_subject": "Printer prints blank pages",
        "due_time": due_phrase(timezone.now() + timedelta(days=1), language),
        "agent_name": "Anna Peeters",
        "agent_first_name": "Anna",
        "organisation": "Acme Logistics",
    }
