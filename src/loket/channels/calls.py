"""What Loket does with the calls the telephone system reports: the answering agent's
screen-pop, the link between a call and the ticket written for it, and the call metrics.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import User
from loket.channels import access
from loket.channels.models import Call, CallDirection, CallState, Cause
from loket.core.errors import TransitionNotAllowed
from loket.sla.reports import desk_time_zone
from loket.tickets.models import Ticket

# A call answered longer ago than this no longer pops: the agent has moved on.
POP_WINDOW = timedelta(minutes=2)
# Time after the hang-up spent on the ticket counts as wrap-up up to this much.
MAX_WRAP_UP_SECONDS = 30 * 60


# --- screen-pop ------------------------------------------------------------------------


def pending_pop(user: User, *, now: datetime | None = None) -> Call | None:
    """The incoming call ``user`` answered in the last two minutes and has not been shown
    yet (the newest one), or None. Only the answering agent's own calls pop."""
    if not access.can_see_calls(user):
        return None
    now = now or timezone.now()
    return (
        Call.objects.filter(
            agent=user,
            direction=CallDirection.IN,
            blocked=False,
            popped_at__isnull=True,
            answered_at__isnull=False,
            answered_at__gte=now - POP_WINDOW,
        )
        .select_related("contact")
        .order_by("-answered_at", "-id")
        .first()
    )


def mark_popped(call: Call, now: datetime | None = None) -> bool:
    """Record that the agent was shown ``call``. True for the one request that did so
    (two open tabs polling at once pop it once)."""
    now = now or timezone.now()
    shown = Call.objects.filter(pk=call.pk, popped_at__isnull=True).update(popped_at=now)
    if shown:
        call.popped_at = now
    return bool(shown)


# --- the ticket for a call -------------------------------------------------------------


MAX_LOGGED_CALL = timedelta(hours=23)


@transaction.atomic
def link_ticket(
    call: Call, ticket: Ticket, *, acting_user: User, now: datetime | None = None
) -> Call:
    """Link ``call`` to the ticket written for it. When the call has ended, the time from
    the hang-up until now is the agent's wrap-up (at most 30 minutes). Only the call's
    agent, supervisors and admins may; a call is linked to one ticket (409 otherwise)."""
    if not access.can_link_call(acting_user, call):
        raise PermissionDenied
    now = now or timezone.now()
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if locked.ticket_id == ticket.pk:
        return locked
    if locked.ticket_id is not None:
        raise TransitionNotAllowed(
            _("This call is already linked to another ticket."), code="call_already_linked"
        )
    locked.ticket = ticket
    changed = ["ticket"]
    if locked.ended_at is not None:
        seconds = int((now - locked.ended_at).total_seconds())
        locked.wrap_up_seconds = min(max(seconds, 0), MAX_WRAP_UP_SECONDS)
        changed.append("wrap_up_seconds")
    locked.save(update_fields=changed)
    call.ticket, call.wrap_up_seconds = locked.ticket, locked.wrap_up_seconds
    return locked


def call_log(call: Call, *, now: datetime | None = None):
    """The timing to log on the ticket written for ``call``: the telephone system's ring,
    answer and hang-up times (the hang-up is now while the call goes on). None for a call
    that rang more than 23 hours ago: a ticket's call log holds at most a day, so the
    workspace's own timer is used instead."""
    from loket.tickets.services import CallLog

    now = now or timezone.now()
    if now - call.started_at >= MAX_LOGGED_CALL:
        return None
    return CallLog(
        direction=call.direction,
        started=call.started_at,
        answered=call.answered_at,
        ended=call.ended_at or now,
    )


# --- metrics ---------------------------------------------------------------------------

FIGURES = (
    "offered",
    "answered",
    "abandoned",
    "abandoned_rate",
    "average_speed_of_answer",
    "service_level",
    "average_handle_time",
)


def _aggregates(threshold: int) -> dict[str, Any]:
    offered = Q(direction=CallDirection.IN, blocked=False)
    answered = offered & Q(answered_at__isnull=False)
    abandoned = (
        offered & Q(state=CallState.ENDED, answered_at__isnull=True) & ~Q(cause=Cause.FORWARDED)
    )
    handle = Coalesce(F("talk_seconds"), 0) + Coalesce(F("wrap_up_seconds"), 0)
    return {
        "offered": Count("pk", filter=offered),
        "answered": Count("pk", filter=answered),
        "abandoned": Count("pk", filter=abandoned),
        "within": Count("pk", filter=answered & Q(wait_seconds__lte=threshold)),
        "asa": Avg("wait_seconds", filter=answered),
        "aht": Avg(handle, filter=answered),
    }


def _percent(part: int, whole: int) -> float | None:
    return None if not whole else round(100.0 * part / whole, 1)


def _seconds(value) -> float | None:
    return None if value is None else round(float(value), 1)


def _figures(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "offered": row["offered"],
        "answered": row["answered"],
        "abandoned": row["abandoned"],
        "abandoned_rate": _percent(row["abandoned"], row["offered"]),
        "average_speed_of_answer": _seconds(row["asa"]),
        "service_level": _percent(row["within"], row["offered"]),
        "average_handle_time": _seconds(row["aht"]),
    }


def metrics(calls: QuerySet[Call], *, threshold: int) -> dict[str, Any]:
    """The call-centre figures of ``calls`` (already limited to a period), for the whole
    of it and per queue, per agent and per day (in the desk's time zone). Computed by the
    database (one aggregate query per grouping).

    Only incoming calls count (outgoing ones are left out of every grouping); calls from
    blocked numbers are not offered calls.

    - **offered**: incoming calls, not blocked (ringing ones included);
    - **answered**: offered calls an agent answered;
    - **abandoned**: offered calls that ended without being answered, except those the
      telephone system forwarded (cause ``forwarded``);
    - **abandoned rate**: abandoned ÷ offered, in %;
    - **average speed of answer**: the mean waiting time of the answered calls, in seconds;
    - **service level**: the share of offered calls answered within ``threshold`` seconds,
      in % (calls still ringing or abandoned count against it);
    - **average handle time**: the mean of talking time + wrap-up time (hang-up until the
      ticket was saved, at most 30 minutes; 0 when none) over the answered calls, in seconds.

    Rates and averages are None when there is nothing to divide by.
    """
    aggregates = _aggregates(threshold)
    calls = calls.filter(direction=CallDirection.IN)
    total = calls.aggregate(**aggregates)
    by_queue = calls.values("queue").annotate(**aggregates).order_by("queue")
    by_agent = (
        calls.values("agent", "agent__username", "agent__first_name", "agent__last_name")
        .annotate(**aggregates)
        .order_by("agent__first_name", "agent__last_name", "agent__username", "agent")
    )
    by_day = (
        calls.annotate(day=TruncDate("started_at", tzinfo=desk_time_zone()))
        .values("day")
        .annotate(**aggregates)
        .order_by("day")
    )
    return {
        "threshold": threshold,
        "total": _figures(total),
        "by_queue": [{"queue": row["queue"], **_figures(row)} for row in by_queue],
        "by_agent": [
            {"agent": row["agent"], "name": _agent_name(row), **_figures(row)} for row in by_agent
        ],
        "by_day": [{"day": row["day"], **_figures(row)} for row in by_day],
    }


def _agent_name(row: Mapping[str, Any]) -> str:
    if row["agent"] is None:
        return ""
    full = f"{row['agent__first_name']} {row['agent__last_name']}".strip()
    return full or row["agent__username"]
