"""Demo data for the telephone: a "Demo PBX", an extension per demo agent, one blocked
number and about 300 calls over the last two weeks — most answered within 20 seconds,
some abandoned, a few forwarded or blocked, some linked to the caller's ticket. Called by
loket.core.demo.builder; creates no tickets."""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from loket.channels.cti import new_token, token_digest
from loket.channels.models import (
    BlockedNumber,
    Call,
    CallDirection,
    CallState,
    Cause,
    CtiEndpoint,
    Extension,
)
from loket.directory.models import ContactPhone
from loket.tickets.models import Channel, Ticket

BRUSSELS = ZoneInfo("Europe/Brussels")
DESK_NUMBER = "+3292234567"
BLOCKED = "+3225550199"
QUEUES = [("Helpdesk NL", 60), ("Helpdesk FR", 30), ("Priority", 10)]
# Outcome of an incoming call, in per cent.
OUTCOMES = [("answered", 84), ("abandoned", 9), ("forwarded", 4), ("blocked", 3)]
CALLS = 300
DAYS = 14


def build(desk, now: datetime) -> int:
    """Create the demo's telephone data; return the number of calls."""
    rng = random.Random(2026)
    endpoint = CtiEndpoint.objects.create(name="Demo PBX", token_sha256=token_digest(new_token()))
    agents = sorted(desk.agents(), key=lambda u: u.username)
    Extension.objects.bulk_create(
        Extension(user=agent, number=str(201 + i)) for i, agent in enumerate(agents)
    )
    BlockedNumber.objects.create(number=BLOCKED, reason="Repeated nuisance calls (demo)")
    numbers = list(
        ContactPhone.objects.filter(contact__in=desk.contacts).values_list("number", "contact_id")
    )
    tickets = _phone_tickets(numbers, now)
    calls = [
        _call(rng, endpoint, n, moment, agents, numbers, tickets)
        for n, moment in enumerate(_moments(rng, now))
    ]
    Call.objects.bulk_create(calls)
    return len(calls)


def _phone_tickets(numbers, now: datetime) -> dict[int, list[int]]:
    """Recent phone tickets per contact, to link calls to."""
    found: dict[int, list[int]] = {}
    rows = Ticket.objects.filter(
        contact_id__in={contact for _, contact in numbers},
        channel=Channel.PHONE,
        created_at__gte=now - timedelta(days=DAYS),
    ).values_list("contact_id", "pk")
    for contact, ticket in rows:
        found.setdefault(contact, []).append(ticket)
    return found


def _moments(rng: random.Random, now: datetime) -> list[datetime]:
    """Office-hour moments (Mon–Fri 8:00–18:00 Brussels) of the last two weeks, oldest
    first, all at least ten minutes ago (no demo call pops on an agent's screen)."""
    local = now.astimezone(BRUSSELS)
    days = [
        (local - timedelta(days=d)).date()
        for d in range(DAYS, -1, -1)
        if (local - timedelta(days=d)).weekday() < 5
    ]
    latest = now - timedelta(minutes=10)
    moments: list[datetime] = []
    while len(moments) < CALLS:
        day = rng.choice(days)
        minute = int(rng.triangular(0, 600, 120))  # busiest mid-morning
        moment = datetime.combine(day, time(8), tzinfo=BRUSSELS) + timedelta(
            minutes=minute, seconds=rng.randrange(60)
        )
        if moment <= latest:
            moments.append(moment)
    return sorted(moments)


def _pick(rng: random.Random, weighted) -> str:
    return rng.choices([name for name, _ in weighted], weights=[w for _, w in weighted])[0]


def _wait(rng: random.Random) -> int:
    # Most callers are answered within 20 seconds; a few wait much longer.
    return int(rng.expovariate(1 / 9)) if rng.random() < 0.85 else rng.randrange(20, 150)


def _call(rng, endpoint, n, started, agents, numbers, tickets) -> Call:
    known = numbers and rng.random() < 0.75
    party, contact = rng.choice(numbers) if known else (f"+32479{rng.randrange(10**6):06d}", None)
    outcome = _pick(rng, OUTCOMES)
    outgoing = outcome == "answered" and rng.random() < 0.06
    call = Call(
        endpoint=endpoint,
        call_id=f"demo-{n:04d}",
        direction=CallDirection.OUT if outgoing else CallDirection.IN,
        from_number=DESK_NUMBER if outgoing else party,
        to_number=party if outgoing else DESK_NUMBER,
        party=party,
        contact_id=contact,
        queue="" if outgoing else _pick(rng, QUEUES),
        started_at=started,
        state=CallState.ENDED,
    )
    if outcome == "blocked":
        call.from_number = call.party = BLOCKED
        call.contact_id = None
        call.blocked, call.cause, call.wait_seconds, call.ended_at = True, Cause.BUSY, 0, started
        return call
    wait = _wait(rng)
    if outcome == "answered":
        agent = rng.choice(agents) if agents else None
        talk = int(rng.lognormvariate(5.3, 0.6))  # about three minutes, a long tail
        call.agent = agent
        call.users = [agent.get_full_name()] if agent else []
        call.answering_number = str(201 + agents.index(agent)) if agent else ""
        call.answered_at = call.popped_at = started + timedelta(seconds=wait)
        call.ended_at = call.answered_at + timedelta(seconds=talk)
        call.wait_seconds, call.talk_seconds, call.cause = wait, talk, Cause.NORMAL_CLEARING
        linked = tickets.get(contact or 0)
        if linked and rng.random() < 0.5:
            call.ticket_id = rng.choice(linked)
            call.wrap_up_seconds = rng.randrange(20, 240)
        return call
    wait = wait + rng.randrange(10, 60)
    call.wait_seconds, call.ended_at = wait, started + timedelta(seconds=wait)
    call.cause = Cause.FORWARDED if outcome == "forwarded" else Cause.CANCEL
    return call
