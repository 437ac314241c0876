"""The words of a consent: the text read aloud or shown to the contact, and the e-mail
with the link, always in the contact's language (nl, fr or en)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from loket.accounts.models import User
from loket.remote.models import RemoteTool
from loket.tickets.models import Ticket

LANGUAGES = ("nl", "fr", "en")


def link_minutes() -> int:
    """How long a consent link works (setting ``LOKET_CONSENT_LINK_MINUTES``)."""
    return int(getattr(settings, "LOKET_CONSENT_LINK_MINUTES", 15))


def valid_hours() -> int:
    """How long a given consent lasts (setting ``LOKET_CONSENT_VALID_HOURS``)."""
    return int(getattr(settings, "LOKET_CONSENT_VALID_HOURS", 8))


def contact_language(contact) -> str:
    language = (getattr(contact, "language", "") or "")[:2]
    return language if language in LANGUAGES else "nl"


def _agent_name(agent: User | None) -> str:
    if agent is None:
        return _("the service desk")
    return agent.get_full_name() or agent.get_username()


def render_consent_text(
    ticket: Ticket, tool: RemoteTool, *, agent: User | None, language: str
) -> str:
    """The consent wording in ``language`` (nl, fr or en)."""
    with translation.override(language if language in LANGUAGES else "nl"):
        return _(
            "Permission for a remote session\n\n"
            "To help you with ticket %(number)s, %(agent)s of the service desk asks your "
            "permission to connect to your computer with %(tool)s.\n\n"
            "During the session %(agent)s can see your screen and can use your mouse and "
            "keyboard, only to solve this problem. You see everything that happens on your "
            "screen.\n\n"
            "You can stop the session at any time: close %(tool)s or tell us. This permission "
            "is for this ticket only, lasts at most %(hours)s hours and you can withdraw it "
            "at any time.\n\n"
            "Do you agree?"
        ) % {
            "number": ticket.number,
            "agent": _agent_name(agent),
            "tool": tool.name,
            "hours": valid_hours(),
        }


def link_mail(ticket: Ticket, contact, text: str, language: str, url: str) -> tuple[str, str]:
    with translation.override(language):
        subject = _("Permission for a remote session (ticket %(number)s)") % {
            "number": ticket.number
        }
        body = _(
            "Hello %(name)s,\n\n%(text)s\n\n"
            "Open this link to answer; it works once, for %(minutes)s minutes:\n%(url)s\n\n"
            "If you did not expect this message, do not open the link and tell the service "
            "desk."
        ) % {
            "name": contact.first_name or contact.full_name,
            "text": text,
            "minutes": link_minutes(),
            "url": url,
        }
    return subject, body
