"""The SLA sweep: act on warnings and breaches that came due.

Only tickets whose ``sla_next_check_at`` has passed are read (a partial index keeps
that cheap however many tickets there are). Each is locked, its clock recomputed from
the timeline, and every warning or breach due by now is recorded in ``SlaAction``
before it is acted on. The row lock (PostgreSQL: ``FOR UPDATE SKIP LOCKED``; SQLite
serialises writers) and the unique constraint on ``SlaAction`` make each action happen
once per ticket and target, however many workers sweep at the same time. A paused or
resolved clock has no pending action, so nothing happens to it.

A sweep may find a thousand tickets due at once (after a weekend, or a night of
outage), so it works per batch of tickets, not per ticket: the actions, the SLA
timeline events and the notifications of a batch are written with one statement each,
the snapshots with one, and the teams and people it notifies are read once per sweep.
Only escalations and raised priorities go through the ticket services one by one.
"""

from __future__ import annotations

import time as _time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from loket.accounts.models import Role, Team, User
from loket.notifications import services as notifications
from loket.notifications.models import Notification, NotificationKind
from loket.sla import services
from loket.sla.clock import TargetClock
from loket.sla.models import ActionKind, SlaAction, TargetName
from loket.tickets import services as tickets
from loket.tickets.models import EventKind, Priority, Ticket, TimelineEvent

Due = list[tuple[TargetClock, str, float]]


@dataclass
class SweepResult:
    checked: int = 0
    warnings: int = 0
    breaches: int = 0
    escalations: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def sweep(now: datetime | None = None, batch: int | None = None) -> SweepResult:
    """Handle every warning and breach due at ``now``; returns what was done."""
    started = _time.perf_counter()
    now = now or timezone.now()
    batch = batch or settings.SLA_SWEEP_BATCH
    result = SweepResult()
    seen: set[int] = set()
    lookups = _Lookups()
    with services.pinned() as pin:
        while True:
            ids = list(
                Ticket.objects.filter(sla_next_check_at__lte=now)
                .exclude(pk__in=seen)
                .order_by("sla_next_check_at")
                .values_list("pk", flat=True)[:batch]
            )
            if not ids:
                break
            seen.update(ids)
            try:
                _sweep_batch(ids, now, result, lookups, pin)
            finally:
                pin.done = {}
    result.seconds = _time.perf_counter() - started
    return result


@transaction.atomic
def _sweep_batch(
    ids: list[int], now: datetime, result: SweepResult, lookups: _Lookups, pin: services.Pin
) -> None:
    locking = Ticket.objects.select_for_update(
        skip_locked=connection.features.has_select_for_update_skip_locked, of=("self",)
    )
    batch = list(locking.select_related("assignee").filter(pk__in=ids, sla_next_check_at__lte=now))
    if not batch:
        return
    clocks = services.clocks_for(batch, now)
    done = services.done_actions(t.pk for t in batch)
    plans: list[tuple[Ticket, services.TicketClock | None, Due]] = []
    for ticket in batch:
        result.checked += 1
        tc = clocks[ticket.pk]
        due: Due = []
        if tc is not None:
            due = [
                item
                for item in services.pending_actions(
                    tc.clock, done[ticket.pk], tc.policy.warning_percent is not None
                )
                if item[2] <= now.timestamp()
            ]
        done[ticket.pk].update((t.name, kind, t.cycle) for t, kind, _m in due)
        plans.append((ticket, tc, due))
    SlaAction.objects.bulk_create(
        SlaAction(
            ticket=ticket,
            target=target.name,
            kind=kind,
            cycle=target.cycle,
            due_at=datetime.fromtimestamp(moment, UTC),
            created_at=now,
        )
        for ticket, _tc, due in plans
        for target, kind, moment in due
    )
    # The tickets are locked and their actions written: refreshing a snapshot (when a
    # breach escalates) needs not read them again.
    pin.done = done
    _write_first_events(plans, now, lookups)
    outbox = _Outbox(now)
    unchanged: list[Ticket] = []
    for ticket, tc, due in plans:
        breached = {t.name for t, kind, _m in due if kind == ActionKind.BREACH}
        for target, kind, _moment in due:
            if kind == ActionKind.WARNING and target.name not in breached:
                outbox.add(lookups.owners(ticket), NotificationKind.SLA_WARNING, ticket, target)
                result.warnings += 1
        version = ticket.version
        breaches = [target for target, kind, _m in due if kind == ActionKind.BREACH]
        for number, target in enumerate(breaches):
            assert tc is not None
            ticket = _breach(ticket, target, tc.policy, now, result, lookups, outbox, number)
            result.breaches += 1
        # If nothing changed the ticket itself, move its next check on from this clock.
        if ticket.version == version and services.apply_snapshot(
            ticket, services.snapshot(tc, done[ticket.pk])
        ):
            unchanged.append(ticket)
    outbox.send()
    services.save_snapshots(unchanged)


class _Lookups:
    """The teams and people a sweep needs again and again, read once per sweep."""

    def __init__(self) -> None:
        self.teams: dict[int, Team | None] = {}
        self.members: dict[int, list[User]] = {}
        self.supervisors_of: dict[int | None, list[User]] = {}

    def team(self, pk: int) -> Team | None:
        if pk not in self.teams:
            self.teams[pk] = Team.objects.filter(pk=pk, is_active=True).first()
        return self.teams[pk]

    def team_members(self, team_id: int) -> list[User]:
        if team_id not in self.members:
            self.members[team_id] = list(
                User.objects.filter(memberships__team_id=team_id, is_active=True)
            )
        return self.members[team_id]

    def owners(self, ticket: Ticket) -> list[User]:
        """Who works the ticket: its assignee, or else its team's members."""
        if ticket.assignee_id:
            return [ticket.assignee] if ticket.assignee else []
        if ticket.team_id:
            return list(self.team_members(ticket.team_id))
        return []

    def supervisors(self, team_id: int | None) -> list[User]:
        """The team's leads; else its supervisors; else every supervisor."""
        if team_id not in self.supervisors_of:
            self.supervisors_of[team_id] = _supervisors(team_id)
        return list(self.supervisors_of[team_id])


def _supervisors(team_id: int | None) -> list[User]:
    active = User.objects.filter(is_active=True)
    if team_id:
        leads = list(active.filter(memberships__team_id=team_id, memberships__is_lead=True))
        if leads:
            return leads
        team_supervisors = list(active.filter(memberships__team_id=team_id, role=Role.SUPERVISOR))
        if team_supervisors:
            return team_supervisors
    return list(active.filter(role=Role.SUPERVISOR))


class _Outbox:
    """The notifications of a batch, written together. Each ``add`` is what one
    ``notify`` call would send (``notifications.build``)."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.rows: list[Notification] = []

    def add(self, recipients, kind: str, ticket: Ticket, target: TargetClock, **extra) -> None:
        data = _data(ticket, target) | extra
        self.rows += notifications.build(
            recipients, kind=kind, ticket=ticket, data=data, now=self.now
        )

    def send(self) -> None:
        Notification.objects.bulk_create(self.rows)


def _escalation_team(ticket: Ticket, policy: services.PolicySpec, lookups: _Lookups):
    if policy.escalate_to_id and policy.escalate_to_id != ticket.team_id:
        return lookups.team(policy.escalate_to_id)
    return None


def _sla_event(ticket: Ticket, target: TargetClock, action: str, now: datetime, **data):
    return TimelineEvent(
        ticket=ticket,
        kind=EventKind.SLA,
        author=None,
        created_at=now,
        data={
            "target": target.name,
            "action": action,
            "cycle": target.cycle,
            "due_at": (
                datetime.fromtimestamp(target.due_at, UTC).isoformat() if target.due_at else None
            ),
            **data,
        },
    )


def _breach_event(ticket, target, policy, now, lookups) -> TimelineEvent:
    escalate_to = _escalation_team(ticket, policy, lookups)
    return _sla_event(
        ticket,
        target,
        ActionKind.BREACH,
        now,
        escalated_to=str(escalate_to) if escalate_to else None,
        priority_raised=policy.raise_priority and ticket.priority != Priority.P1,
    )


def _write_first_events(plans, now: datetime, lookups: _Lookups) -> None:
    """The SLA events of every ticket up to its first breach, in one insert: they come
    before the escalation that the breach causes, as on a ticket's timeline they must.
    A second breach of the same ticket writes its event after that escalation."""
    events = []
    for ticket, tc, due in plans:
        breached = {t.name for t, kind, _m in due if kind == ActionKind.BREACH}
        for target, kind, _moment in due:
            if kind == ActionKind.WARNING and target.name not in breached:
                events.append(
                    _sla_event(
                        ticket,
                        target,
                        ActionKind.WARNING,
                        now,
                        percent=tc.policy.warning_percent,
                    )
                )
        first = next((t for t, kind, _m in due if kind == ActionKind.BREACH), None)
        if first is not None:
            events.append(_breach_event(ticket, first, tc.policy, now, lookups))
    TimelineEvent.objects.bulk_create(events)


def _data(ticket: Ticket, target: TargetClock) -> dict:
    return {
        "target": target.name,
        "number": ticket.number,
        "subject": ticket.subject,
        "due_at": datetime.fromtimestamp(target.due_at, UTC).isoformat() if target.due_at else None,
    }


def _breach(
    ticket: Ticket,
    target: TargetClock,
    policy: services.PolicySpec,
    now: datetime,
    result: SweepResult,
    lookups: _Lookups,
    outbox: _Outbox,
    number: int,
) -> Ticket:
    """Act on the ``number``-th breach of the ticket in this sweep (its event is
    written already for the first)."""
    team_before = ticket.team_id
    escalate_to = _escalation_team(ticket, policy, lookups)
    if number:
        _breach_event(ticket, target, policy, now, lookups).save()
    recipients = lookups.owners(ticket)
    if policy.notify_supervisor:
        recipients += lookups.supervisors(team_before)
    # Text stored on the ticket is written in the desk's language.
    with translation.override(settings.LANGUAGE_CODE):
        label = str(TargetName(target.name).label)
        reason = _("Automatic: the SLA target “%(target)s” was breached.") % {"target": label}
    if escalate_to is not None:
        ticket = tickets.escalate_ticket(
            ticket, to_team=escalate_to, reason=reason, acting_user=None, version=None, now=now
        )
        result.escalations += 1
        recipients += lookups.team_members(escalate_to.pk)
    if policy.raise_priority:
        ticket = tickets.raise_priority(ticket, reason=reason, acting_user=None, now=now)
    outbox.add(
        recipients,
        NotificationKind.SLA_BREACH,
        ticket,
        target,
        escalated_to=str(escalate_to) if escalate_to else None,
    )
    return ticket
