"""Ticket lists by SLA state, read from the snapshot on the ticket (indexed, no clocks).

The queues and the API filter with the same conditions, so "at risk" means one thing.
"""

from datetime import datetime

from django.db.models import F, Q, QuerySet

from loket.tickets.models import OPEN_STATUSES

AT_RISK = "at_risk"
BREACHED = "breached"
SLA_FILTERS = (AT_RISK, BREACHED)


def sla_filter(queryset: QuerySet, which: str, now: datetime) -> QuerySet:
    """Narrow ``queryset`` to the tickets that are at risk or breached at ``now``.

    At risk: open, running, past the warning moment and not yet due. Breached: open, and a
    target was missed or the due moment has passed (before the sweep has recorded it).
    Resolved and closed tickets are in neither: the SLA report covers them.
    """
    if which == AT_RISK:
        return queryset.filter(
            status__in=OPEN_STATUSES,
            sla_paused=False,
            sla_breached=False,
            sla_warn_at__lte=now,
            sla_due_at__gt=now,
        )
    if which == BREACHED:
        return queryset.filter(
            Q(sla_breached=True) | Q(sla_due_at__lt=now), status__in=OPEN_STATUSES
        )
    raise ValueError(f"Unknown SLA filter {which!r}; use one of {', '.join(SLA_FILTERS)}")


def due_first() -> tuple:
    """Order by the next SLA due moment, tickets without one last, then the oldest."""
    return (F("sla_due_at").asc(nulls_last=True), "created_at", "id")
