"""What the worker runs every round for planning: recurring tasks, due callbacks, and
remote sessions whose consent has expired."""

from datetime import datetime

from django.utils import timezone


def run(now: datetime | None = None) -> dict[str, int]:
    """Create the tickets of due recurring-task occurrences, remind due callbacks and end
    remote sessions whose consent expired."""
    from loket.planning.recurring import create_due_occurrences
    from loket.planning.services import notify_due_callbacks
    from loket.remote.services import expire_sessions

    now = now or timezone.now()
    return {
        "recurring_tickets": create_due_occurrences(now=now),
        "callbacks_due": notify_due_callbacks(now=now),
        "remote_sessions_expired": expire_sessions(now=now),
    }
