"""Put the whole demo in the database, in one transaction."""

import random
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from loket.channels import demo_calls, demo_mail
from loket.core.demo.directory import (
    build_categories,
    build_contacts,
    build_customers,
    build_organisations,
    build_staff,
    build_teams,
)
from loket.core.demo.guidance import build_guidance
from loket.core.demo.knowledge import build_knowledge
from loket.core.demo.sla import build_showcase, build_sla_config, handle_due_actions
from loket.core.demo.timeline import Desk, build_tickets
from loket.tickets.models import Ticket, TimelineEvent


@dataclass(frozen=True)
class DemoSummary:
    organisations: int
    contacts: int
    users: int
    tickets: int
    events: int
    sla_actions: int
    articles: int
    problems: int


@transaction.atomic
def seed_demo(
    *, contacts: int = 200, tickets: int = 2000, seed: int = 2026, now: datetime | None = None
) -> DemoSummary:
    """Create the demo desk: teams, categories, users, organisations, contacts, SLA
    policies, tickets, a few tickets whose SLA clocks show every state, and the
    knowledge base with its known problems.

    The same ``seed`` gives the same data (relative to ``now``).
    """
    rng = random.Random(seed)
    now = now or timezone.now()
    teams = build_teams()
    categories = build_categories()
    staff = build_staff(teams, categories)
    organisations = build_organisations(rng, timezone.localdate(now))
    people = build_contacts(rng, organisations, max(contacts, len(organisations)))
    customers = build_customers(people)
    build_sla_config(teams, timezone.localdate(now))
    desk = Desk(teams, categories, staff, customers, people)
    build_tickets(rng, desk, tickets, now)
    build_showcase(
        agent=staff["agent"],
        customer=customers["customer"],
        contacts=people,
        categories=categories,
        first_line=teams["first_line"],
        now=now,
    )
    sla_actions = handle_due_actions(now)
    knowledge = build_knowledge(rng, desk, now)
    build_guidance(desk, now)
    demo_calls.build(desk, now)
    demo_mail.build(desk, now)
    demo_mail.settle_outbox(now)
    return DemoSummary(
        organisations=len(organisations),
        contacts=len(people),
        users=len(staff) + len(customers),
        tickets=Ticket.objects.count(),
        events=TimelineEvent.objects.count(),
        sla_actions=sla_actions,
        articles=knowledge.articles,
        problems=knowledge.problems,
    )
