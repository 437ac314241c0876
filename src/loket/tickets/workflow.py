"""The ticket status workflow: which status may follow which."""

from django.utils.translation import gettext_lazy as _

from loket.tickets.models import Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset(
        {Status.OPEN, Status.WAITING_CUSTOMER, Status.WAITING_THIRD_PARTY, Status.RESOLVED}
    ),
    Status.OPEN: frozenset({Status.WAITING_CUSTOMER, Status.WAITING_THIRD_PARTY, Status.RESOLVED}),
    Status.WAITING_CUSTOMER: frozenset({Status.OPEN, Status.WAITING_THIRD_PARTY, Status.RESOLVED}),
    Status.WAITING_THIRD_PARTY: frozenset({Status.OPEN, Status.WAITING_CUSTOMER, Status.RESOLVED}),
    # Leaving "resolved" or "closed" for "open" is a reopen.
    Status.RESOLVED: frozenset({Status.CLOSED, Status.OPEN}),
    Status.CLOSED: frozenset({Status.OPEN}),
}

# Statuses that need their own service (resolution text, reason…), not a plain status change.
DEDICATED = {
    Status.RESOLVED: _("Use “resolve” with a resolution to resolve a ticket."),
    Status.CLOSED: _("Use “close” to close a ticket."),
}


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def next_statuses(current: str) -> list[str]:
    """Statuses a plain status change may move to (resolve/close/reopen have own actions)."""
    return [
        s
        for s in Status.values
        if s in TRANSITIONS.get(current, ())
        and s not in DEDICATED
        and current
        in (Status.NEW, Status.OPEN, Status.WAITING_CUSTOMER, Status.WAITING_THIRD_PARTY)
    ]
