"""The SLA sweep: act on warnings and breaches that came due.

Only tickets whose ``sla_next_check_at`` has passed are read (a partial index keeps
that cheap however many tickets there are). Each is locked, its clock recomputed from
the timeline, and every warning or breach due by now is recorded in ``SlaAction``
before it is acted on. The row lock (PostgreSQL: ``FOR UPDATE SKIP LOCKED``; SQLite
serialises writers) and the unique constraint on ``SlaAction`` make each action happen
once per ticket and target, however many workers sweep at the same time. A paused or
resolved clock has no pending action, so nothing happens to it.
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
from loket.notifications.models import NotificationKind
from loket.notifications.services import notify
from loket.sla import services
from loket.sla.clock import TargetClock
from loket.sla.models import ActionKind, SlaAction, TargetName
from loket.tickets import services as tickets
from loket.tickets.models import EventKind, Ticket, TimelineEvent


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
        _sweep_batch(ids, now, result)
    result.seconds = _time.perf_counter() - started
    return result


@transaction.atomic
def _sweep_batch(ids: list[int], now: datetime, result: SweepResult) -> None:
    locking = Ticket.objects.select_for_update(
        skip_locked=connection.features.has_select_for_update_skip_locked, of=("self",)
    )
    batch = list(locking.select_related("assignee").filter(pk__in=ids, sla_next_check_at__lte=now))
    if not batch:
        return
    clocks = services.clocks_for(batch, now)
    done = services.done_actions(t.pk for t in batch)
    unchanged: list[Ticket] = []
    for ticket in batch:
        result.checked += 1
        tc = clocks[ticket.pk]
        due = []
        if tc is not None:
            due = [
                item
                for item in services.pending_actions(
                    tc.clock, done[ticket.pk], tc.policy.warning_percent is not None
                )
                if item[2] <= now.timestamp()
            ]
        if due:
            SlaAction.objects.bulk_create(
                SlaAction(
                    ticket=ticket,
                    target=target.name,
                    kind=kind,
                    cycle=target.cycle,
                    due_at=datetime.fromtimestamp(moment, UTC),
                    created_at=now,
                )
                for target, kind, moment in due
            )
            done[ticket.pk].update((t.name, kind, t.cycle) for t, kind, _m in due)
        breached = {t.name for t, kind, _m in due if kind == ActionKind.BREACH}
        for target, kind, _moment in due:
            if kind == ActionKind.WARNING and target.name not in breached:
                _warn(ticket, target, now)
                result.warnings += 1
        version = ticket.version
        for target, kind, _moment in due:
            if kind == ActionKind.BREACH:
                assert tc is not None
                ticket = _breach(ticket, target, tc.policy, now, result)
                result.breaches += 1
        # If nothing changed the ticket itself, move its next check on from this clock.
        if ticket.version == version and services.apply_snapshot(
            ticket, services.snapshot(tc, done[ticket.pk])
        ):
            unchanged.append(ticket)
    if unchanged:
        Ticket.objects.bulk_update(unchanged, list(services.SNAPSHOT_FIELDS))


def _sla_event(ticket: Ticket, target: TargetClock, action: str, now: datetime, **data) -> None:
    TimelineEvent.objects.create(
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


def _owners(ticket: Ticket) -> list[User]:
    """Who works the ticket: its assignee, or else its team's members."""
    if ticket.assignee_id:
        return [ticket.assignee] if ticket.assignee else []
    if ticket.team_id:
        return list(User.objects.filter(memberships__team_id=ticket.team_id, is_active=True))
    return []


def _supervisors(team_id: int | None) -> list[User]:
    """The team's leads; else its supervisors; else every supervisor."""
    active = User.objects.filter(is_active=True)
    if team_id:
        leads = list(active.filter(memberships__team_id=team_id, memberships__is_lead=True))
        if leads:
            return leads
        team_supervisors = list(active.filter(memberships__team_id=team_id, role=Role.SUPERVISOR))
        if team_supervisors:
            return team_supervisors
    return list(active.filter(role=Role.SUPERVISOR))


def _data(ticket: Ticket, target: TargetClock) -> dict:
    return {
        "target": target.name,
        "number": ticket.number,
        "subject": ticket.subject,
        "due_at": datetime.fromtimestamp(target.due_at, UTC).isoformat() if target.due_at else None,
    }


def _warn(ticket: Ticket, target: TargetClock, now: datetime) -> None:
    _sla_event(ticket, target, ActionKind.WARNING, now)
    notify(
        _owners(ticket),
        kind=NotificationKind.SLA_WARNING,
        ticket=ticket,
        data=_data(ticket, target),
        now=now,
    )


def _breach(
    ticket: Ticket,
    target: TargetClock,
    policy: services.PolicySpec,
    now: datetime,
    result: SweepResult,
) -> Ticket:
    team_before = ticket.team_id
    escalate_to = None
    if policy.escalate_to_id and policy.escalate_to_id != ticket.team_id:
        escalate_to = Team.objects.filter(pk=policy.escalate_to_id, is_active=True).first()
    _sla_event(
        ticket,
        target,
        ActionKind.BREACH,
        now,
        escalated_to=str(escalate_to) if escalate_to else None,
        priority_raised=policy.raise_priority,
    )
    recipients = _owners(ticket)
    if policy.notify_supervisor:
        recipients += _supervisors(team_before)
    # Text stored on the ticket is written in the desk's language.
    with translation.override(settings.LANGUAGE_CODE):
        label = str(TargetName(target.name).label)
        reason = _("Automatic: the SLA target “%(target)s” was breached.") % {"target": label}
    if escalate_to is not None:
        ticket = tickets.escalate_ticket(
            ticket, to_team=escalate_to, reason=reason, acting_user=None, version=None, now=now
        )
        result.escalations += 1
        recipients += list(User.objects.filter(memberships__team=escalate_to, is_active=True))
    if policy.raise_priority:
        ticket = tickets.raise_priority(ticket, reason=reason, acting_user=None, now=now)
    notify(
        recipients,
        kind=NotificationKind.SLA_BREACH,
        ticket=ticket,
        data=_data(ticket, target) | {"escalated_to": str(escalate_to) if escalate_to else None},
        now=now,
    )
    return ticket
