"""The SLA side of the demo: a premium policy, bridge days, and a handful of tickets
whose clocks stand in every state when the demo starts.

The showcase tickets are written through the ticket services with moments in the past,
so their timelines are real and their clocks are derived like any other. Their moments
are counted back from now in business time on the calendar of the policy that will
apply, so the states hold whatever day or hour the demo is seeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone, translation

from loket.accounts.models import Team, User
from loket.directory.models import Contact
from loket.sla import services as sla
from loket.sla.businesstime import BusinessCalendar, CalendarSpec, epoch, public_holidays
from loket.sla.calendars import holiday_label
from loket.sla.models import NO_CONTRACT, Calendar, ClosureDay, SlaPolicy, SlaTarget
from loket.sla.sweep import sweep
from loket.tickets import services
from loket.tickets.models import Category, ResolutionCode, Ticket

PREMIUM = "Premium 24/7"
# Business minutes per priority: first response, next response, resolution.
PREMIUM_TARGETS = {
    "P1": (15, 30, 2 * 60),
    "P2": (30, 60, 4 * 60),
    "P3": (60, 4 * 60, 8 * 60),
    "P4": (2 * 60, 8 * 60, 24 * 60),
}


def build_sla_config(teams: dict[str, Team], today: date) -> SlaPolicy:
    """The premium policy before the catch-all "Standaard"; on the office calendar, the
    next bridge day and a team day."""
    always, _ = Calendar.objects.get_or_create(
        name="24/7", defaults={"time_zone": "Europe/Brussels", "always_open": True}
    )
    policy, created = SlaPolicy.objects.get_or_create(
        name=PREMIUM,
        defaults={
            "position": 10,
            "calendar": always,
            "service_levels": ["premium"],
            "warning_percent": 75,
            "escalate_to": teams["second_line"],
            "notify_supervisor": True,
            "raise_priority": True,
        },
    )
    if created:
        SlaTarget.objects.bulk_create(
            SlaTarget(
                policy=policy,
                priority=priority,
                first_response_minutes=first,
                next_response_minutes=following,
                resolution_minutes=resolution,
            )
            for priority, (first, following, resolution) in PREMIUM_TARGETS.items()
        )
    office = Calendar.objects.filter(name="Kantooruren Brussel").first()
    if office is not None:
        closures = [*bridge_days(office, today)[:1], (team_day(office, today), "Teamdag")]
        for day, name in closures:
            ClosureDay.objects.get_or_create(calendar=office, date=day, defaults={"name": name})
    return policy


def _observed(calendar: Calendar, today: date) -> dict[date, str]:
    """The calendar's holidays this year and next, by English name."""
    names = set(calendar.holidays or ())
    return {
        day: name
        for year in (today.year, today.year + 1)
        for day, name in public_holidays("BE", year)
        if name in names
    }


def team_day(calendar: Calendar, today: date) -> date:
    """A working day about two weeks ahead, so the calendar's preview shows a closure."""
    closed = _observed(calendar, today)
    day = today + timedelta(days=10)
    while day.weekday() >= 5 or day in closed:
        day += timedelta(days=1)
    return day


def bridge_days(calendar: Calendar, today: date) -> list[tuple[date, str]]:
    """Working days squeezed between a Tuesday or Thursday holiday and the weekend, in
    the coming year: the days Belgian offices close for "de brug"."""
    holidays = _observed(calendar, today)
    bridges = []
    for day, name in sorted(holidays.items()):
        if day.weekday() == 1:
            bridge = day - timedelta(days=1)
        elif day.weekday() == 3:
            bridge = day + timedelta(days=1)
        else:
            continue
        if today < bridge <= today + timedelta(days=365) and bridge not in holidays:
            with translation.override("nl"):
                bridges.append((bridge, f"Brugdag – {holiday_label(name)}"))
    return bridges


# -- the showcase tickets ---------------------------------------------------------------


@dataclass(frozen=True)
class Showcase:
    """One ticket's story: who, what, how long ago in business minutes, what happened.

    ``steps`` are (business minutes after creation, action); ``contract`` is the
    service level of the contact's organisation, or ``customer`` for the demo customer.
    """

    state: str
    contract: str
    impact: int
    urgency: int
    category: str
    channel: str
    age: int
    steps: tuple[tuple[int, str], ...]
    subject: dict[str, str]


SHOWCASE = [
    Showcase(
        state="ok",
        contract="standard",
        impact=2,
        urgency=2,
        category="software.office",
        channel="email",
        age=2 * 60,
        steps=((10, "assign"), (25, "reply")),
        subject={
            "nl": "Excel loopt vast bij het openen van de maandrapportage",
            "fr": "Excel se fige à l'ouverture du rapport mensuel",
            "en": "Excel freezes when opening the monthly report",
        },
    ),
    Showcase(
        state="warning",
        contract="standard",
        impact=2,
        urgency=2,
        category="network.vpn",
        channel="portal",
        age=22 * 60,
        steps=((20, "assign"), (45, "reply"), (6 * 60, "note")),
        subject={
            "nl": "VPN valt om het halfuur weg bij thuiswerk",
            "fr": "Le VPN se coupe toutes les demi-heures en télétravail",
            "en": "VPN drops every half hour when working from home",
        },
    ),
    Showcase(
        state="breached",
        contract="standard",
        impact=1,
        urgency=2,
        category="printing",
        channel="email",
        age=90,
        steps=(),
        subject={
            "nl": "Geen enkele printer op de tweede verdieping drukt nog af",
            "fr": "Plus aucune imprimante ne fonctionne au deuxième étage",
            "en": "None of the printers on the second floor print any more",
        },
    ),
    Showcase(
        state="breached",
        contract="premium",
        impact=1,
        urgency=2,
        category="software.business",
        channel="portal",
        age=4 * 60 + 20,
        steps=((5, "assign"), (20, "reply"), (90, "note")),
        subject={
            "nl": "Facturatiemodule geeft fout bij elke boeking",
            "fr": "Le module de facturation renvoie une erreur à chaque écriture",
            "en": "Invoicing module fails on every booking",
        },
    ),
    Showcase(
        state="paused",
        contract="customer",
        impact=2,
        urgency=2,
        category="account.password",
        channel="portal",
        age=6 * 60,
        steps=((15, "assign"), (30, "ask"), (31, "wait")),
        subject={
            "nl": "Wachtwoord verlopen, kan niet meer inloggen op de webmail",
            "fr": "Mot de passe expiré, impossible de se connecter au webmail",
            "en": "Password expired, cannot log in to webmail any more",
        },
    ),
    Showcase(
        state="met",
        contract="standard",
        impact=2,
        urgency=3,
        category="hardware.screen",
        channel="phone",
        age=20 * 60,
        steps=((2 * 60, "note"), (3 * 60, "resolve")),
        subject={
            "nl": "Tweede scherm wordt niet herkend na docking",
            "fr": "Le deuxième écran n'est pas reconnu sur la station d'accueil",
            "en": "Second screen not recognised on the docking station",
        },
    ),
]

TEXTS = {
    "reply": {
        "nl": "Dank u voor de melding; we bekijken het en houden u op de hoogte.",
        "fr": "Merci pour votre signalement ; nous regardons et vous tenons au courant.",
        "en": "Thank you for reporting this; we are looking into it and will keep you posted.",
    },
    "ask": {
        "nl": "Kunt u een schermafdruk sturen van de foutmelding die u krijgt?",
        "fr": "Pouvez-vous nous envoyer une capture d'écran du message d'erreur ?",
        "en": "Could you send us a screenshot of the error message you get?",
    },
    "note": {
        "nl": "Logbestanden opgevraagd; lijkt op het probleem van vorige week.",
        "fr": "Journaux demandés ; ressemble au problème de la semaine dernière.",
        "en": "Asked for the logs; looks like last week's problem.",
    },
    "resolve": {
        "nl": "Stuurprogramma van het dockingstation bijgewerkt; beide schermen werken.",
        "fr": "Pilote de la station d'accueil mis à jour ; les deux écrans fonctionnent.",
        "en": "Docking station driver updated; both screens work.",
    },
}


class _Timeline:
    """Moments of one showcase ticket, in business time on its policy's calendar."""

    def __init__(self, calendar: BusinessCalendar, now: datetime, age_minutes: int):
        self.calendar = calendar
        start = calendar.instant(calendar.worked(now.timestamp()) - age_minutes * 60)
        self.created = epoch(start) if start is not None else now - timedelta(minutes=age_minutes)

    def at(self, minutes: int) -> datetime:
        return self.calendar.add(self.created, minutes * 60) or self.created


@dataclass(frozen=True)
class Cast:
    """Who works the showcase tickets and what they draw on."""

    agent: User
    customer: User
    first_line: Team
    categories: dict[str, Category]
    resolved: ResolutionCode


def build_showcase(
    *,
    agent: User,
    customer: User,
    contacts: list[Contact],
    categories: dict[str, Category],
    first_line: Team,
    now: datetime,
) -> list[Ticket]:
    """The showcase tickets, one story each; returns them in ``SHOWCASE`` order."""
    assert customer.contact is not None
    today = timezone.localdate(now)
    organisations = {c.organisation_id or 0 for c in [*contacts, customer.contact]}
    levels = sla.service_levels(organisations, today)
    by_level: dict[str, Contact] = {"customer": customer.contact}
    for contact in contacts:
        by_level.setdefault(levels.get(contact.organisation_id or 0, NO_CONTRACT), contact)
    cast = Cast(agent, customer, first_line, categories, ResolutionCode.objects.get(code="solved"))
    config = sla.config()
    tickets = []
    for story in SHOWCASE:
        contact = by_level[story.contract]
        probe = Ticket(
            priority=services.priority_for(story.impact, story.urgency),
            type="incident",
            category=categories[story.category],
        )
        policy = config.policy(probe, levels.get(contact.organisation_id or 0, NO_CONTRACT))
        calendar = policy.calendar if policy else BusinessCalendar(CalendarSpec(always_open=True))
        tickets.append(_play(story, contact, cast, _Timeline(calendar, now, story.age)))
    return tickets


def _play(story: Showcase, contact: Contact, cast: Cast, timeline: _Timeline) -> Ticket:
    by_staff = story.channel == "phone"
    lang = contact.language if contact.language in ("nl", "fr", "en") else "nl"
    agent = cast.agent
    ticket = services.create_ticket(
        acting_user=agent if by_staff else None,
        subject=story.subject[lang],
        contact=contact,
        category=cast.categories[story.category],
        channel=story.channel,
        impact=story.impact,
        urgency=story.urgency,
        team=cast.first_line,
        assignee=agent if by_staff else None,
        now=timeline.created,
    )
    for minutes, action in story.steps:
        at = timeline.at(minutes)
        if action == "assign":
            ticket = services.assign_ticket(
                ticket,
                team=cast.first_line,
                assignee=agent,
                acting_user=agent,
                version=None,
                now=at,
            )
        elif action in ("reply", "ask"):
            services.add_reply(ticket, body=TEXTS[action][lang], acting_user=agent, now=at)
        elif action == "note":
            services.add_note(ticket, body=TEXTS["note"][lang], acting_user=agent, now=at)
        elif action == "wait":
            ticket = services.change_status(
                ticket, to="waiting_customer", acting_user=agent, version=None, now=at
            )
        elif action == "resolve":
            ticket = services.resolve_ticket(
                ticket,
                resolution=TEXTS["resolve"][lang],
                code=cast.resolved,
                acting_user=agent,
                version=None,
                now=at,
            )
    ticket.refresh_from_db()
    return ticket


def handle_due_actions(now: datetime) -> int:
    """Run the SLA sweep once, so the demo starts with its warnings and breaches already
    handled and notified (as the worker would within a minute)."""
    result = sweep(now)
    return result.warnings + result.breaches
