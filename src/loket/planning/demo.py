"""Demo data for planning, called by loket.core.demo.guidance: the demo agent's callbacks
(one overdue, two today, one tomorrow), a help request and a mention for them, and three
recurring tasks with a past occurrence each."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from loket.planning import schedule, services
from loket.planning.models import Frequency, RecurringTask
from loket.planning.recurring import create_due_occurrences, create_recurring_task
from loket.tickets.models import OPEN_STATUSES, Ticket
from loket.tickets.services import add_note

CALLBACK_NOTES = [
    "Klant belt terug na de herstart van de printer; even nagaan of het gelukt is.",
    "Rappeler pour confirmer que le VPN fonctionne depuis la maison.",
    "Call back to check the new password works on the phone too.",
    "Terugbellen: afspraak voor de vervanging van de laptop vastleggen.",
]

TASKS = [
    {
        "title": "Check backup report",
        "description": (
            "NL: Lees het back-uprapport van het weekend na en meld mislukte jobs.\n"
            "FR: Vérifier le rapport de sauvegarde du week-end et signaler les échecs.\n"
            "EN: Read the weekend backup report and report failed jobs."
        ),
        "frequency": Frequency.WEEKLY,
        "weekdays": [1],
        "time_of_day": time(8, 0),
        "category": None,
        "assignee": "agent",
    },
    {
        "title": "Monthly licence review",
        "description": (
            "NL: Vergelijk de gebruikte licenties met het contract.\n"
            "FR: Comparer les licences utilisées avec le contrat.\n"
            "EN: Compare the licences in use with the contract."
        ),
        "frequency": Frequency.MONTHLY,
        "day_of_month": 1,
        "time_of_day": time(9, 0),
        "category": None,
        "assignee": None,
    },
    {
        "title": "Printer toner round",
        "description": (
            "NL: Loop alle printers af en vervang bijna lege toners.\n"
            "FR: Faire le tour des imprimantes et remplacer les toners presque vides.\n"
            "EN: Walk past every printer and replace toners that run low."
        ),
        "frequency": Frequency.WEEKLY,
        "weekdays": [5],
        "time_of_day": time(14, 0),
        "category": "printing",
        "assignee": None,
    },
]


def build(desk, now) -> int:
    """Create the demo planning; return how many were made."""
    made = _callbacks(desk, now)
    made += _collaboration(desk, now)
    made += _recurring(desk, now)
    return made


def _open_tickets(user, count: int) -> list[Ticket]:
    return list(
        Ticket.objects.filter(
            assignee=user, status__in=OPEN_STATUSES, contact__isnull=False
        ).order_by("-created_at")[:count]
    )


def _callbacks(desk, now: datetime) -> int:
    agent = desk.staff["agent"]
    tickets = _open_tickets(agent, 4)
    if not tickets:
        return 0
    local = timezone.localtime(now)
    end_of_day = local.replace(hour=23, minute=30, second=0, microsecond=0)
    tomorrow = datetime.combine(local.date() + timedelta(days=1), time(10, 0), tzinfo=local.tzinfo)
    # Two later today (squeezed before midnight when the demo is built late).
    today_1 = min(now + timedelta(hours=1), end_of_day - timedelta(minutes=20))
    today_2 = min(now + timedelta(hours=3), end_of_day)
    plans = [
        # Overdue: planned two hours ago for half an hour ago.
        (now - timedelta(minutes=30), now - timedelta(hours=2)),
        (today_1, now),
        (today_2, now),
        (tomorrow, now),
    ]
    made = 0
    for n, (due_at, planned_at) in enumerate(plans):
        ticket = tickets[n % len(tickets)]
        if due_at < planned_at:
            continue
        services.schedule_callback(
            ticket, due_at=due_at, acting_user=agent, note=CALLBACK_NOTES[n], now=planned_at
        )
        made += 1
    return made


def _collaboration(desk, now: datetime) -> int:
    agent, mehdi, lotte = desk.staff["agent"], desk.staff["mehdi"], desk.staff["lotte"]
    made = 0
    asked = _open_tickets(mehdi, 1)
    if asked:
        services.ask_for_help(
            asked[0],
            user=agent,
            question="Tu as déjà vu cette erreur d'imprimante ? Le pilote est à jour.",
            acting_user=mehdi,
            now=now - timedelta(minutes=40),
        )
        made += 1
    mentioned = _open_tickets(lotte, 1)
    if mentioned:
        add_note(
            mentioned[0],
            body="@agent jij kent deze klant: weet jij welke laptop ze gebruikt?",
            acting_user=lotte,
            now=now - timedelta(minutes=15),
        )
        made += 1
    return made


def _recurring(desk, now: datetime) -> int:
    """Three tasks of the first line, each with its latest past occurrence made."""
    supervisor = desk.staff["supervisor"]
    start = timezone.localdate(now) - timedelta(days=70)
    for spec in TASKS:
        fields = dict(spec)
        fields["category"] = desk.categories.get(spec["category"]) if spec["category"] else None
        fields["assignee"] = desk.staff[spec["assignee"]] if spec["assignee"] else None
        fields["start_date"] = start
        last = _last_before(RecurringTask(**fields), now)
        # Created just before its latest past occurrence, so that the worker round
        # below makes exactly that one.
        create_recurring_task(
            acting_user=supervisor,
            team=desk.teams["first_line"],
            now=last - timedelta(minutes=1) if last else now,
            **fields,
        )
    create_due_occurrences(now=now)
    return len(TASKS)


def _last_before(task: RecurringTask, now: datetime) -> datetime | None:
    """The task's latest occurrence before ``now``."""
    last = None
    start = datetime.combine(task.start_date, time.min, tzinfo=schedule.desk_zone())
    for occurrence in schedule.occurrences(task, start):
        if occurrence >= now:
            break
        last = occurrence
    return last
