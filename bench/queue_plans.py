"""Time the queue list's two queries (count and first page) as an agent, a specialist and
a supervisor see them, in-process on a database seeded by ``bench/seed.py``, with three
versions of the visibility rule: ``before`` the collaboration and complaint subqueries
(commits fe17f6d and 8a1445e), ``in`` with them as ``pk IN (subquery)`` (as those commits
made them), and ``now`` (``tickets.access.visibility_filter`` as it is). Writes the plans
of the team each role sees least of to a file.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lk_bench_queue \\
        .venv/bin/python bench/queue_plans.py --json bench/results/queue-plans.json

The query is the API's ``GET /api/v1/tickets?team=T&status=new&status=open`` (ordered
newest first, 25 a page). Each timing is the median of ``--repeat`` runs after one
unmeasured run.
"""

import argparse
import json
import os
import statistics
import time
from pathlib import Path

ROLES = {
    "agent": "bench-agent0",
    "specialist": "bench-specialist",
    "supervisor": "bench-supervisor",
}


def rule_before(user):
    """``tickets.access.visibility_filter`` for staff without the collaboration and
    complaint subqueries: the rule the earlier queue figures were measured with."""
    from django.db.models import Q

    from loket.accounts.models import Role
    from loket.tickets.access import UNASSIGNED_FIRST_LINE, _team_ids

    if user.role == Role.SUPERVISOR:
        return (
            Q(team_id__in=_team_ids(user, lead_only=True)) | Q(assignee=user) | Q(created_by=user)
        )
    if user.role == Role.AGENT:
        return (
            Q(team_id__in=_team_ids(user))
            | Q(assignee=user)
            | Q(created_by=user)
            | UNASSIGNED_FIRST_LINE
        )
    return Q(team_id__in=_team_ids(user)) | Q(assignee=user)


def rule_in(user):
    """The rule of commits fe17f6d and 8a1445e: the two subqueries as ``pk IN (…)``."""
    from django.db.models import Q

    from loket.accounts.models import Role
    from loket.complaints.models import Complaint
    from loket.planning.access import collaborating_ticket_ids

    rule = rule_before(user) | Q(pk__in=collaborating_ticket_ids(user))
    if user.role == Role.SUPERVISOR:
        rule |= Q(pk__in=Complaint.objects.filter(notified=user).values("ticket_id"))
    return rule


def queue(condition, team_id: int):
    from loket.tickets.models import Ticket

    return (
        Ticket.objects.filter(condition)
        .filter(status__in=["new", "open"], team_id=team_id)
        .order_by("-created_at", "-id")
    )


def timed(run, repeat: int) -> float:
    run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 2)


def measure(repeat: int, plans: Path) -> dict:
    from django.db import connection

    from loket.accounts.models import Team, User
    from loket.tickets.access import visibility_filter

    teams = list(Team.objects.order_by("pk").values_list("pk", flat=True))
    results = {}
    for role, username in ROLES.items():
        user = User.objects.get(username=username)
        rules = {
            "before": rule_before(user),
            "in": rule_in(user),
            "now": visibility_filter(user),
        }
        for team_id in teams:
            row = {}
            for name, condition in rules.items():
                tickets = queue(condition, team_id)
                row[f"{name}_count"] = tickets.count()
                row[f"{name}_count_ms"] = timed(tickets.count, repeat)
                row[f"{name}_page_ms"] = timed(lambda t=tickets: list(t[:25]), repeat)
            results[f"{role} team {team_id}"] = row
            print(role, team_id, row, flush=True)
        # The team where the rule matters most: the one the user sees least of.
        slowest = min(teams, key=lambda t: results[f"{role} team {t}"]["now_count"])
        with connection.cursor() as cursor, plans.open("a") as out:
            for name, condition in rules.items():
                tickets = queue(condition, slowest)
                for label, qs in (("count", tickets.values("pk")), ("page", tickets[:25])):
                    sql, params = qs.query.sql_with_params()
                    if label == "count":
                        sql = f"SELECT count(*) FROM ({sql}) AS q"
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                    out.write(f"## {role}, team {slowest}, {name}, {label}\n")
                    out.write("\n".join(r[0] for r in cursor.fetchall()) + "\n\n")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument("--plans", type=Path, default=Path("/tmp/loket-bench-queue/plans.txt"))
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    os.environ.setdefault("SECRET_KEY", "loket-benchmark-measuring-only")
    import django

    django.setup()
    from django.db import connection

    args.plans.parent.mkdir(parents=True, exist_ok=True)
    args.plans.write_text("")
    results = measure(args.repeat, args.plans)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tickets_ticket")
        tickets = cursor.fetchone()[0]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"tickets": tickets, "queues": results}, indent=1))
    print(f"{tickets} tickets; plans in {args.plans}; results in {args.json}")


if __name__ == "__main__":
    main()
