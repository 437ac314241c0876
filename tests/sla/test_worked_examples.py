"""Worked examples a service-desk manager can check by hand, run through the real services.

The same rows are the table in docs/sla.md ("Worked examples"); a test compares the two,
so the documentation cannot drift from what Loket computes. All times are Brussels time
in 2025; the policy is the default "Standaard" (targets per priority below), on the
calendar named in the row.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from loket.sla.explain import business_duration, explain
from loket.sla.models import Calendar, ClosureDay, SlaPolicy, WorkingHours
from loket.tickets.models import Ticket
from loket.tickets.services import (
    add_reply,
    change_status,
    create_ticket,
    reopen_ticket,
    resolve_ticket,
    update_ticket,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
DOC = Path(__file__).resolve().parents[2] / "docs" / "sla.md"
TABLE_START, TABLE_END = "<!-- worked-examples -->", "<!-- /worked-examples -->"

# Impact and urgency that give each priority with the default matrix.
LEVELS = {"P1": (1, 1), "P2": (1, 2), "P3": (2, 2), "P4": (3, 3)}
TARGET_LABELS = {
    "first_response": "first response",
    "next_response": "next response",
    "resolution": "resolution",
}
STATUS_LABELS = {
    "waiting_customer": "waiting on customer",
    "waiting_third_party": "waiting on third party",
}
CALENDARS = {
    "office": "Office hours",
    "lunch": "Office hours with lunch break",
    "closure": "Office hours, Fri 2 May closed",
    "24/7": "24/7",
}


@dataclass(frozen=True)
class Step:
    when: str
    action: str  # reply, customer_reply, status, resolve, reopen, priority
    value: str = ""

    def sentence(self) -> str:
        phrases = {
            "reply": "Anna replies",
            "customer_reply": "Chris (customer) replies",
            "status": f"Anna sets “{STATUS_LABELS.get(self.value)}”",
            "resolve": "Anna resolves",
            "reopen": "Anna reopens",
            "priority": f"Anna reclassifies it as {self.value}",
        }
        return f"{phrases[self.action]} {self.when}"


@dataclass(frozen=True)
class Example:
    opened: str
    channel: str  # "e-mail": Chris wrote in; "phone call": Anna took his call
    priority: str
    steps: tuple[Step, ...]
    calendar: str
    target: str
    minutes: int
    checked: str
    due: str
    state: str
    by: str

    def row(self, number: int) -> list[str]:
        then = "; ".join(step.sentence() for step in self.steps) or "nobody answers"
        target = f"{TARGET_LABELS[self.target]} {business_duration(self.minutes * 60)}"
        return [
            str(number),
            f"{self.opened}, {self.channel}, {self.priority}",
            then,
            CALENDARS[self.calendar],
            target,
            self.checked,
            self.due,
            self.state,
            self.by,
        ]


EXAMPLES = [
    Example(
        "Mon 3 Mar 09:00", "e-mail", "P2",
        (Step("Mon 3 Mar 09:40", "reply"),),
        "office", "first_response", 60,
        "Mon 3 Mar 10:00", "—", "met", "20 min to spare",
    ),
    Example(
        "Fri 7 Mar 16:30", "e-mail", "P2",
        (),
        "office", "first_response", 60,
        "Mon 10 Mar 08:15", "Mon 10 Mar 08:30", "at risk", "15 min left",
    ),
    Example(
        "Mon 21 Apr 10:00", "e-mail", "P3",
        (Step("Tue 22 Apr 13:00", "reply"),),
        "office", "first_response", 240,
        "Tue 22 Apr 14:00", "Tue 22 Apr 12:00", "met late", "1 h late",
    ),
    Example(
        "Tue 4 Mar 09:00", "phone call", "P3",
        (
            Step("Wed 5 Mar 11:00", "status", "waiting_customer"),
            Step("Thu 6 Mar 15:00", "customer_reply"),
        ),
        "office", "resolution", 27 * 60,
        "Fri 7 Mar 12:00", "Mon 10 Mar 13:00", "on track", "10 h left",
    ),
    Example(
        "Mon 3 Mar 09:00", "e-mail", "P3",
        (Step("Mon 3 Mar 09:30", "reply"), Step("Wed 5 Mar 10:00", "status", "waiting_third_party")),
        "office", "resolution", 27 * 60,
        "Mon 10 Mar 09:00", "—", "paused", "8 h left",
    ),
    Example(
        "Mon 3 Mar 10:00", "e-mail", "P4",
        (Step("Wed 5 Mar 15:00", "resolve"),),
        "office", "resolution", 45 * 60,
        "Wed 5 Mar 15:00", "—", "met", "22 h to spare",
    ),
    Example(
        "Mon 3 Mar 08:00", "e-mail", "P3",
        (Step("Tue 4 Mar 17:00", "resolve"), Step("Thu 6 Mar 08:00", "reopen")),
        "office", "resolution", 27 * 60,
        "Fri 7 Mar 10:00", "Thu 6 Mar 17:00", "breached", "2 h overdue",
    ),
    Example(
        "Mon 3 Mar 09:00", "e-mail", "P4",
        (Step("Mon 3 Mar 11:00", "priority", "P2"),),
        "office", "first_response", 60,
        "Mon 3 Mar 11:00", "Mon 3 Mar 10:00", "breached", "1 h overdue",
    ),
    Example(
        "Sun 30 Mar 00:30", "e-mail", "P1",
        (),
        "24/7", "resolution", 4 * 60,
        "Sun 30 Mar 03:30", "Sun 30 Mar 05:30", "on track", "2 h left",
    ),
    Example(
        "Mon 3 Mar 11:30", "e-mail", "P2",
        (),
        "lunch", "first_response", 60,
        "Mon 3 Mar 13:20", "Mon 3 Mar 13:30", "at risk", "10 min left",
    ),
    Example(
        "Wed 30 Apr 15:00", "e-mail", "P3",
        (),
        "closure", "first_response", 240,
        "Mon 5 May 09:00", "Mon 5 May 10:00", "at risk", "1 h left",
    ),
    Example(
        "Mon 3 Mar 09:00", "phone call", "P2",
        (Step("Mon 3 Mar 15:00", "customer_reply"),),
        "office", "next_response", 4 * 60,
        "Tue 4 Mar 11:00", "Tue 4 Mar 10:00", "breached", "1 h overdue",
    ),
]  # fmt: skip


def moment(text: str) -> datetime:
    """``Mon 3 Mar 09:40`` in Brussels, 2025."""
    parsed = datetime.strptime(f"{text} 2025", "%a %d %b %H:%M %Y")  # noqa: DTZ007
    return parsed.replace(tzinfo=BRUSSELS)


def shown(value: datetime | None) -> str:
    if value is None:
        return "—"
    local = value.astimezone(BRUSSELS)
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def by_how_much(view) -> str:
    amount = business_duration(view.remaining_seconds)
    return {
        "met": f"{amount} to spare",
        "met_late": f"{amount} late",
        "breached": f"{amount} overdue",
    }.get(view.level, f"{amount} left")


def use_calendar(name: str) -> None:
    """Put the default policy on the calendar the example names."""
    office = Calendar.objects.get(name="Kantooruren Brussel")
    if name == "office":
        return
    if name == "closure":
        ClosureDay.objects.create(calendar=office, date=date(2025, 5, 2), name="Brugdag")
        return
    policy = SlaPolicy.objects.get(name="Standaard")
    if name == "24/7":
        policy.calendar = Calendar.objects.get(name="24/7")
    else:
        lunch = Calendar.objects.create(
            name="Kantooruren met middagpauze", holidays=office.holidays
        )
        for weekday in range(5):
            WorkingHours.objects.create(
                calendar=lunch, weekday=weekday, start=time(8), end=time(12)
            )
            WorkingHours.objects.create(
                calendar=lunch, weekday=weekday, start=time(13), end=time(17)
            )
        policy.calendar = lunch
    policy.save()


def play(example: Example, anna, chris, contact_a, teams, resolution_code) -> Ticket:
    impact, urgency = LEVELS[example.priority]
    ticket = create_ticket(
        acting_user=anna if example.channel == "phone call" else None,
        subject="Worked example",
        contact=contact_a,
        channel="phone" if example.channel == "phone call" else "email",
        impact=impact,
        urgency=urgency,
        team=teams["first"],
        assignee=anna,
        now=moment(example.opened),
    )
    for step in example.steps:
        at = moment(step.when)
        if step.action == "reply":
            add_reply(ticket, body="Looking into it.", acting_user=anna, now=at)
        elif step.action == "customer_reply":
            add_reply(ticket, body="Here is what you asked.", acting_user=chris, now=at)
        elif step.action == "status":
            change_status(ticket, to=step.value, acting_user=anna, version=None, now=at)
        elif step.action == "resolve":
            resolve_ticket(
                ticket,
                resolution="Fixed.",
                code=resolution_code,
                acting_user=anna,
                version=None,
                now=at,
            )
        elif step.action == "reopen":
            reopen_ticket(ticket, acting_user=anna, version=None, now=at)
        elif step.action == "priority":
            impact, urgency = LEVELS[step.value]
            update_ticket(
                ticket, acting_user=anna, version=None, impact=impact, urgency=urgency, now=at
            )
    return Ticket.objects.get(pk=ticket.pk)


@pytest.mark.parametrize(
    "example", EXAMPLES, ids=[f"{n}-{e.target}-{e.state}" for n, e in enumerate(EXAMPLES, 1)]
)
def test_worked_example(example, anna, chris, contact_a, teams, resolution_code):
    use_calendar(example.calendar)
    ticket = play(example, anna, chris, contact_a, teams, resolution_code)
    explanation = explain(ticket, now=moment(example.checked))
    assert explanation is not None
    assert explanation.policy == "Standaard"
    view = [t for t in explanation.targets if t.name == example.target][-1]
    assert view.target_seconds == example.minutes * 60
    assert (shown(view.due_at), view.level_label, by_how_much(view)) == (
        example.due,
        example.state,
        example.by,
    )


def test_the_documentation_shows_the_same_examples():
    text = DOC.read_text(encoding="utf-8")
    assert TABLE_START in text and TABLE_END in text, "docs/sla.md lost its examples table"
    table = text.split(TABLE_START, 1)[1].split(TABLE_END, 1)[0]
    lines = [line.strip() for line in table.strip().splitlines() if line.strip().startswith("|")]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]
    assert rows == [example.row(n) for n, example in enumerate(EXAMPLES, 1)]
