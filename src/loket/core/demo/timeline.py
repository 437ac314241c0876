"""Demo tickets with realistic timelines, written through the ticket services.

Each ticket follows a story: created (by phone with a call log, or by e-mail/portal and
picked up later), then solved at first contact, or worked on by first line (questions to
the customer, waiting, call-backs, notes), or escalated with a reason to a second-line or
specialised team. Steps that would fall after "now" are not taken, so recent tickets are
still open. Older resolved tickets are closed a few days after their resolution.
"""

import contextlib
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from loket.accounts.models import Team, User
from loket.core.demo import scenarios as text
from loket.directory.models import Contact
from loket.tickets import services
from loket.tickets.models import Category, ResolutionCode, Ticket, TimelineEvent

BRUSSELS = ZoneInfo("Europe/Brussels")
CHANNELS = {"phone": 55, "email": 22, "portal": 12, "chat": 6, "walk_in": 5}
STAFF_CHANNELS = {"phone", "chat", "walk_in"}


class StoryEnds(Exception):
    """The next step of a ticket's story would happen after now."""


@dataclass
class Desk:
    """Who and what the stories draw from."""

    teams: dict[str, Team]
    categories: dict[str, Category]
    staff: dict[str, User]
    customers: dict[str, User]
    contacts: list[Contact]
    codes: dict[str, ResolutionCode] = field(default_factory=dict)
    customer_of: dict[int, User] = field(default_factory=dict)  # contact id -> customer user
    teams_of: dict[int, set[int]] = field(default_factory=dict)  # user id -> team ids

    def agents(self) -> list[User]:
        return [u for u in self.staff.values() if u.role == "agent"]

    def members(self, team_key: str) -> list[User]:
        team_id = self.teams[team_key].pk
        return [
            u
            for u in self.staff.values()
            if u.role == "specialist" and team_id in self.teams_of.get(u.pk, set())
        ]


def creation_times(
    rng: random.Random, count: int, now: datetime, days: int = 182
) -> list[datetime]:
    """``count`` moments in office hours (Mon–Fri 8:00–18:00 Brussels) over the last
    ``days`` days, oldest first."""
    local_now = now.astimezone(BRUSSELS)
    weekdays = [
        (local_now - timedelta(days=d)).date()
        for d in range(days, -1, -1)
        if (local_now - timedelta(days=d)).weekday() < 5
    ]
    moments = []
    while len(moments) < count:
        day = rng.choice(weekdays)
        minute = int(rng.triangular(0, 600, 90))  # busiest in the morning
        moment = datetime(day.year, day.month, day.day, 8, tzinfo=BRUSSELS) + timedelta(
            minutes=minute, seconds=rng.randrange(60)
        )
        if moment < now:
            moments.append(moment.astimezone(ZoneInfo("UTC")))
    return sorted(moments)


class Story:
    """One ticket's life; ``step`` moves the clock and refuses to pass now."""

    def __init__(self, rng: random.Random, desk: Desk, now: datetime, start: datetime):
        self.rng, self.desk, self.now, self.clock = rng, desk, now, start
        # Most tickets move briskly; some drag on for weeks (the backlog every desk has).
        self.pace = rng.choices([1, 5, 20], weights=[80, 14, 6])[0]
        self.contact = self._pick_contact()
        self.lang = self.contact.language
        self.scenario = rng.choice(text.SCENARIOS)
        self.slots = {
            "app": rng.choice(text.APPS),
            "device": rng.choice(text.DEVICES),
            "room": rng.choice(text.ROOMS),
            "site": rng.choice(text.SITES),
            "code": f"E{rng.randint(100, 9999)}",
            "n": rng.randint(3, 45),
        }
        speakers = [a for a in desk.agents() if self.lang in a.spoken_languages]
        self.agent = rng.choice(speakers or desk.agents())
        self.customer_user = desk.customer_of.get(self.contact.pk)
        self.ticket: Ticket | None = None

    def _pick_contact(self) -> Contact:
        # The demo customers have a history worth looking at.
        if self.rng.random() < 0.02:
            return self.rng.choice([u.contact for u in self.desk.customers.values()])
        return self.rng.choice(self.desk.contacts)

    def say(self, texts: dict[str, str]) -> str:
        return texts[self.lang].format(**self.slots)

    def step(self, minimum: float, maximum: float) -> datetime:
        """Advance the clock by ``minimum``–``maximum`` minutes."""
        self.clock += timedelta(minutes=self.pace * self.rng.uniform(minimum, maximum))
        if self.clock >= self.now:
            raise StoryEnds
        return self.clock

    def create(self) -> None:
        rng, scenario = self.rng, self.scenario
        channel = rng.choices(list(CHANNELS), weights=CHANNELS.values())[0]
        by_staff = channel in STAFF_CHANNELS
        self.ticket = services.create_ticket(
            acting_user=self.agent if by_staff else None,
            subject=self.say(scenario["subject"]),
            description=self.say(scenario["description"]),
            contact=self.contact,
            category=self.desk.categories[scenario["category"]],
            type=scenario["type"],
            channel=channel,
            impact=rng.randint(*scenario["impact"]),
            urgency=rng.randint(*scenario["urgency"]),
            team=self.desk.teams["first_line"],
            assignee=self.agent if by_staff else None,
            now=self.clock,
        )
        if channel == "phone":
            wait = timedelta(seconds=rng.randint(5, 240))
            talk = timedelta(seconds=rng.randint(90, 720))
            services.log_call(
                self.ticket,
                call=services.CallLog("in", self.clock - wait, self.clock, self.clock + talk),
                acting_user=self.agent,
            )
            self.clock += talk
        elif not by_staff:  # e-mail and portal land in the unassigned queue
            self.ticket = services.assign_ticket(
                self.ticket,
                team=self.desk.teams["first_line"],
                assignee=self.agent,
                acting_user=self.agent,
                version=None,
                now=self.step(5, 180),
            )

    def ask_customer(self, author: User) -> None:
        services.add_reply(
            self.ticket,
            body=self.rng.choice(text.ASK_DETAILS[self.lang]),
            acting_user=author,
            now=self.step(10, 120),
        )
        self.ticket = services.change_status(
            self.ticket,
            to="waiting_customer",
            acting_user=author,
            version=None,
            now=self.step(0.2, 1),
        )
        answered = self.step(60, 2 * 24 * 60)
        answer = self.rng.choice(text.CUSTOMER_ANSWERS[self.lang])
        # Drawn whichever way the answer comes, so the random stream does not depend on
        # which contacts happen to have a user.
        talk = timedelta(seconds=self.rng.randint(60, 400))
        reopened = self.step(0.5, 3)
        if self.customer_user is not None:
            services.add_reply(
                self.ticket, body=answer, acting_user=self.customer_user, now=answered
            )
        else:
            services.log_call(
                self.ticket,
                call=services.CallLog("in", answered - talk, answered - talk, answered),
                acting_user=author,
                note=answer,
            )
            self.ticket = services.change_status(
                self.ticket, to="open", acting_user=author, version=None, now=reopened
            )

    def note(self, author: User) -> None:
        services.add_note(
            self.ticket,
            body=self.rng.choice(text.NOTES[self.lang]),
            acting_user=author,
            now=self.step(10, 240),
        )

    def escalate(self) -> User:
        team_key = self.scenario["escalate"]
        self.ticket = services.escalate_ticket(
            self.ticket,
            to_team=self.desk.teams[team_key],
            reason=self.say(self.scenario["reason"]),
            acting_user=self.agent,
            version=None,
            now=self.step(15, 90),
        )
        specialist = self.rng.choice(self.desk.members(team_key))
        self.ticket = services.assign_ticket(
            self.ticket,
            team=self.desk.teams[team_key],
            assignee=specialist,
            acting_user=specialist,
            version=None,
            now=self.step(30, 8 * 60),
        )
        services.add_reply(
            self.ticket,
            body=self.rng.choice(text.SPECIALIST_REPLIES[self.lang]),
            acting_user=specialist,
            now=self.step(5, 120),
        )
        if self.scenario["code"] == "referred" or self.rng.random() < 0.15:
            self.ticket = services.change_status(
                self.ticket,
                to="waiting_third_party",
                acting_user=specialist,
                version=None,
                now=self.step(30, 240),
            )
            services.add_note(
                self.ticket,
                body=text.THIRD_PARTY[self.lang],
                acting_user=specialist,
                now=self.step(0.5, 2),
            )
            self.ticket = services.change_status(
                self.ticket,
                to="open",
                acting_user=specialist,
                version=None,
                now=self.step(24 * 60, 5 * 24 * 60),
            )
        return specialist

    def resolve(self, author: User, code: str, after: tuple[float, float]) -> None:
        self.ticket = services.resolve_ticket(
            self.ticket,
            resolution=self.say(self.scenario["resolution"]),
            code=self.desk.codes[code],
            acting_user=author,
            version=None,
            now=self.step(*after),
        )

    def finish(self, author: User) -> None:
        """Close after the customer had a few days to object; now and then reopen first."""
        if self.rng.random() < 0.03:
            self.ticket = services.reopen_ticket(
                self.ticket,
                acting_user=author,
                version=None,
                reason=text.REOPEN_REASON[self.lang],
                now=self.step(60, 3 * 24 * 60),
            )
            self.note(author)
            self.resolve(author, self.scenario["code"], (60, 24 * 60))
        self.ticket = services.close_ticket(
            self.ticket, acting_user=author, version=None, now=self.step(3 * 24 * 60, 7 * 24 * 60)
        )

    def play(self) -> None:
        self.create()
        rng, scenario = self.rng, self.scenario
        first_contact = scenario["code"] == "first-contact" and self.ticket.channel == "phone"
        if first_contact and rng.random() < 0.75:
            self.resolve(self.agent, "first-contact", (0.1, 2))
            self.finish(self.agent)
            return
        if scenario["escalate"] and rng.random() < 0.8:
            if rng.random() < 0.4:
                self.note(self.agent)
            worker = self.escalate()
        else:
            worker = self.agent
        if rng.random() < 0.55:
            self.ask_customer(worker)
        if rng.random() < 0.4:
            self.note(worker)
        code = "no-response" if rng.random() < 0.04 else scenario["code"]
        if code == "first-contact":
            code = "solved"
        self.resolve(worker, code, (30, 3 * 24 * 60))
        self.finish(worker)


def build_tickets(rng: random.Random, desk: Desk, count: int, now: datetime) -> int:
    """Write ``count`` tickets with their timelines; returns the number of events."""
    desk.codes = {c.code: c for c in ResolutionCode.objects.all()}
    for user in desk.staff.values():
        desk.teams_of[user.pk] = set(user.memberships.values_list("team_id", flat=True))
    desk.customer_of = {user.contact_id: user for user in desk.customers.values()}
    for start in creation_times(rng, count, now):
        with contextlib.suppress(StoryEnds):
            Story(rng, desk, now, start).play()
    return TimelineEvent.objects.count()
