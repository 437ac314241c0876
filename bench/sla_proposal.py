"""What the 1,000-due sweep would cost with a batch escalation in the ticket services.

Not Loket's code: a measured sketch of a proposal. Today the sweep escalates each
breached ticket through ``tickets.services.escalate_ticket``, one ticket at a time
(savepoint, lock, team name, escalation event, the clock's events, the ticket's update:
7 statements a ticket). Here those escalations are collected per batch and done at its
end by :func:`escalate_tickets` (the tickets are locked by the sweep already): one insert
of the escalation (and status) events, one events query for the new snapshots, one
statement run for each ticket. Everything else is the sweep as it is.

    .venv/bin/python bench/sla_proposal.py --db postgres   # on the data set of `sweep`
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime

from sla_bench import setup_django, shape_of, state_file
from sla_measure import Reset, due_moment, summary, timed_sweep


def escalate_tickets(items, *, to_team, reason: str, now: datetime, teams: dict) -> None:
    """Escalate tickets the caller has locked, (ticket, team before) each, to one team, in
    a few statements: the batch version of ``escalate_ticket`` (same events, fields and
    snapshot)."""
    from django.db import connection

    from loket.sla import services
    from loket.tickets.models import EventKind, Status, Ticket, TimelineEvent

    events = []
    for ticket, before in items:
        events.append(
            TimelineEvent(
                ticket=ticket,
                kind=EventKind.ESCALATION,
                created_at=now,
                body=reason,
                data={
                    "from_team": str(teams[before]) if before else None,
                    "from_team_id": before,
                    "to_team": str(to_team),
                    "to_team_id": to_team.pk,
                    "reason": reason,
                },
            )
        )
        if ticket.status == Status.NEW:
            events.append(
                TimelineEvent(
                    ticket=ticket,
                    kind=EventKind.STATUS,
                    created_at=now,
                    is_public=True,
                    data={"field": "status", "old": Status.NEW, "new": Status.OPEN},
                )
            )
            ticket.status = Status.OPEN
        ticket.team, ticket.assignee = to_team, None
        ticket.version += 1
        ticket.updated_at = now
    TimelineEvent.objects.bulk_create(events)
    locked = [ticket for ticket, _before in items]
    clocks = services.clocks_for(locked, now)
    done = services.done_actions(t.pk for t in locked)
    for ticket in locked:
        services.apply_snapshot(ticket, services.snapshot(clocks[ticket.pk], done[ticket.pk]))
    meta = Ticket._meta
    names = ["team", "assignee", "status", "version", "updated_at", *services.SNAPSHOT_FIELDS]
    fields = [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE id = %s"
    rows = [
        [f.get_db_prep_save(getattr(t, f.attname), connection) for f in fields] + [t.pk]
        for t in locked
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def install() -> None:
    """Make the sweep collect its escalations and do them at the end of each batch."""
    from loket.accounts.models import Team
    from loket.sla import sweep

    pending: list = []  # (ticket, team before, team to, reason, now)
    teams = {t.pk: t for t in Team.objects.all()}
    save_snapshots = sweep.services.save_snapshots

    def escalate_later(ticket, *, to_team, reason, acting_user, version, now):
        pending.append((ticket, ticket.team_id, to_team, reason, now))
        ticket.team, ticket.assignee = to_team, None
        ticket.version += 1  # changed: the sweep leaves its snapshot to the escalation
        return ticket

    def escalate_then_save(unchanged):
        groups: dict = {}
        for ticket, before, to_team, reason, now in pending:
            ticket.version -= 1
            groups.setdefault((to_team.pk, reason, now), []).append((ticket, before))
        for (team_id, reason, now), items in groups.items():
            escalate_tickets(items, to_team=teams[team_id], reason=reason, now=now, teams=teams)
        pending.clear()
        save_snapshots(unchanged)

    sweep.tickets.escalate_ticket = escalate_later
    sweep.services.save_snapshots = escalate_then_save


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    info = json.loads(state_file(args.db, shape_of(args)).read_text())
    setup_django(args.db, shape_of(args))
    from loket.tickets.models import Ticket

    moment, due = due_moment(args.due)
    ids = list(Ticket.objects.filter(sla_next_check_at__lte=moment).values_list("pk", flat=True))
    reset = Reset(ids)
    install()
    runs = []
    for _ in range(args.runs):
        runs.append(timed_sweep(moment))
        reset()
        seconds, cpu, queries, result = runs[-1]
        print(f"{seconds:.3f} s (CPU {cpu:.3f} s), {queries} statements, {result}", flush=True)
    print(
        json.dumps(
            {
                "due": due,
                "seconds": summary([r[0] for r in runs]),
                "cpu_seconds": summary([r[1] for r in runs]),
                "queries": runs[-1][2],
                "data_now": info["now"],
                "at": time.strftime("%Y-%m-%d %H:%M:%S"),
            }
        )
    )


if __name__ == "__main__":
    main()
