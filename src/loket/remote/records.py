"""What every remote step leaves behind: an internal REMOTE event on the ticket's
timeline and an append-only audit entry."""

from datetime import datetime

from loket.accounts.models import User
from loket.remote.models import Consent, ConsentAuditEntry
from loket.tickets.models import EventKind, Ticket, TimelineEvent

MAX_USER_AGENT = 300


def event(ticket: Ticket, data: dict, *, author: User | None, now: datetime) -> TimelineEvent:
    return TimelineEvent.objects.create(
        ticket=ticket,
        kind=EventKind.REMOTE,
        author=author,
        is_public=False,
        data=data,
        created_at=now,
    )


def audit(
    consent: Consent,
    action: str,
    *,
    actor: User | None,
    now: datetime,
    by_contact: bool = False,
    ip: str | None = None,
    user_agent: str = "",
    details: dict | None = None,
) -> ConsentAuditEntry:
    return ConsentAuditEntry.objects.create(
        consent=consent,
        action=action,
        actor=actor,
        by_contact=by_contact,
        at=now,
        ip_address=ip or None,
        user_agent=(user_agent or "")[:MAX_USER_AGENT],
        details=details or {},
    )


def consent_data(consent: Consent, action: str, **extra) -> dict:
    return {
        "action": action,
        "consent": consent.pk,
        "tool": consent.tool.name,
        "method": consent.method,
        "language": consent.language,
        **extra,
    }
