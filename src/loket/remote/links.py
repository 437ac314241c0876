"""Consent by link: the agent has a one-time link e-mailed to the ticket's contact, who
agrees or declines on the page it opens (no login). The link works once, for
``LOKET_CONSENT_LINK_MINUTES`` minutes (default 15); at most ``LINKS_PER_HOUR`` links
per ticket per hour; only the SHA-256 hash of its secret is stored. The contact may
withdraw on the same page (:func:`loket.remote.services.withdraw_consent`).
"""

import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import User
from loket.core.errors import InvalidInput
from loket.remote import records, wording
from loket.remote.models import AuditAction, Consent, ConsentMethod, RemoteTool
from loket.remote.services import (
    check_no_valid_consent,
    check_tool,
    consent_text,
    digest,
    require_contact,
    require_open,
)
from loket.tickets.models import Ticket

logger = logging.getLogger(__name__)

LINKS_PER_HOUR = 3


class TooManyLinks(InvalidInput):
    """Too many consent links were sent for this ticket in the last hour."""

    code = "too_many_links"
    status = 429


def _primary_address(contact) -> str:
    email = contact.emails.order_by("-is_primary", "id").first()
    return email.address if email is not None else ""


def consent_url(raw: str) -> str:
    """The absolute address of the contact's consent page for token ``raw``."""
    return settings.SITE_URL + reverse("remote:consent", args=[raw])


@transaction.atomic
def send_consent_link(
    ticket: Ticket, *, tool: RemoteTool, acting_user: User, now: datetime | None = None
) -> Consent:
    """E-mail the contact a one-time link to agree (or not) to a remote session with
    ``tool``. At most ``LINKS_PER_HOUR`` per ticket per hour."""
    consent, raw, address = _issue_link(ticket, tool=tool, acting_user=acting_user, now=now)
    subject, body = wording.link_mail(
        ticket, consent.contact, consent.text, consent.language, consent_url(raw)
    )
    transaction.on_commit(lambda: _send(subject, body, address))
    return consent


@transaction.atomic
def issue_consent_link(
    ticket: Ticket, *, tool: RemoteTool, acting_user: User, now: datetime | None = None
) -> tuple[Consent, str]:
    """Like :func:`send_consent_link` but without sending anything: the consent and the
    link's secret, for a channel that delivers it otherwise (and the demo)."""
    consent, raw, _address = _issue_link(ticket, tool=tool, acting_user=acting_user, now=now)
    return consent, raw


def _issue_link(
    ticket: Ticket, *, tool: RemoteTool, acting_user: User, now: datetime | None
) -> tuple[Consent, str, str]:
    now = now or timezone.now()
    contact = require_contact(ticket)
    # The lock also keeps two clicks from both passing the hourly limit below.
    require_open(ticket)
    check_tool(tool)
    address = _primary_address(contact)
    if not address:
        raise InvalidInput(
            _("The contact has no e-mail address: ask for consent on the phone."),
            code="email_required",
        )
    check_no_valid_consent(ticket, tool, now)
    sent = Consent.objects.filter(
        ticket=ticket, method=ConsentMethod.LINK, requested_at__gt=now - timedelta(hours=1)
    ).count()
    if sent >= LINKS_PER_HOUR:
        raise TooManyLinks(
            _("Already %(count)s consent links were sent for this ticket in the last hour.")
            % {"count": sent}
        )
    text, language = consent_text(ticket, tool, agent=acting_user)
    raw = secrets.token_urlsafe(32)
    consent = Consent.objects.create(
        ticket=ticket,
        contact=contact,
        tool=tool,
        method=ConsentMethod.LINK,
        text=text,
        language=language,
        requested_by=acting_user,
        requested_at=now,
        token_hash=digest(raw),
        link_expires_at=now + timedelta(minutes=wording.link_minutes()),
    )
    expires = consent.link_expires_at.isoformat() if consent.link_expires_at else ""
    records.audit(
        consent,
        AuditAction.LINK_SENT,
        actor=acting_user,
        now=now,
        details={"tool": tool.name, "language": language, "link_expires_at": expires},
    )
    records.event(
        ticket,
        records.consent_data(consent, AuditAction.LINK_SENT, link_expires_at=expires),
        author=acting_user,
        now=now,
    )
    return consent, raw, address


def _send(subject: str, body: str, address: str) -> None:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except OSError:  # the mail server is down: the agent sees no answer and asks by phone
        logger.exception("Could not send a remote-session consent link")


def consent_for_token(raw: str, *, lock: bool = False) -> Consent | None:
    """The consent a link token belongs to, or None (the token is never stored)."""
    if not raw or len(raw) > 100:
        return None
    consents = Consent.objects.select_related("ticket", "contact", "tool", "requested_by")
    if lock:
        consents = consents.select_for_update(of=("self",))
    return consents.filter(token_hash=digest(raw)).first()


def _answerable(raw: str, now: datetime) -> Consent:
    consent = consent_for_token(raw, lock=True)
    if consent is None:
        raise InvalidInput(_("This link is not valid."), code="link_invalid")
    if consent.given_at is not None or consent.refused_at is not None:
        raise InvalidInput(_("This link was already used."), code="link_used")
    if consent.withdrawn_at is not None:
        raise InvalidInput(_("This request was withdrawn."), code="link_used")
    if consent.link_expires_at is None or consent.link_expires_at <= now:
        raise InvalidInput(_("This link has expired."), code="link_expired")
    return consent


def _contact_language(consent: Consent, language: str | None) -> tuple[str, str]:
    """The text and language the contact answered to: the one sent, or the same wording
    in the language they switched the page to."""
    if language in wording.LANGUAGES and language != consent.language:
        text = wording.render_consent_text(
            consent.ticket, consent.tool, agent=consent.requested_by, language=language
        )
        return text, language
    return consent.text, consent.language


@transaction.atomic
def give_consent_by_link(
    token: str,
    *,
    ip: str | None,
    user_agent: str,
    language: str | None = None,
    now: datetime | None = None,
) -> Consent:
    """The contact agrees by clicking "I agree" on the page the link opens. The link
    works once; the requesting agent is notified. ``language`` is the page's language
    when the contact switched it (the text they agreed to is stored)."""
    now = now or timezone.now()
    consent = _answerable(token, now)
    consent.text, consent.language = _contact_language(consent, language)
    consent.given_at = now
    consent.valid_until = now + timedelta(hours=wording.valid_hours())
    consent.save(update_fields=["text", "language", "given_at", "valid_until"])
    valid_until = consent.valid_until.isoformat()
    records.audit(
        consent,
        AuditAction.GIVEN_BY_LINK,
        actor=None,
        by_contact=True,
        now=now,
        ip=ip,
        user_agent=user_agent,
        details={"language": consent.language, "valid_until": valid_until},
    )
    records.event(
        consent.ticket,
        records.consent_data(
            consent, AuditAction.GIVEN_BY_LINK, by_contact=True, valid_until=valid_until
        ),
        author=None,
        now=now,
    )
    _notify_agent(consent)
    return consent


def _notify_agent(consent: Consent) -> None:
    if consent.requested_by is None:
        return
    from loket.notifications.models import NotificationKind
    from loket.notifications.services import notify

    ticket = consent.ticket
    notify(
        [consent.requested_by],
        kind=NotificationKind.CONSENT,
        ticket=ticket,
        data={
            "number": ticket.number,
            "subject": ticket.subject,
            "by": ticket.contact.first_name if ticket.contact else "",
            "name": consent.tool.name,
        },
    )


@transaction.atomic
def refuse_consent_by_link(
    token: str,
    *,
    ip: str | None,
    user_agent: str,
    language: str | None = None,
    now: datetime | None = None,
) -> Consent:
    """The contact clicks "I do not agree": the link is used up and no session may start."""
    now = now or timezone.now()
    consent = _answerable(token, now)
    consent.text, consent.language = _contact_language(consent, language)
    consent.refused_at = now
    consent.save(update_fields=["text", "language", "refused_at"])
    records.audit(
        consent,
        AuditAction.REFUSED_BY_LINK,
        actor=None,
        by_contact=True,
        now=now,
        ip=ip,
        user_agent=user_agent,
        details={"language": consent.language},
    )
    records.event(
        consent.ticket,
        records.consent_data(consent, AuditAction.REFUSED_BY_LINK, by_contact=True),
        author=None,
        now=now,
    )
    return consent
