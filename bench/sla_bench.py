"""The SLA engine's benchmarks: clock computation, and the sweep on a big desk.

    # 100,000 tickets with realistic timelines: derive() alone, and clocks_for() in
    # pages of 500 straight from the database (events query included)
    .venv/bin/python bench/sla_bench.py clocks --db postgres
    .venv/bin/python bench/sla_bench.py clocks --db sqlite

    # 1,000,000 tickets of which 100,000 open, snapshots as the engine computes them:
    # a sweep with nothing due, and with exactly 1,000 due (reset between runs)
    .venv/bin/python bench/sla_bench.py sweep --db postgres

Each command seeds its data first (the PostgreSQL database ``loket_bench_sla`` on
$PG_URL, default postgres://postgres@127.0.0.1:5432, is dropped and re-created; SQLite
files go under $STATE, default /tmp/loket-bench-sla) in a child process, so the peak
RSS reported is that of the measurement alone. ``--skip-seed`` reuses the last data set
of the same shape. Figures are added to ``bench/results/sla-<date>.json`` under
``<command>-<db>``; ``--profile FILE`` writes a cProfile of the main measurement and
prints its top functions.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sla_measure import cmd_clocks, cmd_sweep, peak_rss_mb

HERE = Path(__file__).resolve().parent
STATE = Path(os.environ.get("STATE", "/tmp/loket-bench-sla"))
PG_SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_DB = "loket_bench_sla"


# -- set-up ---------------------------------------------------------------------------


def database_url(db: str, shape: str) -> str:
    if db == "postgres":
        return f"{PG_SERVER}/{PG_DB}"
    return f"sqlite:///{STATE}/sla-{shape}.sqlite3"


def shape_of(args) -> str:
    return f"{args.tickets}-{args.open}"


def setup_django(db: str, shape: str) -> None:
    os.environ["DATABASE_URL"] = database_url(db, shape)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    os.environ.setdefault("SECRET_KEY", "loket-sla-benchmark-only")
    os.environ.setdefault("LOKET_VAR_DIR", str(STATE / "var"))
    import django

    django.setup()


def state_file(db: str, shape: str) -> Path:
    return STATE / f"state-{db}-{shape}.json"


def fresh_database(db: str, shape: str) -> None:
    if db == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
    else:
        for path in STATE.glob(f"sla-{shape}.sqlite3*"):
            path.unlink()


def run_seed(args) -> dict:
    """Seed in a child process (its memory is not the measurement's); return its info."""
    shape = shape_of(args)
    path = state_file(args.db, shape)
    if args.skip_seed and path.exists():
        return json.loads(path.read_text())
    command = [sys.executable, __file__, "seed", "--db", args.db, "--tickets", str(args.tickets)]
    command += ["--open", str(args.open), "--seed", str(args.seed)]
    if args.now:
        command += ["--now", args.now]
    if args.command == "sweep":
        command.append("--snapshots")
    subprocess.run(command, check=True)
    return json.loads(path.read_text())


def cmd_seed(args) -> None:
    shape = shape_of(args)
    STATE.mkdir(parents=True, exist_ok=True)
    fresh_database(args.db, shape)
    setup_django(args.db, shape)
    from django.core.management import call_command

    import sla_seed

    call_command("migrate", verbosity=0)
    now = float(int(datetime.fromisoformat(args.now).timestamp() if args.now else time.time()))
    print(f"# seeding {args.tickets} tickets ({args.open} open) on {args.db}", flush=True)
    info = sla_seed.seed(args.tickets, args.open, now, args.seed, args.snapshots)
    info["peak_rss_mb"] = peak_rss_mb()
    state_file(args.db, shape).write_text(json.dumps(info))
    print(
        f"seeded {info['tickets']} tickets ({info['open']} open), {info['events']} events, "
        f"{info['sla_actions']} SLA actions in {info['seed_seconds']} s",
        flush=True,
    )


# -- measuring ------------------------------------------------------------------------


def save(args, key: str, figures: dict) -> None:
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    path = Path(args.json or HERE / "results" / f"sla-{today}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(path.read_text()) if path.exists() else {}
    data[key] = figures
    path.write_text(json.dumps(data, indent=1) + "\n")
    print(f"# results: {path} [{key}]")


def environment(db: str) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        if db == "postgres":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "db": db,
        "db_version": version,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "commit": subprocess.run(
            ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
        ).stdout.strip(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, tickets, open_n in (
        ("clocks", 100_000, 10_000),
        ("sweep", 1_000_000, 100_000),
        ("seed", 100_000, 10_000),
    ):
        p = sub.add_parser(name)
        p.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
        p.add_argument("--tickets", type=int, default=tickets)
        p.add_argument("--open", type=int, default=open_n, help="of which still open")
        p.add_argument("--seed", type=int, default=42, help="the timelines' RNG seed")
        p.add_argument("--skip-seed", action="store_true", help="reuse the last data set")
        p.add_argument(
            "--now",
            help="the data set's present, e.g. 2026-11-30T09:00+01:00 (default: now); with "
            "the same seed and --now, the same timelines",
        )
        p.add_argument("--json", help="results file (default bench/results/sla-<date>.json)")
        p.add_argument("--profile", help="write a cProfile of the main measurement here")
    sub.choices["seed"].add_argument("--snapshots", action="store_true")
    sub.choices["clocks"].add_argument("--page", type=int, default=500)
    sub.choices["clocks"].add_argument("--repeat", type=int, default=3)
    sub.choices["sweep"].add_argument("--due", type=int, default=1000)
    sub.choices["sweep"].add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.command == "seed":
        cmd_seed(args)
        return
    info = run_seed(args)
    setup_django(args.db, shape_of(args))
    from loket.tickets.models import Ticket

    if Ticket.objects.count() != info["tickets"]:
        sys.exit(f"the {args.db} database does not hold this data set: run without --skip-seed")
    figures = {"environment": environment(args.db), "data": info}
    figures |= (cmd_clocks if args.command == "clocks" else cmd_sweep)(args, info)
    figures["peak_rss_mb"] = peak_rss_mb()
    figures["seed_peak_rss_mb"] = info.get("peak_rss_mb")
    for key, value in figures.items():
        print(f"{key}: {json.dumps(value)}")
    save(args, f"{args.command}-{args.db}", figures)


if __name__ == "__main__":
    main()
