"""Load the SLA benchmark's tickets: a desk, policies, and tickets with their timelines.

Tickets come from :mod:`sla_timelines`; rows go in with COPY on PostgreSQL and
executemany on SQLite (``seed.BulkWriter``), in one transaction, with the secondary
indexes dropped during the load and re-created after it (``seed.drop_secondary_indexes``).

With ``snapshots`` every ticket's ``sla_*`` fields are computed by the engine itself
(``derive`` and ``services.snapshot``, the code ``recompute`` runs) as they stand at
``now`` on a desk whose sweep has kept up: every warning and breach that came due before
``now`` has its ``SlaAction`` row and its SLA timeline event, so each open ticket's next
check lies in the future.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import SimpleNamespace

from seed import BulkWriter, drop_secondary_indexes
from sla_timelines import DAY, Timeline, TimelineFactory

CLOCK_KINDS = frozenset({"created", "status", "reply", "call"})
LEVELS = {"P1": (1, 1), "P2": (1, 2), "P3": (2, 2), "P4": (2, 3)}
# Organisations by service level: premium ones get the 24/7 policy.
ORGANISATIONS = (["premium"] * 3) + (["standard"] * 10) + (["basic"] * 2) + ([None] * 5)


@dataclass
class Desk:
    first_team: int
    second_team: int
    staff: list[int]
    customer: int
    organisations: list[tuple[int, str | None]]  # (id, service level or None)


def setup_desk() -> Desk:
    """Two teams, 12 agents and a lead on first line, 4 specialists on second line, a
    customer user, 20 organisations (15 with a contract), and the policies: the default
    office-hours policy and a 24/7 one for premium contracts, both escalating a breach to
    second line and notifying the supervisor."""
    from loket.accounts.models import Team
    from loket.accounts.services import add_to_team, create_user
    from loket.directory.models import Contract
    from loket.directory.services import create_contact, create_organisation
    from loket.sla.models import Calendar, SlaPolicy, SlaTarget

    first = Team.objects.create(name="Eerstelijn", kind="first_line")
    second = Team.objects.create(name="Werkplek 2de lijn", kind="second_line")
    staff = []
    for i in range(12):
        agent = create_user(username=f"sla-agent{i}", role="agent", first_name=f"Agent {i}")
        add_to_team(agent, first)
        staff.append(agent.pk)
    lead = create_user(username="sla-lead", role="supervisor", first_name="Lead")
    add_to_team(lead, first, is_lead=True)
    for i in range(4):
        add_to_team(create_user(username=f"sla-specialist{i}", role="specialist"), second)
    organisations = []
    for i, level in enumerate(ORGANISATIONS):
        org = create_organisation(name=f"Organisatie {i}", email_domain=f"org{i}.example")
        if level:
            Contract.objects.create(
                organisation=org,
                name=f"{level} {i}",
                service_level=level,
                valid_from=date(2020, 1, 1),
            )
        organisations.append((org.pk, level))
    contact = create_contact(last_name="Klant", organisation=org)
    customer = create_user(username="sla-customer", role="customer", contact=contact)

    standard = SlaPolicy.objects.get(name="Standaard")
    standard.escalate_to = second
    standard.save(update_fields=["escalate_to"])
    premium = SlaPolicy.objects.create(
        name="Premium 24/7",
        position=10,
        calendar=Calendar.objects.get(always_open=True),
        service_levels=["premium"],
        escalate_to=second,
    )
    SlaTarget.objects.bulk_create(
        SlaTarget(
            policy=premium,
            priority=t.priority,
            first_response_minutes=t.first_response_minutes,
            next_response_minutes=t.next_response_minutes,
            resolution_minutes=t.resolution_minutes,
        )
        for t in standard.targets.all()
    )
    return Desk(first.pk, second.pk, staff, customer.pk, organisations)


def clock_events(t: Timeline, staff: frozenset[int]):
    """What ``load_events`` would give the engine for this timeline."""
    from loket.sla.clock import Event

    return [
        Event(
            at=at,
            kind=kind,
            staff=author in staff,
            value=data.get("new") if kind == "status" else data.get("channel"),
            public=public,
        )
        for kind, at, author, public, data in t.events
        if kind in CLOCK_KINDS
    ]


class Snapshots:
    """The engine's view of a generated ticket at ``now``: its snapshot and the actions
    a sweep that kept up would have recorded."""

    def __init__(self, desk: Desk, now: float):
        from loket.sla import services

        self.services = services
        self.cfg = services.config()
        self.staff = frozenset(desk.staff)
        self.now = now

    def of(self, t: Timeline, level: str | None):
        from loket.sla.clock import derive
        from loket.sla.models import NO_CONTRACT

        s = self.services
        ticket = SimpleNamespace(priority=t.priority, type="incident", category_id=None)
        policy = self.cfg.policy(ticket, level or NO_CONTRACT)
        rules = policy.rules(t.priority) if policy else None
        if rules is None:
            return s.snapshot(None, set()), []
        clock = derive(t.created, clock_events(t, self.staff), rules, now=self.now)
        tc = s.TicketClock(policy, clock)
        actions = []
        for target in clock.targets:  # as the sweep does: a moment that has passed
            end = min(self.now, target.done_at if target.done_at is not None else self.now)
            if policy.warning_percent and target.warn_at is not None and target.warn_at <= end:
                actions.append((target, "warning", target.warn_at))
            if target.due_at is not None and target.due_at <= end:
                actions.append((target, "breach", target.due_at))
        done = {(target.name, kind, target.cycle) for target, kind, _at in actions}
        return s.snapshot(tc, done), actions


def _dt(ts: float | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC)


class Loader:
    """Tickets, their events and SLA actions into the tables, ids from 1."""

    def __init__(self, connection, desk: Desk):
        from loket.sla.models import SlaAction
        from loket.tickets.models import Ticket, TimelineEvent

        self.desk = desk
        self.tickets = BulkWriter(connection, Ticket)
        self.events = BulkWriter(connection, TimelineEvent, parent=self.tickets)
        self.actions = BulkWriter(connection, SlaAction, parent=self.tickets)
        self.ticket_id = self.event_id = self.action_id = 0
        self.counters: dict[int, int] = {}
        self.open = 0

    def add(self, t: Timeline, organisation: int, snapshot: dict | None, actions=()) -> int:
        self.ticket_id += 1
        pk = self.ticket_id
        created = _dt(t.created)
        year = created.year
        self.counters[year] = self.counters.get(year, 0) + 1
        last = t.created
        for kind, at, author, public, data in t.events:
            self.event_id += 1
            last = at
            self.events.add(
                id=self.event_id,
                ticket_id=pk,
                kind=kind,
                author_id=author,
                body="",
                is_public=public,
                data=data,
                created_at=_dt(at),
            )
        for target, kind, moment in actions:
            self.action_id += 1
            self.actions.add(
                id=self.action_id,
                ticket_id=pk,
                target=target.name,
                kind=kind,
                cycle=target.cycle,
                due_at=_dt(moment),
                created_at=_dt(moment),
            )
            self.event_id += 1
            self.events.add(
                id=self.event_id,
                ticket_id=pk,
                kind="sla",
                data={"target": target.name, "action": kind, "cycle": target.cycle},
                created_at=_dt(moment),
            )
        impact, urgency = LEVELS[t.priority]
        fields = {
            "id": pk,
            "number": f"{year}-{self.counters[year]:07d}",
            "type": "incident",
            "channel": t.channel,
            "subject": f"SLA benchmark ticket {pk}",
            "organisation_id": organisation,
            "impact": impact,
            "urgency": urgency,
            "priority": t.priority,
            "status": t.status,
            "team_id": self.desk.first_team,
            "assignee_id": t.staff_id if t.status != "new" else None,
            "version": len(t.events),
            "created_at": created,
            "updated_at": _dt(last),
            "first_response_at": _dt(t.first_response_at),
            "resolved_at": _dt(t.resolved_at),
            "closed_at": _dt(t.closed_at),
        }
        if snapshot is not None:
            fields.update(snapshot)
            fields["sla_policy_id"] = fields.pop("sla_policy")
        self.tickets.add(**fields)
        self.open += t.status not in ("resolved", "closed")
        return pk

    def flush(self) -> None:
        self.tickets.flush()
        self.events.flush()
        self.actions.flush()


def timelines(factory: TimelineFactory, n: int, open_n: int, now: float):
    """``n - open_n`` tickets of the last two years (nearly all resolved or closed), then
    ``open_n`` tickets still being worked on: most of them from the last three days, some
    older and long overdue."""
    for _ in range(n - open_n):
        yield factory.timeline(now - 730 * DAY, now - 30 * DAY)
    for _ in range(open_n):
        draw = factory.rng.random()
        oldest, newest = (3, 0) if draw < 0.6 else (10, 3) if draw < 0.9 else (30, 10)
        yield factory.timeline(now - oldest * DAY, now - newest * DAY, keep_open=True)


def seed(n: int, open_n: int, now: float, rng_seed: int, snapshots: bool, log=print) -> dict:
    """Load ``n`` tickets (``open_n`` of them open) as they stand at ``now``."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from loket.sla.models import SlaAction
    from loket.tickets.models import Ticket, TicketCounter, TimelineEvent

    if Ticket.objects.exists():
        raise SystemExit("this database already has tickets: seed an empty one")
    started = time.perf_counter()
    with transaction.atomic():
        desk = setup_desk()
        indexes = drop_secondary_indexes(connection, [Ticket, TimelineEvent, SlaAction])
        loader = Loader(connection, desk)
        engine = Snapshots(desk, now) if snapshots else None
        factory = TimelineFactory(rng_seed, now, desk.staff, desk.customer)
        orgs = desk.organisations
        for i, t in enumerate(timelines(factory, n, open_n, now)):
            org, level = orgs[factory.rng.randrange(len(orgs))]
            snapshot, actions = engine.of(t, level) if engine else (None, ())
            loader.add(t, org, snapshot, actions)
            if (i + 1) % 100_000 == 0:
                log(
                    f"  {i + 1} tickets, {loader.event_id} events ({time.perf_counter() - started:.0f} s)"
                )
        loader.flush()
        for year, last in loader.counters.items():
            TicketCounter.objects.update_or_create(year=year, defaults={"last": last})
        load_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in indexes:
                cursor.execute(sql)
            if connection.vendor == "postgresql":
                models = [Ticket, TimelineEvent, SlaAction]
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "tickets": n,
        "open": loader.open,
        "events": loader.event_id,
        "sla_actions": loader.action_id,
        "now": now,
        "seed": rng_seed,
        "load_seconds": round(load_seconds, 1),
        "seed_seconds": round(time.perf_counter() - started, 1),
        "staff": desk.staff,
        "customer": desk.customer,
    }
