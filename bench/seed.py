"""Seed a Loket database with N benchmark tickets, fast, from the peer's neutral corpus.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench \\
        .venv/bin/python bench/seed.py --tickets 100000 --target /tmp/loket-bench/target.json

The ticket stream comes from ``corpus.py`` of the django-helpdesk peer harness (loaded
from --corpus at run time, never copied), so both products hold the same subjects,
descriptions, follow-ups, statuses and dates, and search terms are as selective in both.
Mapping: the 5 queues become 5 teams; submitter e-mails become 5,000 contacts with a
mobile number each; follow-ups become public replies; statuses 1/2/3/4 (open, reopened,
resolved, closed) become new-or-open, open, resolved, closed with the status events the
services would write. Rows go in with COPY on PostgreSQL and executemany on SQLite, in
one transaction; the database must hold no tickets yet. Writes a target JSON for
``bench/loket_adapter.py``: an admin's API token, team ids, the ticket id range and
contact phone numbers, and tokens of an agent, a specialist and a supervisor for the
queue lists as they see them (with open help requests on 1% of the tickets and
complaints on 0.2%, so that the visibility rule's collaboration and complaint
subqueries have rows to look at).
"""

import argparse
import importlib.util
import json
import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "peers" / "django-helpdesk" / "corpus.py"
BATCH = 5000
BRUSSELS = ZoneInfo("Europe/Brussels")
TEAMS = [  # one per corpus queue, in corpus order
    ("Eerstelijn", "first_line"),
    ("Werkplek 2de lijn", "second_line"),
    ("Netwerk", "specialised"),
    ("Applicaties", "specialised"),
    ("Security", "specialised"),
]
# corpus priority 1 (critical) … 5 (very low) as impact × urgency, and what the default
# matrix makes of it
LEVELS = {1: (1, 1, "P1"), 2: (1, 2, "P2"), 3: (2, 2, "P3"), 4: (2, 3, "P4"), 5: (3, 3, "P4")}
ADMIN_PASSWORD = "bench-admin-password"


def load_corpus(path: Path):
    spec = importlib.util.spec_from_file_location("corpus", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def phone_of(index: int) -> str:
    """A distinct Belgian mobile number (+32 47x) per contact index."""
    return f"+32{470_000_000 + (index * 7919) % 10_000_000}"


class BulkWriter:
    """Rows (dicts keyed by attribute name) into one model's table, in batches.

    Columns left out get the field's default. PostgreSQL: COPY; SQLite: executemany.
    """

    def __init__(self, connection, model, parent: "BulkWriter | None" = None):
        # Rows of ``parent`` are written first: a child row before its parent would, on
        # SQLite, leave a deferred foreign-key violation that the parent's insert then
        # resolves by scanning the child table.
        self.connection, self.model, self.parent = connection, model, parent
        self.fields = model._meta.concrete_fields
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(f.column) for f in self.fields)
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        placeholders = ", ".join("%s" for _ in self.fields)
        self.insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.json_fields = {f.attname for f in self.fields if f.get_internal_type() == "JSONField"}
        self.time_fields = {
            f.attname for f in self.fields if f.get_internal_type() == "DateTimeField"
        }
        self.postgres = connection.vendor == "postgresql"
        self.rows: list[list] = []
        self.written = 0

    def add(self, **values) -> None:
        row = []
        for field in self.fields:
            value = values.get(field.attname, self.defaults[field.attname])
            if field.attname in self.json_fields:
                value = json.dumps(value)
            elif value is not None and field.attname in self.time_fields and not self.postgres:
                value = self.connection.ops.adapt_datetimefield_value(value)
            row.append(value)
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.parent is not None:
            self.parent.flush()
        if not self.rows:
            return
        with self.connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self.insert_sql, self.rows)
        self.written += len(self.rows)
        self.rows = []


def setup_desk(corpus, contacts: int):
    """Teams, an admin with a token, agents in every team, organisations and contacts."""
    from loket.accounts.models import Team
    from loket.accounts.services import add_to_team, create_user, issue_token
    from loket.directory.models import Contact, ContactEmail, ContactPhone
    from loket.directory.services import create_organisation

    teams = [Team.objects.create(name=name, kind=kind) for name, kind in TEAMS]
    admin = create_user(username="bench-admin", role="admin", password=ADMIN_PASSWORD)
    agents = []
    for i in range(corpus.N_AGENTS):
        agent = create_user(username=f"bench-agent{i}", role="agent", first_name=f"Agent {i}")
        for team in teams:
            add_to_team(agent, team)
        agents.append(agent)
    organisations = [
        create_organisation(name=name, email_domain=name.split()[0].lower() + ".example")
        for name in corpus.COMPANIES
    ]
    people = Contact.objects.bulk_create(
        Contact(
            first_name="Customer",
            last_name=str(i),
            organisation=organisations[i % len(organisations)],
            language=("nl", "fr", "en")[i % 3],
        )
        for i in range(contacts)
    )
    ContactEmail.objects.bulk_create(
        ContactEmail(contact=c, address=f"customer{i}@example.com", is_primary=True)
        for i, c in enumerate(people)
    )
    ContactPhone.objects.bulk_create(
        ContactPhone(contact=c, number=phone_of(i)) for i, c in enumerate(people)
    )
    token = issue_token(admin, name="benchmark")
    return teams, agents, people, token


def setup_queue_staff(teams, agents) -> dict:
    """Tokens of an agent (in every team, as the corpus's agents are), a specialist (in
    the four second-line and specialised teams) and a supervisor (leading the first-line
    team): the queue list as each of them sees it."""
    from loket.accounts.services import add_to_team, create_user, issue_token

    specialist = create_user(username="bench-specialist", role="specialist")
    for team in teams[1:]:
        add_to_team(specialist, team)
    supervisor = create_user(username="bench-supervisor", role="supervisor")
    add_to_team(supervisor, teams[0], is_lead=True)
    return {
        "agent": issue_token(agents[0], name="benchmark"),
        "specialist": issue_token(specialist, name="benchmark"),
        "supervisor": issue_token(supervisor, name="benchmark"),
    }


def seed_guided_work(n: int, teams, agents, now: datetime) -> dict:
    """Open help requests on every 100th ticket (to a person or a team, the bench's
    specialist and supervisor among them) and complaints on every 500th (passed to the
    supervisor): what ``tickets.access.visibility_filter`` looks up for staff."""
    from loket.accounts.models import User
    from loket.complaints.models import Complaint
    from loket.planning.models import Collaborator

    specialist = User.objects.get(username="bench-specialist")
    supervisor = User.objects.get(username="bench-supervisor")
    helpers = [*agents, specialist, supervisor]
    collaborators = []
    for i, ticket_id in enumerate(range(1, n + 1, 100)):
        to_team = i % 3 == 0
        collaborators.append(
            Collaborator(
                ticket_id=ticket_id,
                user=None if to_team else helpers[i % len(helpers)],
                team=teams[i % len(teams)] if to_team else None,
                question="Can you have a look?",
                requested_by=agents[0],
                requested_at=now,
            )
        )
    Collaborator.objects.bulk_create(collaborators, batch_size=BATCH)
    complaints = Complaint.objects.bulk_create(
        (
            Complaint(
                ticket_id=ticket_id,
                paraphrase="Nobody called back.",
                desired_outcome="A call.",
                registered_by=agents[0],
                registered_at=now,
                due_at=now + timedelta(days=10),
                notified_at=now,
            )
            for ticket_id in range(50, n + 1, 500)
        ),
        batch_size=BATCH,
    )
    Complaint.notified.through.objects.bulk_create(
        (Complaint.notified.through(complaint=c, user=supervisor) for c in complaints),
        batch_size=BATCH,
    )
    return {"collaborators": len(collaborators), "complaints": len(complaints)}


def ticket_rows(corpus, n: int, teams, agents, people, now: datetime, counters: dict):
    """Yield (ticket fields, [event fields]) for each corpus ticket, ids from 1; the last
    number handed out per year goes into ``counters``."""
    event_id = 0
    for ticket_id, t in enumerate(corpus.tickets(n, now=now), start=1):
        created = t["created"]
        year = created.astimezone(BRUSSELS).year
        counters[year] = counters.get(year, 0) + 1
        customer = people[int(t["submitter_email"][len("customer") :].split("@")[0])]
        assignee = agents[t["agent"]] if t["agent"] is not None else None
        impact, urgency, priority = LEVELS[t["priority"]]
        events = [("created", created, None, "", False, {"channel": "email"})]
        first_response = None
        for f in t["followups"]:
            author = assignee if f["by_agent"] else None
            if author is not None and first_response is None:
                first_response = f["date"]
            events.append(("reply", f["date"], author, f["comment"], True, {}))
        last = events[-1][1]
        status, resolved_at, closed_at, resolution = "open", None, None, ""
        if t["status"] == 1 and assignee is None:
            status = "new"
        if t["status"] in (2, 3, 4):  # reopened tickets were resolved once
            resolved_at = min(now, last + timedelta(hours=2))
            resolution = t["resolution"] or "Resolved; the customer later reported it again."
            events.append(("status", resolved_at, assignee, resolution, True, _change("resolved")))
        if t["status"] == 2:
            reopened = min(now, resolved_at + timedelta(days=1))
            events.append(("status", reopened, assignee, "", True, _change("open", "resolved")))
            resolved_at, resolution = None, ""
        elif t["status"] in (3, 4):
            status = "resolved"
        if t["status"] == 4:
            status, closed_at = "closed", min(now, resolved_at + timedelta(days=3))
            events.append(("status", closed_at, assignee, "", True, _change("closed", "resolved")))
        rows = []
        for kind, at, author, body, public, data in events:
            event_id += 1
            rows.append(
                {
                    "id": event_id,
                    "ticket_id": ticket_id,
                    "kind": kind,
                    "author_id": author.pk if author else None,
                    "body": body,
                    "is_public": public,
                    "data": data,
                    "created_at": at,
                }
            )
        ticket = {
            "id": ticket_id,
            "number": f"{year}-{counters[year]:06d}",
            "type": "incident",
            "channel": "email",
            "subject": t["title"],
            "description": t["description"],
            "contact_id": customer.pk,
            "organisation_id": customer.organisation_id,
            "impact": impact,
            "urgency": urgency,
            "priority": priority,
            "status": status,
            "team_id": teams[t["queue"]].pk,
            "assignee_id": assignee.pk if assignee else None,
            "resolution": resolution,
            "version": len(events),
            "created_at": created,
            "updated_at": rows[-1]["created_at"],
            "first_response_at": first_response,
            "resolved_at": resolved_at,
            "closed_at": closed_at,
        }
        yield ticket, rows


def _change(new: str, old: str = "open") -> dict:
    return {"field": "status", "old": old, "new": new}


def drop_secondary_indexes(connection, models) -> list[str]:
    """Drop the tables' plain indexes (and, on SQLite, the triggers that keep the FTS5
    table in step) and return the statements that re-create them exactly as the
    migrations made them. Building an index once after the load is many times faster
    than updating it per row. Primary keys and unique constraints stay."""
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [tables],
            )
            found = [("INDEX", name, sql) for name, sql in cursor.fetchall()]
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        else:
            marks = ", ".join("%s" for _ in tables)
            cursor.execute(
                "SELECT upper(type), name, sql FROM sqlite_master WHERE type IN "
                f"('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN ({marks})",
                tables,
            )
            found = cursor.fetchall()
        for kind, name, _sql in found:
            cursor.execute(f"DROP {kind} {connection.ops.quote_name(name)}")
    recreate = [sql for _kind, _name, sql in found]
    if connection.vendor == "sqlite" and any(kind == "TRIGGER" for kind, *_ in found):
        recreate.append("INSERT INTO tickets_ticket_fts(tickets_ticket_fts) VALUES ('rebuild')")
    return recreate


def seed(corpus, n: int, contacts: int) -> dict:
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from loket.tickets.models import ResolutionCode, Ticket, TicketCounter, TimelineEvent

    if Ticket.objects.exists():
        raise SystemExit("this database already has tickets: seed an empty one")
    started = time.perf_counter()
    now = datetime.now(tz=ZoneInfo("UTC")).replace(microsecond=0)
    with transaction.atomic():
        teams, agents, people, token = setup_desk(corpus, contacts)
        staff_tokens = setup_queue_staff(teams, agents)
        indexes = drop_secondary_indexes(connection, [Ticket, TimelineEvent])
        solved = ResolutionCode.objects.get(code="solved").pk
        tickets = BulkWriter(connection, Ticket)
        events = BulkWriter(connection, TimelineEvent, parent=tickets)
        counters: dict[int, int] = {}
        for ticket, rows in ticket_rows(corpus, n, teams, agents, people, now, counters):
            if ticket["resolution"]:
                ticket["resolution_code_id"] = solved
            tickets.add(**ticket)
            for row in rows:
                events.add(**row)
        tickets.flush()
        events.flush()
        for year, last in counters.items():
            TicketCounter.objects.update_or_create(year=year, defaults={"last": last})
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # deferred FK checks first, then indexes
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in indexes:
                cursor.execute(sql)
            if connection.vendor == "postgresql":
                for sql in connection.ops.sequence_reset_sql(no_style(), [Ticket, TimelineEvent]):
                    cursor.execute(sql)
        guided_work = seed_guided_work(n, teams, agents, now)
    with connection.cursor() as cursor:
        # What autovacuum does to a table after bulk inserts (PostgreSQL 13+): statistics,
        # and a visibility map so that counts can use index-only scans.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    seconds = round(time.perf_counter() - started, 1)
    return {
        "product": "loket",
        "db": connection.vendor,
        "tickets_seeded": n,
        "events": events.written,
        "seed_seconds": seconds,
        "ticket_id_range": [1, n],
        "team_ids": [t.pk for t in teams],
        "contact_ids": [c.pk for c in people],
        "phones": [phone_of(i) for i in range(0, contacts, max(1, contacts // 500))],
        "token": token,
        "username": "bench-admin",
        "staff_tokens": staff_tokens,
        **guided_work,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--target", type=Path, required=True, help="write the target JSON here")
    parser.add_argument("--no-migrate", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    os.environ.setdefault("SECRET_KEY", "loket-benchmark-seeding-only")
    corpus = load_corpus(args.corpus)
    if args.contacts < corpus.N_CUSTOMERS:
        sys.exit(f"--contacts must be at least {corpus.N_CUSTOMERS} (the corpus's submitters)")
    import django

    django.setup()
    from django.core.management import call_command

    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    info = seed(corpus, args.tickets, args.contacts)
    args.target.parent.mkdir(parents=True, exist_ok=True)
    args.target.write_text(json.dumps(info, indent=1))
    print(
        f"seeded {info['tickets_seeded']} tickets and {info['events']} events in "
        f"{info['seed_seconds']} s ({info['db']}); target {args.target}"
    )


if __name__ == "__main__":
    main()
