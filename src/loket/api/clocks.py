"""The SLA clock in API answers: on every ticket, and explained in full.

A page of tickets gets its clocks in one go (one query for all their timelines), attached
to each ticket before the answer is serialised. Customers see the promise made to them —
targets, due times, met or missed — but not the desk's internal warning moments; the full
explanation is for staff.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from loket.accounts.models import User
from loket.sla import explain, services
from loket.sla.access import can_see_sla_detail
from loket.tickets.models import Ticket

ATTRIBUTE = "_api_sla"  # where a computed clock waits on the ticket for serialisation


def _seconds(value: float) -> int:
    return math.floor(value)


def target_out(view: explain.TargetView, *, detail: bool) -> dict[str, Any]:
    state = view.level
    if not detail and state == explain.WARNING:
        state = explain.OK
    elapsed = _seconds(view.elapsed_seconds)
    return {
        "name": view.name,
        "label": view.label,
        "cycle": view.cycle,
        "target_minutes": round(view.target_seconds / 60),
        "elapsed_seconds": elapsed,
        "remaining_seconds": round(view.target_seconds) - elapsed,
        "due_at": view.due_at,
        "warn_at": view.warn_at if detail else None,
        "met_at": view.done_at,
        "state": state,
        "breached": view.breached,
    }


def _soonest_due(views: Iterable[explain.TargetView]) -> datetime | None:
    due = [v.due_at for v in views if v.running and v.due_at is not None]
    return min(due) if due else None


def sla_out(tc: services.TicketClock | None, *, detail: bool) -> dict[str, Any] | None:
    if tc is None:
        return None
    views = explain.target_views(tc)
    return {
        "policy": tc.policy.name,
        "calendar": tc.policy.calendar_name,
        "paused": tc.clock.paused,
        "stopped": tc.clock.stopped,
        "breached": tc.clock.breached,
        "due_at": _soonest_due(views),
        "targets": [target_out(view, detail=detail) for view in views],
    }


def attach_clocks(tickets: list[Ticket], user: User, now: datetime | None = None) -> list[Ticket]:
    """Compute the clocks of ``tickets`` together and keep each on its ticket."""
    clocks = services.clocks_for(tickets, now or timezone.now())
    detail = can_see_sla_detail(user)
    for ticket in tickets:
        setattr(ticket, ATTRIBUTE, sla_out(clocks.get(ticket.pk), detail=detail))
    return tickets


def sla_of(ticket: Ticket, request: HttpRequest | None) -> dict[str, Any] | None:
    """The clock to serialise with ``ticket``: attached by the handler, or computed now for
    a single ticket (lists always attach, so a page never computes row by row)."""
    if not hasattr(ticket, ATTRIBUTE):
        user = getattr(request, "auth", None)
        clock = services.clock_for(ticket, timezone.now())
        setattr(ticket, ATTRIBUTE, sla_out(clock, detail=can_see_sla_detail(user)))
    return getattr(ticket, ATTRIBUTE)


# -- the explanation ----------------------------------------------------------------


def _moment(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "j M Y H:i")


def sentences(explanation: explain.Explanation) -> list[str]:
    """The explanation as a service-desk manager would read it, in the active language."""
    lines = [
        _("Policy “%(policy)s” on calendar “%(calendar)s”, priority %(priority)s.")
        % {
            "policy": explanation.policy,
            "calendar": explanation.calendar,
            "priority": explanation.priority,
        }
    ]
    for view in explanation.targets:
        lines.append(_("%(target)s: %(summary)s") % {"target": view.label, "summary": view.summary})
    for stretch in explanation.stretches:
        lines.append(
            _("From %(start)s: %(what)s.")
            % {"start": _moment(stretch.start), "what": stretch.sentence}
        )
    for change in explanation.priority_changes:
        lines.append(
            _("Priority changed from %(old)s to %(new)s on %(when)s.")
            % {"old": change["old"], "new": change["new"], "when": _moment(change["at"])}
        )
    if explanation.paused_seconds:
        lines.append(
            _("Paused %(time)s in all.")
            % {"time": explain.business_duration(explanation.paused_seconds)}
        )
    return lines


def explanation_out(explanation: explain.Explanation) -> dict[str, Any]:
    return {
        "policy": explanation.policy,
        "calendar": explanation.calendar,
        "service_level": explanation.service_level,
        "priority": explanation.priority,
        "paused": explanation.paused,
        "stopped": explanation.stopped,
        "breached": explanation.breached,
        "warning_percent": explanation.warning_percent,
        "due_at": _soonest_due(explanation.targets),
        "paused_seconds": _seconds(explanation.paused_seconds),
        "targets": [target_out(view, detail=True) for view in explanation.targets],
        "stretches": [
            {
                "start": stretch.start,
                "end": stretch.end,
                "state": stretch.state,
                "business_seconds": _seconds(stretch.business_seconds),
                "sentence": stretch.sentence,
            }
            for stretch in explanation.stretches
        ],
        "priority_changes": explanation.priority_changes,
        "sentences": sentences(explanation),
    }
