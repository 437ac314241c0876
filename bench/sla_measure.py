"""The measurements of ``sla_bench.py``: clock throughput and sweep latency.

Django is set up by the caller; every figure is taken at the data set's own ``now`` (the
moment it was generated), so the clocks and snapshots are those the engine computed.
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from datetime import UTC, datetime
from types import SimpleNamespace

perf = time.perf_counter


def peak_rss_mb(who=resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


class Profile:
    """cProfile around a block when a file is given; prints the top functions."""

    def __init__(self, path: str | None):
        self.path = path

    def __enter__(self):
        if self.path:
            import cProfile

            self.profiler = cProfile.Profile()
            self.profiler.enable()
        return self

    def __exit__(self, *exc):
        if self.path:
            import pstats

            self.profiler.disable()
            self.profiler.dump_stats(self.path)
            stats = pstats.Stats(self.path)
            stats.sort_stats("tottime").print_stats(25)
            stats.sort_stats("cumulative").print_stats(30)
            self.path = None  # profile the first pass only


def summary(values: list[float], digits: int = 4) -> dict:
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "runs": [round(v, digits) for v in values],
    }


def log(message: str) -> None:
    print(f"# {datetime.now(UTC):%H:%M:%S} {message}", flush=True)


# -- clocks -----------------------------------------------------------------------------


def derive_inputs(now: datetime):
    """(created, events, rules) of every ticket, straight from the database."""
    from loket.sla import services
    from loket.sla.models import NO_CONTRACT
    from loket.tickets.models import Ticket

    cfg = services.config()
    rows = list(
        Ticket.objects.order_by("pk").values_list(
            "pk", "created_at", "priority", "type", "category_id", "organisation_id"
        )
    )
    levels = services.service_levels({r[5] for r in rows}, now.date())
    events: dict = {}
    for i in range(0, len(rows), 5000):
        events |= services.load_events(r[0] for r in rows[i : i + 5000])
    inputs = []
    for pk, created, priority, kind, category, org in rows:
        ticket = SimpleNamespace(priority=priority, type=kind, category_id=category)
        policy = cfg.policy(ticket, levels.get(org or 0, NO_CONTRACT))
        rules = policy.rules(priority) if policy else None
        if rules is not None:
            inputs.append((created.timestamp(), events.get(pk, []), rules))
    return inputs


def measure_derive(inputs, ts: float, repeat: int) -> dict:
    from loket.sla.clock import derive

    seconds, cpu = [], []
    for _ in range(repeat):
        started, used = perf(), time.process_time()
        for created, events, rules in inputs:
            derive(created, events, rules, now=ts)
        seconds.append(perf() - started)
        cpu.append(time.process_time() - used)
    events = sum(len(e) for _c, e, _r in inputs)
    return {
        "clocks": len(inputs),
        "clock_events": events,
        "clock_events_per_ticket": round(events / len(inputs), 2),
        "seconds": summary(seconds),
        "clocks_per_second": summary([len(inputs) / s for s in seconds], 0),
        "clocks_per_cpu_second": summary([len(inputs) / s for s in cpu], 0),
    }


def queries_per_page(now: datetime, page: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from loket.sla import services
    from loket.tickets.models import Ticket

    batch = list(Ticket.objects.order_by("pk")[:page])
    with CaptureQueriesContext(connection) as captured:
        services.clocks_for(batch, now)
    return len(captured)


def clocks_pass(now: datetime, page: int) -> tuple[int, float, float, float]:
    """Every ticket's clock, page by page: (clocks, seconds fetching ticket pages,
    seconds in clocks_for, this process's CPU seconds in clocks_for)."""
    from loket.sla import services
    from loket.tickets.models import Ticket

    last, count, fetching, computing, cpu = 0, 0, 0.0, 0.0, 0.0
    while True:
        started = perf()
        batch = list(Ticket.objects.filter(pk__gt=last).order_by("pk")[:page])
        fetched, used = perf(), time.process_time()
        if not batch:
            return count, fetching, computing, cpu
        clocks = services.clocks_for(batch, now)
        cpu += time.process_time() - used
        fetching += fetched - started
        computing += perf() - fetched
        count += sum(1 for c in clocks.values() if c is not None)
        last = batch[-1].pk


def cmd_clocks(args, info: dict) -> dict:
    now = datetime.fromtimestamp(info["now"], UTC)
    log("loading every ticket's events for derive()")
    started = perf()
    inputs = derive_inputs(now)
    load_seconds = perf() - started
    log(f"derive() over {len(inputs)} clocks, {args.repeat}×")
    figures = {"derive": measure_derive(inputs, info["now"], args.repeat)}
    figures["derive"]["input_load_seconds"] = round(load_seconds, 2)
    del inputs
    log(f"clocks_for() in pages of {args.page}, {args.repeat}×")
    totals, fetch, compute, cpu = [], [], [], []
    profile = Profile(args.profile)
    for _ in range(args.repeat):
        with profile:
            count, fetching, computing, used = clocks_pass(now, args.page)
        fetch.append(fetching)
        compute.append(computing)
        cpu.append(used)
        totals.append(fetching + computing)
    figures["clocks_for"] = {
        "clocks": count,
        "page": args.page,
        "queries_per_page": queries_per_page(now, args.page),
        "seconds_total": summary(totals),
        "seconds_ticket_pages": summary(fetch),
        "seconds_clocks_for": summary(compute),
        "clocks_per_second_end_to_end": summary([count / s for s in totals], 0),
        "clocks_per_second_clocks_for": summary([count / s for s in compute], 0),
        "clocks_per_cpu_second_clocks_for": summary([count / s for s in cpu], 0),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    return figures


# -- sweep ------------------------------------------------------------------------------


def check_snapshots(now: datetime, sample: int) -> dict:
    """Recompute the snapshot of open tickets spread over the set: none should change."""
    from loket.sla import services
    from loket.tickets.models import OPEN_STATUSES, Ticket

    ids = list(Ticket.objects.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True))
    step = max(1, len(ids) // sample)
    chosen = ids[::step][:sample]
    started = perf()
    changed = services.recompute(chosen, now)
    return {"checked": len(chosen), "changed": changed, "seconds": round(perf() - started, 2)}


def explain_selection(now: datetime) -> dict:
    """The plans of the sweep's selection: its first query, and a later one (which
    excludes the tickets it has seen)."""
    from django.conf import settings
    from django.db import connection

    from loket.tickets.models import Ticket

    def query(seen):
        return (
            Ticket.objects.filter(sla_next_check_at__lte=now)
            .exclude(pk__in=seen)
            .order_by("sla_next_check_at")
            .values_list("pk", flat=True)[: settings.SLA_SWEEP_BATCH]
        )

    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    return {
        "first": query(set()).explain(**options),
        "later": query(set(range(1, 201))).explain(**options),
    }


def due_moment(due: int) -> tuple[datetime, int]:
    """The moment at which exactly ``due`` tickets have a next check that has passed (or
    as close below as ties allow), and how many that is."""
    from loket.tickets.models import Ticket

    moments = list(
        Ticket.objects.filter(sla_next_check_at__isnull=False)
        .order_by("sla_next_check_at")
        .values_list("sla_next_check_at", flat=True)[: due + 1]
    )
    i = min(due, len(moments)) - 1
    while i + 1 < len(moments) and i > 0 and moments[i + 1] == moments[i]:
        i -= 1
    moment = moments[i]
    return moment, Ticket.objects.filter(sla_next_check_at__lte=moment).count()


class Reset:
    """Undo a sweep: delete the rows it added, put the tickets it touched back."""

    def __init__(self, ticket_ids: list[int]):
        from django.db.models import Max

        from loket.notifications.models import Notification
        from loket.sla.models import SlaAction
        from loket.tickets.models import Ticket, TimelineEvent

        self.marks = {
            m._meta.db_table: m.objects.aggregate(top=Max("pk"))["top"] or 0
            for m in (TimelineEvent, SlaAction, Notification)
        }
        self.saved = list(Ticket.objects.filter(pk__in=ticket_ids))
        self.fields = [f.name for f in Ticket._meta.concrete_fields if not f.primary_key]

    def __call__(self) -> None:
        from django.db import connection, transaction

        from loket.tickets.models import Ticket

        with transaction.atomic(), connection.cursor() as cursor:
            for table, mark in self.marks.items():
                cursor.execute(f"DELETE FROM {table} WHERE id > %s", [mark])
            Ticket.objects.bulk_update(self.saved, self.fields, batch_size=250)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("VACUUM ANALYZE tickets_ticket, tickets_timelineevent")


class QueryCount:
    """Counts the statements a block sends to the database."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed_sweep(now: datetime) -> tuple[float, float, int, dict]:
    """(seconds, CPU seconds of this process, statements, result) of one sweep."""
    from django.db import connection

    from loket.sla.sweep import sweep

    counter = QueryCount()
    started, used = perf(), time.process_time()
    with connection.execute_wrapper(counter):
        result = sweep(now)
    return perf() - started, time.process_time() - used, counter.count, result.as_dict()


def cmd_sweep(args, info: dict) -> dict:
    from loket.tickets.models import Ticket

    now = datetime.fromtimestamp(info["now"], UTC)
    figures: dict = {}
    log("recomputing a sample of open tickets' snapshots (none should change)")
    figures["snapshot_check"] = check_snapshots(now, 2000)
    figures["explain"] = explain_selection(now)
    print(figures["explain"]["first"])
    figures["scheduled"] = Ticket.objects.filter(sla_next_check_at__isnull=False).count()

    log(f"sweep with nothing due, {args.runs}×")
    idle = [timed_sweep(now) for _ in range(args.runs)]
    assert all(r["checked"] == 0 for *_x, r in idle), idle
    figures["nothing_due"] = {
        "seconds": summary([s for s, *_x in idle]),
        "queries": idle[-1][2],
    }

    moment, due = due_moment(args.due)
    ids = list(Ticket.objects.filter(sla_next_check_at__lte=moment).values_list("pk", flat=True))
    log(f"sweep with {due} due at {moment:%Y-%m-%d %H:%M:%S} UTC, {args.runs}×")
    figures["explain_due"] = explain_selection(moment)["first"]
    print(figures["explain_due"])
    reset = Reset(ids)
    runs = []
    profile = Profile(args.profile)
    for _ in range(args.runs):
        with profile:
            runs.append(timed_sweep(moment))
        reset()
        seconds, cpu, queries, result = runs[-1]
        log(f"  {seconds:.3f} s (CPU {cpu:.3f} s), {queries} statements, {result}")
    figures["due"] = {
        "due": due,
        "at": moment.isoformat(),
        "after_generation_seconds": round(moment.timestamp() - info["now"]),
        "seconds": summary([r[0] for r in runs]),
        "cpu_seconds": summary([r[1] for r in runs]),
        "queries": runs[-1][2],
        "result": runs[-1][3],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    return figures
