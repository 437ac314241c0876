"""Remote-session use cases: asking consent, recording it, logging sessions under it.

Rules:
- consent comes from the ticket's contact, for one tool, either verbally (the agent
  confirms the text, shown in the contact's language, was read to them) or by a click on
  a one-time link sent to the contact's primary e-mail address (valid
  ``LOKET_CONSENT_LINK_MINUTES``, default 15 minutes);
- a given consent is valid ``LOKET_CONSENT_VALID_HOURS`` (default 8 hours) unless
  withdrawn; withdrawing ends the sessions running under it;
- a session is logged only under a valid consent for the same ticket and tool, one
  running session per consent;
- consent is asked, and a session started, only on an open ticket (409
  ``ticket_not_open`` otherwise); withdrawing a consent and ending a running session
  stay possible whatever the ticket's status.

Every step writes an internal REMOTE timeline event on the ticket and an append-only
:class:`~loket.remote.models.ConsentAuditEntry`. Consent by link (the mail, the one-time
token, the contact's answer) is in :mod:`loket.remote.links`; the checks both use are
here (``require_contact``, ``require_open``, ``check_tool``, ``check_no_valid_consent``,
``digest``).
"""

import hashlib
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import User
from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.remote import records, wording
from loket.remote.models import (
    AuditAction,
    Consent,
    ConsentMethod,
    ConsentState,
    EndReason,
    RemoteSession,
    RemoteTool,
)
from loket.remote.wording import link_minutes, valid_hours
from loket.tickets.models import OPEN_STATUSES, Ticket

__all__ = [
    "check_no_valid_consent",
    "check_tool",
    "consent_text",
    "digest",
    "end_session",
    "expire_sessions",
    "link_minutes",
    "record_verbal_consent",
    "require_contact",
    "require_open",
    "start_session",
    "valid_consent",
    "valid_hours",
    "withdraw_consent",
]

MAX_REFERENCE = 100
MAX_REASON = 500


def digest(raw: str) -> str:
    """What is stored of a link's secret."""
    return hashlib.sha256(raw.encode()).hexdigest()


def require_contact(ticket: Ticket):
    if ticket.contact_id is None:
        raise InvalidInput(
            _(
                "This ticket has no contact: consent must come from the person whose "
                "computer it is."
            ),
            code="contact_required",
        )
    return ticket.contact


def consent_text(ticket: Ticket, tool: RemoteTool, *, agent: User | None) -> tuple[str, str]:
    """The consent wording for ``ticket``'s contact, in the contact's language, and that
    language. InvalidInput ``contact_required`` when the ticket has no contact."""
    contact = require_contact(ticket)
    language = wording.contact_language(contact)
    return wording.render_consent_text(ticket, tool, agent=agent, language=language), language


def require_open(ticket: Ticket) -> None:
    """Lock the ticket's row and refuse when it is resolved or closed (as it is now in
    the database, not as the caller read it): a remote session belongs to work on the
    ticket. The lock also serialises the consent checks of two clicks on one ticket."""
    status = (
        Ticket.objects.select_for_update(of=("self",))
        .filter(pk=ticket.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status not in OPEN_STATUSES:
        raise TransitionNotAllowed(
            _("This ticket is resolved or closed: reopen it before a remote session."),
            code="ticket_not_open",
        )


def check_tool(tool: RemoteTool) -> None:
    if not tool.is_active:
        raise InvalidInput(_("This remote tool is no longer in use."), code="tool_inactive")


def check_no_valid_consent(ticket: Ticket, tool: RemoteTool, now: datetime) -> None:
    if valid_consent(ticket, tool, now=now) is not None:
        raise InvalidInput(
            _("The contact already gave consent for %(tool)s on this ticket.")
            % {"tool": tool.name},
            code="consent_exists",
        )


def valid_consent(ticket: Ticket, tool: RemoteTool, now: datetime | None = None) -> Consent | None:
    """The most recent consent for ``tool`` on ``ticket`` that is valid at ``now``."""
    now = now or timezone.now()
    return (
        Consent.objects.select_related("tool")
        .filter(
            ticket=ticket,
            tool=tool,
            given_at__isnull=False,
            withdrawn_at__isnull=True,
            refused_at__isnull=True,
            valid_until__gt=now,
        )
        .order_by("-given_at", "-id")
        .first()
    )


@transaction.atomic
def record_verbal_consent(
    ticket: Ticket,
    *,
    tool: RemoteTool,
    acting_user: User,
    text_read_confirmed: bool,
    now: datetime | None = None,
) -> Consent:
    """Record that the contact agreed on the phone after ``acting_user`` read them the
    consent text (which is stored exactly as shown, in the contact's language)."""
    now = now or timezone.now()
    contact = require_contact(ticket)
    require_open(ticket)
    if not text_read_confirmed:
        raise InvalidInput(
            _("Read the consent text to the caller and confirm that you did."),
            code="consent_not_read",
        )
    check_tool(tool)
    check_no_valid_consent(ticket, tool, now)
    text, language = consent_text(ticket, tool, agent=acting_user)
    consent = Consent.objects.create(
        ticket=ticket,
        contact=contact,
        tool=tool,
        method=ConsentMethod.VERBAL,
        text=text,
        language=language,
        requested_by=acting_user,
        requested_at=now,
        given_at=now,
        confirmed_by=acting_user,
        valid_until=now + timedelta(hours=wording.valid_hours()),
    )
    valid_until = consent.valid_until.isoformat() if consent.valid_until else ""
    records.audit(
        consent,
        AuditAction.GIVEN_VERBALLY,
        actor=acting_user,
        now=now,
        details={"tool": tool.name, "language": language, "valid_until": valid_until},
    )
    records.event(
        ticket,
        records.consent_data(consent, AuditAction.GIVEN_VERBALLY, valid_until=valid_until),
        author=acting_user,
        now=now,
    )
    return consent


def _end(
    session: RemoteSession,
    *,
    reason: str,
    acting_user: User | None,
    now: datetime,
    by_contact: bool = False,
) -> None:
    session.ended_at = now
    session.ended_by = acting_user
    session.end_reason = reason
    session.save(update_fields=["ended_at", "ended_by", "end_reason"])
    minutes = max(0, int((now - session.started_at).total_seconds() // 60))
    details = {
        "session": session.pk,
        "reference": session.reference,
        "end_reason": reason,
        "minutes": minutes,
    }
    records.audit(
        session.consent,
        AuditAction.SESSION_ENDED,
        actor=acting_user,
        by_contact=by_contact,
        now=now,
        details=details,
    )
    records.event(
        session.ticket,
        records.consent_data(session.consent, AuditAction.SESSION_ENDED, **details),
        author=acting_user,
        now=now,
    )


@transaction.atomic
def withdraw_consent(
    consent: Consent,
    *,
    acting_user: User | None = None,
    via_link_token: str | None = None,
    reason: str = "",
    ip: str | None = None,
    user_agent: str = "",
    now: datetime | None = None,
) -> Consent:
    """Withdraw a consent: by an agent (``acting_user``, e.g. the caller said so) or by
    the contact on the link's page (``via_link_token``, until the consent expires).
    Running sessions under it end with reason "consent withdrawn"."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise InvalidInput(_("The reason is longer than 500 characters."), code="too_long")
    consent = (
        Consent.objects.select_for_update(of=("self",))
        .select_related("ticket", "tool")
        .get(pk=consent.pk)
    )
    by_contact = via_link_token is not None
    if by_contact and (not via_link_token or consent.token_hash != digest(via_link_token)):
        raise InvalidInput(_("This link is not valid."), code="link_invalid")
    if not by_contact and acting_user is None:
        raise InvalidInput(_("Say who withdraws the consent."), code="actor_required")
    if consent.withdrawn_at is not None:
        raise InvalidInput(_("This consent was already withdrawn."), code="consent_withdrawn")
    state = consent.state(now)
    if state == ConsentState.EXPIRED:
        raise InvalidInput(
            _("This consent has expired; nothing is left to withdraw."), code="consent_expired"
        )
    # An agent may also cancel a link the contact has not answered yet.
    allowed = (ConsentState.VALID,) if by_contact else (ConsentState.VALID, ConsentState.PENDING)
    if state not in allowed:
        raise InvalidInput(_("There is no consent to withdraw."), code="no_consent")
    consent.withdrawn_at = now
    consent.withdrawn_by = None if by_contact else acting_user
    consent.withdrawn_via_link = by_contact
    consent.withdrawal_reason = reason
    consent.save(
        update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_via_link", "withdrawal_reason"]
    )
    actor = None if by_contact else acting_user
    records.audit(
        consent,
        AuditAction.WITHDRAWN,
        actor=actor,
        by_contact=by_contact,
        now=now,
        ip=ip if by_contact else None,
        user_agent=user_agent if by_contact else "",
        details={"reason": reason, "state_before": state},
    )
    records.event(
        consent.ticket,
        records.consent_data(consent, AuditAction.WITHDRAWN, reason=reason, by_contact=by_contact),
        author=actor,
        now=now,
    )
    running = RemoteSession.objects.select_for_update(of=("self",)).select_related(
        "ticket", "consent__tool"
    )
    for session in running.filter(consent=consent, ended_at__isnull=True):
        _end(
            session,
            reason=EndReason.CONSENT_WITHDRAWN,
            acting_user=actor,
            now=now,
            by_contact=by_contact,
        )
    return consent


def _check_consent_for(ticket: Ticket, consent: Consent | None, now: datetime) -> Consent:
    if consent is None:
        raise InvalidInput(
            _("Ask the contact's consent before starting a remote session."), code="no_consent"
        )
    consent = (
        Consent.objects.select_for_update(of=("self",)).select_related("tool").get(pk=consent.pk)
    )
    if consent.ticket_id != ticket.pk:
        raise InvalidInput(_("This consent was given for another ticket."), code="no_consent")
    state = consent.state(now)
    if state == ConsentState.WITHDRAWN:
        raise InvalidInput(_("The contact withdrew this consent."), code="consent_withdrawn")
    if state == ConsentState.EXPIRED:
        raise InvalidInput(
            _("This consent has expired; ask the contact again."), code="consent_expired"
        )
    if state != ConsentState.VALID:
        raise InvalidInput(_("The contact has not given consent (yet)."), code="no_consent")
    return consent


@transaction.atomic
def start_session(
    ticket: Ticket,
    *,
    consent: Consent | None,
    reference: str,
    acting_user: User,
    tool: RemoteTool | None = None,
    now: datetime | None = None,
) -> RemoteSession:
    """Log the start of a remote session under ``consent`` with the tool's session id or
    code. Refused on a resolved or closed ticket, and without a valid consent of this
    ticket (and for ``tool``, when given)."""
    now = now or timezone.now()
    require_open(ticket)
    consent = _check_consent_for(ticket, consent, now)
    if tool is not None and tool.pk != consent.tool_id:
        raise InvalidInput(
            _("The contact consented to %(tool)s, not to another tool.")
            % {"tool": consent.tool.name},
            code="no_consent",
        )
    reference = (reference or "").strip()
    if not reference:
        raise InvalidInput(
            _("Type the session reference (the tool's session id or code)."),
            code="reference_required",
        )
    if len(reference) > MAX_REFERENCE:
        raise InvalidInput(
            _("The session reference is longer than 100 characters."), code="too_long"
        )
    if RemoteSession.objects.filter(consent=consent, ended_at__isnull=True).exists():
        raise InvalidInput(
            _("A session is already running under this consent; end it first."),
            code="session_running",
        )
    session = RemoteSession.objects.create(
        ticket=ticket,
        consent=consent,
        tool=consent.tool,
        reference=reference,
        started_by=acting_user,
        started_at=now,
    )
    details = {"session": session.pk, "reference": reference}
    records.audit(consent, AuditAction.SESSION_STARTED, actor=acting_user, now=now, details=details)
    records.event(
        ticket,
        records.consent_data(consent, AuditAction.SESSION_STARTED, **details),
        author=acting_user,
        now=now,
    )
    return session


@transaction.atomic
def end_session(
    session: RemoteSession, *, acting_user: User, now: datetime | None = None
) -> RemoteSession:
    """Log the end of a running session. When its consent ran out meanwhile, the end
    reason says so."""
    now = now or timezone.now()
    session = (
        RemoteSession.objects.select_for_update(of=("self",))
        .select_related("ticket", "consent__tool")
        .get(pk=session.pk)
    )
    if session.ended_at is not None:
        raise InvalidInput(_("This session has already ended."), code="session_ended")
    expired = session.consent.state(now) == ConsentState.EXPIRED
    reason = EndReason.EXPIRED if expired else EndReason.ENDED
    _end(session, reason=reason, acting_user=acting_user, now=now)
    return session


@transaction.atomic
def expire_sessions(now: datetime | None = None) -> int:
    """End the sessions still running after their consent expired (for the worker);
    returns how many."""
    now = now or timezone.now()
    running = (
        RemoteSession.objects.select_for_update(of=("self",))
        .select_related("ticket", "consent__tool")
        .filter(ended_at__isnull=True, consent__valid_until__lte=now)
        .order_by("pk")
    )
    count = 0
    for session in running:
        _end(session, reason=EndReason.EXPIRED, acting_user=None, now=now)
        count += 1
    return count
