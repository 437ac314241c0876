"""Put a ticket's clock into words: what applies, what ran, what paused, what is due.

Used by the ticket page, the queue and the API, so all three say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.accounts.models import STAFF_ROLES
from loket.sla import services
from loket.sla.clock import RUNNING, Event, Stretch, TargetClock
from loket.sla.models import NO_CONTRACT, TargetName
from loket.tickets.models import EventKind, Status, Ticket, TimelineEvent

# Colour levels of a target, from calm to alarming.
OK, WARNING, BREACHED, PAUSED, MET, MET_LATE = (
    "ok",
    "warning",
    "breached",
    "paused",
    "met",
    "met_late",
)
LEVEL_LABELS = {
    OK: gettext_lazy("on track"),
    WARNING: gettext_lazy("at risk"),
    BREACHED: gettext_lazy("breached"),
    PAUSED: gettext_lazy("paused"),
    MET: gettext_lazy("met"),
    MET_LATE: gettext_lazy("met late"),
}


def business_duration(seconds: float) -> str:
    """``2 h 10 min``, ``45 min``: business time reads best in hours and minutes."""
    minutes = int(abs(seconds) // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": minutes}


def _dt(ts: float | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC)


def level(target: TargetClock, warning_percent: int | None) -> str:
    if target.done_at is not None:
        return MET_LATE if target.breached else MET
    if target.breached:
        return BREACHED
    if not target.running:
        return PAUSED
    if warning_percent and target.elapsed >= target.target * warning_percent / 100:
        return WARNING
    return OK


@dataclass
class TargetView:
    name: str
    label: str
    cycle: int
    target_seconds: float
    elapsed_seconds: float
    remaining_seconds: float
    due_at: datetime | None
    warn_at: datetime | None
    done_at: datetime | None
    level: str
    breached: bool
    running: bool

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS[self.level])

    @property
    def summary(self) -> str:
        """One line a service-desk manager can check by hand."""
        target = business_duration(self.target_seconds)
        if self.level == MET:
            return _("Met: %(used)s of %(target)s used, %(left)s to spare.") % {
                "used": business_duration(self.elapsed_seconds),
                "target": target,
                "left": business_duration(self.remaining_seconds),
            }
        if self.level == MET_LATE:
            return _("Missed by %(late)s (target %(target)s).") % {
                "late": business_duration(-self.remaining_seconds),
                "target": target,
            }
        if self.level == BREACHED:
            return _("Overdue by %(late)s (target %(target)s).") % {
                "late": business_duration(-self.remaining_seconds),
                "target": target,
            }
        if self.level == PAUSED:
            return _("Paused with %(left)s left of %(target)s.") % {
                "left": business_duration(self.remaining_seconds),
                "target": target,
            }
        return _("%(left)s left of %(target)s.") % {
            "left": business_duration(self.remaining_seconds),
            "target": target,
        }


@dataclass
class StretchView:
    start: datetime
    end: datetime | None
    state: str
    business_seconds: float

    @property
    def running(self) -> bool:
        return self.state == RUNNING

    @property
    def sentence(self) -> str:
        took = business_duration(self.business_seconds)
        if self.state == RUNNING:
            return _("Running %(time)s") % {"time": took}
        if self.state in (Status.RESOLVED, Status.CLOSED):
            return _("Stopped: %(status)s") % {"status": Status(self.state).label.lower()}
        return _("Paused %(time)s while “%(status)s”") % {
            "time": took,
            "status": Status(self.state).label.lower(),
        }


@dataclass
class Explanation:
    policy: str
    calendar: str
    priority: str
    service_level: str
    paused: bool
    stopped: bool
    breached: bool
    warning_percent: int | None
    targets: list[TargetView] = field(default_factory=list)
    stretches: list[StretchView] = field(default_factory=list)
    priority_changes: list[dict] = field(default_factory=list)

    @property
    def current(self) -> TargetView | None:
        """The target to show first: the most urgent open one, else the resolution."""
        open_ = [t for t in self.targets if t.done_at is None]
        if open_:
            return min(open_, key=lambda t: t.remaining_seconds)
        return self.targets[-1] if self.targets else None

    @property
    def paused_seconds(self) -> float:
        return sum(s.business_seconds for s in self.stretches if not s.running)


def target_views(tc: services.TicketClock) -> list[TargetView]:
    out = []
    for t in tc.clock.targets:
        out.append(
            TargetView(
                name=t.name,
                label=str(TargetName(t.name).label),
                cycle=t.cycle,
                target_seconds=t.target,
                elapsed_seconds=t.elapsed,
                remaining_seconds=t.remaining,
                due_at=_dt(t.due_at),
                warn_at=_dt(t.warn_at),
                done_at=_dt(t.done_at),
                level=level(t, tc.policy.warning_percent),
                breached=t.breached,
                running=t.running,
            )
        )
    return out


def _stretch(s: Stretch) -> StretchView:
    return StretchView(
        start=_dt(s.start) or timezone.now(),
        end=None if s.end == float("inf") else _dt(s.end),
        state=s.state,
        business_seconds=s.business,
    )


def _clock_events(timeline: list[TimelineEvent]) -> list[Event]:
    """The clock's view of timeline events already loaded (with their authors)."""
    kinds = set(services.CLOCK_EVENT_KINDS)
    out = []
    for e in sorted(timeline, key=lambda e: (e.created_at, e.pk)):
        if e.kind not in kinds:
            continue
        value = e.data.get("new") if e.kind == EventKind.STATUS else e.data.get("channel")
        staff = e.author is not None and e.author.role in STAFF_ROLES
        out.append(Event(e.created_at.timestamp(), e.kind, staff, value, e.is_public))
    return out


def explain(
    ticket: Ticket,
    now: datetime | None = None,
    timeline: list[TimelineEvent] | None = None,
) -> Explanation | None:
    """The full explanation of one ticket's clock; None when no SLA applies.

    ``timeline``: the ticket's events with their authors, when the caller has them
    loaded already (the ticket page), to spare reading them twice."""
    now = now or timezone.now()
    events = {ticket.pk: _clock_events(timeline)} if timeline is not None else None
    tc = services.clocks_for([ticket], now, events=events)[ticket.pk]
    if tc is None:
        return None
    level = tc.service_level
    if level is None:
        levels = services.service_levels([ticket.organisation_id], timezone.localdate(now))
        level = levels.get(ticket.organisation_id or 0, NO_CONTRACT)
    if timeline is None:
        timeline = list(
            ticket.events.filter(kind=EventKind.FIELD, data__field="priority").order_by(
                "created_at", "id"
            )
        )
    changes = [
        {"at": e.created_at, "old": e.data.get("old"), "new": e.data.get("new")}
        for e in sorted(timeline, key=lambda e: (e.created_at, e.pk))
        if e.kind == EventKind.FIELD and e.data.get("field") == "priority"
    ]
    return Explanation(
        policy=tc.policy.name,
        calendar=tc.policy.calendar_name,
        priority=ticket.priority,
        service_level=level,
        paused=tc.clock.paused,
        stopped=tc.clock.stopped,
        breached=tc.clock.breached,
        warning_percent=tc.policy.warning_percent,
        targets=target_views(tc),
        stretches=[_stretch(s) for s in tc.clock.stretches],
        priority_changes=changes,
    )


def summaries(tickets: list[Ticket], now: datetime | None = None) -> dict[int, TargetView | None]:
    """For a page of tickets (queues, API lists): each one's most urgent target, computed
    from the timeline in one query."""
    now = now or timezone.now()
    clocks = services.clocks_for(tickets, now)
    out: dict[int, TargetView | None] = {}
    for pk, tc in clocks.items():
        if tc is None:
            out[pk] = None
            continue
        views = target_views(tc)
        open_ = [t for t in views if t.done_at is None]
        out[pk] = min(open_, key=lambda t: t.remaining_seconds) if open_ else None
    return out
