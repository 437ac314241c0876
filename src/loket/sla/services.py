"""The SLA engine's use cases: which policy applies, a ticket's clock, and its snapshot.

The configuration (calendars, policies, targets) is compiled once per process and kept
until ``ConfigRevision`` says it changed; checking that costs one small query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from loket.accounts.models import STAFF_ROLES, User
from loket.directory.models import Contract
from loket.sla.businesstime import BusinessCalendar, CalendarSpec
from loket.sla.clock import (
    FIRST_RESPONSE,
    NEXT_RESPONSE,
    RESOLUTION,
    Clock,
    Event,
    Rules,
    TargetClock,
    derive,
)
from loket.sla.models import (
    NO_CONTRACT,
    ActionKind,
    Calendar,
    ConfigRevision,
    SlaAction,
    SlaPolicy,
)
from loket.tickets.models import Category, EventKind, Ticket, TimelineEvent

CLOCK_EVENT_KINDS = (EventKind.CREATED, EventKind.STATUS, EventKind.REPLY, EventKind.CALL)
SNAPSHOT_FIELDS = (
    "sla_policy",
    "sla_due_at",
    "sla_warn_at",
    "sla_next_check_at",
    "sla_paused",
    "sla_breached",
    "sla_first_response_met",
    "sla_resolution_met",
)


# -- configuration ----------------------------------------------------------------


@dataclass(frozen=True)
class PolicySpec:
    id: int
    name: str
    calendar: BusinessCalendar
    calendar_name: str
    service_levels: frozenset[str]
    priorities: frozenset[str]
    types: frozenset[str]
    categories: frozenset[int]  # with every subcategory
    pause_statuses: frozenset[str]
    warning_percent: int | None
    targets: dict[str, dict[str, float]]  # priority → target name → seconds
    escalate_to_id: int | None
    notify_supervisor: bool
    raise_priority: bool

    def matches(self, ticket: Ticket, service_level: str) -> bool:
        return (
            (not self.service_levels or service_level in self.service_levels)
            and (not self.priorities or ticket.priority in self.priorities)
            and (not self.types or ticket.type in self.types)
            and (not self.categories or ticket.category_id in self.categories)
        )

    def rules(self, priority: str) -> Rules | None:
        targets = self.targets.get(priority)
        if not targets:
            return None
        return Rules(
            calendar=self.calendar,
            targets=targets,
            pause_statuses=self.pause_statuses,
            warning_percent=self.warning_percent,
        )


@dataclass(frozen=True)
class Config:
    revision: int
    policies: tuple[PolicySpec, ...]

    def policy(self, ticket: Ticket, service_level: str) -> PolicySpec | None:
        for policy in self.policies:
            if policy.matches(ticket, service_level):
                return policy
        return None

    @property
    def uses_service_levels(self) -> bool:
        """Whether any policy looks at contracts (else their lookup can be skipped)."""
        return any(p.service_levels for p in self.policies)

    def by_id(self, policy_id: int | None) -> PolicySpec | None:
        return next((p for p in self.policies if p.id == policy_id), None)


def compile_calendar(calendar: Calendar) -> BusinessCalendar:
    week: dict[int, list[tuple[time, time]]] = defaultdict(list)
    for hours in calendar.hours.all():
        week[hours.weekday].append((hours.start, hours.end))
    return BusinessCalendar(
        CalendarSpec(
            time_zone=calendar.time_zone,
            week={day: tuple(sorted(v)) for day, v in week.items()},
            always_open=calendar.always_open,
            closed_dates=frozenset(c.date for c in calendar.closures.all()),
            holidays=frozenset(calendar.holidays or ()),
        )
    )


def _descendants(roots: Iterable[int], children: dict[int | None, list[int]]) -> set[int]:
    out: set[int] = set()
    todo = list(roots)
    while todo:
        node = todo.pop()
        if node not in out:
            out.add(node)
            todo.extend(children.get(node, ()))
    return out


_cache: dict[str, Config] = {}


@dataclass
class Pin:
    """What a burst of clock computations may reuse (see :func:`pinned`)."""

    config: Config | None = None
    levels: dict[date, dict[int, str | None]] = field(default_factory=dict)
    done: dict[int, set[tuple[str, str, int]]] = field(default_factory=dict)


_pin: ContextVar[Pin | None] = ContextVar("loket_sla_pin", default=None)


@contextmanager
def pinned() -> Iterator[Pin]:
    """Compute many clocks against one reading of the configuration and the contracts.

    Inside the block ``config()`` asks for the revision once, and each organisation's
    service level is read once per day. The sweep uses it: it computes a clock for every
    due ticket and, through the ticket services it calls, refreshes the snapshots of the
    tickets it escalates, all in a few seconds. A configuration change made meanwhile
    is picked up by the next sweep (and by the recompute that the change triggers).

    ``Pin.done`` may hold the recorded actions of tickets that the caller has locked and
    whose actions it wrote itself; ``refresh`` uses them instead of reading them again.
    """
    token = _pin.set(Pin())
    try:
        yield _pin.get()  # type: ignore[misc]
    finally:
        _pin.reset(token)


def current_revision() -> int:
    row = ConfigRevision.objects.filter(pk=1).values_list("value", flat=True).first()
    return row or 0


def config() -> Config:
    """The compiled calendars and active policies, in matching order."""
    pin = _pin.get()
    if pin is not None and pin.config is not None:
        return pin.config
    revision = current_revision()
    cached = _cache.get("config")
    if cached is not None and cached.revision == revision:
        if pin is not None:
            pin.config = cached
        return cached
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in Category.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    calendars = {
        c.pk: compile_calendar(c) for c in Calendar.objects.prefetch_related("hours", "closures")
    }
    names = dict(Calendar.objects.values_list("pk", "name"))
    policies = []
    for policy in SlaPolicy.objects.filter(is_active=True).prefetch_related(
        "targets", "categories"
    ):
        targets: dict[str, dict[str, float]] = {}
        for t in policy.targets.all():
            minutes = {
                FIRST_RESPONSE: t.first_response_minutes,
                NEXT_RESPONSE: t.next_response_minutes,
                RESOLUTION: t.resolution_minutes,
            }
            targets[t.priority] = {k: v * 60.0 for k, v in minutes.items() if v}
        policies.append(
            PolicySpec(
                id=policy.pk,
                name=policy.name,
                calendar=calendars[policy.calendar_id],
                calendar_name=names[policy.calendar_id],
                service_levels=frozenset(policy.service_levels or ()),
                priorities=frozenset(policy.priorities or ()),
                types=frozenset(policy.types or ()),
                categories=frozenset(
                    _descendants([c.pk for c in policy.categories.all()], children)
                ),
                pause_statuses=frozenset(policy.pause_statuses or ()),
                warning_percent=policy.warning_percent,
                targets=targets,
                escalate_to_id=policy.escalate_to_id,
                notify_supervisor=policy.notify_supervisor,
                raise_priority=policy.raise_priority,
            )
        )
    compiled = Config(revision=revision, policies=tuple(policies))
    _cache["config"] = compiled
    if pin is not None:
        pin.config = compiled
    return compiled


# -- inputs: service levels and events ----------------------------------------------


def service_levels(organisation_ids: Iterable[int | None], today: date) -> dict[int, str]:
    """The service level of each organisation's contract valid on ``today``."""
    ids = {pk for pk in organisation_ids if pk}
    pin = _pin.get()
    known: dict[int, str | None] = pin.levels.setdefault(today, {}) if pin is not None else {}
    missing = ids.difference(known)
    if missing:
        contracts = (
            Contract.objects.filter(organisation_id__in=missing, valid_from__lte=today)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
            .order_by("organisation_id", "-valid_from", "-pk")
            .values_list("organisation_id", "service_level")
        )
        found: dict[int, str | None] = dict.fromkeys(missing)
        for org, level in contracts:
            if found[org] is None:
                found[org] = level
        known.update(found)
    return {pk: found_level for pk in ids if (found_level := known[pk]) is not None}


# The events query runs for every page of clocks (lists, the sweep, recompute): plain
# SQL over a plain cursor, because the ORM's per-row work cost as much as the clocks.
# On PostgreSQL the ids go as one array parameter, not one literal each, and moments
# come as epoch seconds (exactly what ``datetime.timestamp()`` gives); SQLite's come as
# the stored UTC text, read without Django's converter. Only status changes (the new
# status) and creations (the channel) need their data read.
_EVENTS_SQL = (
    "SELECT e.ticket_id, e.kind, {at}, u.role, e.is_public, "
    "CASE e.kind WHEN 'status' THEN {new} WHEN 'created' THEN {channel} END "
    "FROM {events} e LEFT OUTER JOIN {users} u ON u.id = e.author_id "
    "WHERE e.ticket_id {ids} AND e.kind IN ({kinds}) "
    "ORDER BY e.ticket_id, e.created_at, e.id"
)


def _sqlite_epoch(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def _events_query(ids: list[int]) -> tuple[str, list, Callable[[Any], float]]:
    """The query for these tickets, its parameters, and what turns a moment it returns
    into epoch seconds."""
    tables = {
        "events": connection.ops.quote_name(TimelineEvent._meta.db_table),
        "users": connection.ops.quote_name(User._meta.db_table),
        "kinds": ", ".join(f"'{kind}'" for kind in CLOCK_EVENT_KINDS),
    }
    if connection.vendor == "postgresql":
        sql = _EVENTS_SQL.format(
            at="EXTRACT(EPOCH FROM e.created_at)::float8",
            new="e.data ->> 'new'",
            channel="e.data ->> 'channel'",
            ids="= ANY(%s)",
            **tables,
        )
        return sql, [ids], float
    sql = _EVENTS_SQL.format(
        at="CAST(e.created_at AS TEXT)",
        new="json_extract(e.data, '$.new')",
        channel="json_extract(e.data, '$.channel')",
        ids=f"IN ({', '.join(['%s'] * len(ids))})",
        **tables,
    )
    return sql, ids, _sqlite_epoch


def load_events(ticket_ids: Iterable[int]) -> dict[int, list[Event]]:
    """The clock-relevant events of each ticket, oldest first, in one query."""
    out: dict[int, list[Event]] = defaultdict(list)
    ids = list(ticket_ids)
    if not ids:
        return out
    staff = STAFF_ROLES
    sql, params, epoch = _events_query(ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for ticket_id, kind, at, role, public, value in rows:
        out[ticket_id].append(Event(epoch(at), kind, role in staff, value, bool(public)))
    return out


# -- clocks ---------------------------------------------------------------------------


@dataclass
class TicketClock:
    """A ticket's clock with the policy that produced it."""

    policy: PolicySpec
    clock: Clock
    service_level: str | None = None  # None when no policy looks at contracts

    def __getattr__(self, name: str) -> Any:
        return getattr(self.clock, name)


def clocks_for(
    tickets: Iterable[Ticket], now: datetime | None = None, events: dict | None = None
) -> dict[int, TicketClock | None]:
    """The clock of each ticket (None where no policy or target applies)."""
    tickets = list(tickets)
    now = now or timezone.now()
    cfg = config()
    result: dict[int, TicketClock | None] = {t.pk: None for t in tickets}
    if not cfg.policies or not tickets:
        return result
    levels = (
        service_levels((t.organisation_id for t in tickets), timezone.localdate(now))
        if cfg.uses_service_levels
        else None
    )
    if events is None:
        events = load_events(t.pk for t in tickets)
    ts = now.timestamp()
    rules_of: dict[tuple[int, str], Rules | None] = {}
    for ticket in tickets:
        level = None if levels is None else levels.get(ticket.organisation_id or 0, NO_CONTRACT)
        policy = cfg.policy(ticket, level or NO_CONTRACT)
        if policy is None:
            continue
        key = (policy.id, ticket.priority)
        if key not in rules_of:
            rules_of[key] = policy.rules(ticket.priority)
        rules = rules_of[key]
        if rules is None:
            continue
        clock = derive(ticket.created_at.timestamp(), events.get(ticket.pk, []), rules, now=ts)
        result[ticket.pk] = TicketClock(policy, clock, level)
    return result


def clock_for(ticket: Ticket, now: datetime | None = None) -> TicketClock | None:
    return clocks_for([ticket], now)[ticket.pk]


# -- the snapshot stored on the ticket ------------------------------------------------


def _dt(ts: float | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC)


def pending_actions(
    clock: Clock, done: set[tuple[str, str, int]], with_warning: bool = True
) -> list[tuple[TargetClock, str, float]]:
    """(target, kind, moment) of every warning or breach not handled yet, soonest first.

    Only running targets count: nothing happens on a paused or resolved clock."""
    out = []
    for target in clock.targets:
        if not target.running:
            continue
        warning = (target.name, ActionKind.WARNING, target.cycle)
        if with_warning and target.warn_at is not None and warning not in done:
            out.append((target, ActionKind.WARNING.value, target.warn_at))
        breach = (target.name, ActionKind.BREACH, target.cycle)
        if target.breach_at is not None and breach not in done:
            out.append((target, ActionKind.BREACH.value, target.breach_at))
    out.sort(key=lambda item: item[2])
    return out


def snapshot(tc: TicketClock | None, done: set[tuple[str, str, int]]) -> dict[str, Any]:
    """The ``sla_*`` field values of a ticket with this clock."""
    if tc is None:
        return dict.fromkeys(SNAPSHOT_FIELDS) | {"sla_paused": False, "sla_breached": False}
    clock = tc.clock
    running = [t for t in clock.targets if t.running]
    pending = pending_actions(clock, done, with_warning=tc.policy.warning_percent is not None)
    first = clock.target(FIRST_RESPONSE)
    resolution = clock.target(RESOLUTION)
    warn = [t.warn_at for t in running if t.warn_at is not None]
    due = [t.due_at for t in running if t.due_at is not None]
    return {
        "sla_policy": tc.policy.id,
        "sla_due_at": _dt(min(due)) if due else None,
        "sla_warn_at": _dt(min(warn)) if warn else None,
        "sla_next_check_at": _dt(pending[0][2]) if pending else None,
        "sla_paused": clock.paused,
        "sla_breached": clock.breached,
        "sla_first_response_met": first.met if first else None,
        "sla_resolution_met": resolution.met if resolution else None,
    }


def done_actions(ticket_ids: Iterable[int]) -> dict[int, set[tuple[str, str, int]]]:
    out: dict[int, set[tuple[str, str, int]]] = defaultdict(set)
    for ticket_id, target, kind, cycle in SlaAction.objects.filter(
        ticket_id__in=list(ticket_ids)
    ).values_list("ticket_id", "target", "kind", "cycle"):
        out[ticket_id].add((target, kind, cycle))
    return out


def apply_snapshot(ticket: Ticket, values: dict[str, Any]) -> list[str]:
    """Set the snapshot on ``ticket``; return the names of the fields that changed."""
    changed = []
    for name, value in values.items():
        attr = "sla_policy_id" if name == "sla_policy" else name
        if getattr(ticket, attr) != value:
            setattr(ticket, attr, value)
            changed.append(name)
    return changed


def refresh(ticket: Ticket, now: datetime | None = None) -> list[str]:
    """Recompute the ticket's clock from its timeline and update its snapshot fields in
    memory; returns the fields to save. Called by every ticket service that writes."""
    tc = clocks_for([ticket], now)[ticket.pk]
    pin = _pin.get()
    if tc is None:
        done: set[tuple[str, str, int]] = set()
    elif pin is not None and ticket.pk in pin.done:
        done = pin.done[ticket.pk]
    else:
        done = done_actions([ticket.pk])[ticket.pk]
    return apply_snapshot(ticket, snapshot(tc, done))


def save_snapshots(tickets: list[Ticket]) -> None:
    """Write the snapshot fields of many tickets: one statement, run for each ticket.

    (``bulk_update`` builds a CASE expression per field and ticket; for a page of
    tickets that took longer than computing their clocks.)"""
    if not tickets:
        return
    meta = Ticket._meta
    fields = [meta.get_field(name) for name in SNAPSHOT_FIELDS]
    quote = connection.ops.quote_name
    columns = [str(f.column) for f in fields]  # type: ignore[union-attr]
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"
    rows = [
        [f.get_db_prep_save(getattr(t, f.attname), connection) for f in fields] + [t.pk]  # type: ignore[union-attr]
        for t in tickets
    ]
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def recompute(ticket_ids: Iterable[int] | None = None, now: datetime | None = None) -> int:
    """Rewrite the snapshot of open tickets (all, or those given) after a change of
    policies, calendars or contracts. Returns how many tickets changed."""
    from loket.tickets.models import OPEN_STATUSES

    queryset = Ticket.objects.filter(status__in=OPEN_STATUSES).order_by("pk")
    if ticket_ids is not None:
        queryset = queryset.filter(pk__in=list(ticket_ids))
    changed = 0
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last)[:500])
        if not batch:
            return changed
        last = batch[-1].pk
        clocks = clocks_for(batch, now)
        done = done_actions(t.pk for t in batch)
        updates = []
        for ticket in batch:
            if apply_snapshot(ticket, snapshot(clocks[ticket.pk], done[ticket.pk])):
                updates.append(ticket)
        save_snapshots(updates)
        changed += len(updates)
