"""The SLA panel on the ticket page: targets, due times, pauses, the explanation.

The default policy "Standaard" (office hours in Brussels, Mon–Fri 08:00–17:00) applies.
The timeline is built with ``now=`` on the services and the page is read with "now"
frozen, so every number below can be checked by hand.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.sla.models import Calendar, SlaPolicy, SlaTarget
from loket.tickets.models import EventKind, Status, TimelineEvent
from loket.tickets.services import (
    add_reply,
    change_status,
    create_ticket,
    resolve_ticket,
    update_ticket,
)

BRUSSELS = ZoneInfo("Europe/Brussels")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2025 in Brussels (3 March is a Monday, CET = UTC+1)."""
    return datetime(2025, 3, day, hour, minute, tzinfo=BRUSSELS)


def freeze(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def page(ticket):
    return reverse("tickets:detail", args=[ticket.number])


def text_of(html: str) -> str:
    """The page as a reader sees it: no tags, single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def anna_client(client, anna):
    client.force_login(anna)
    return client


@pytest.fixture
def ticket(anna, teams, contact_a):
    """P4 by e-mail on Monday 09:00; answered at 10:00; waiting on the customer from
    11:00 to 13:10; raised to P3 at 14:00."""
    t = create_ticket(
        acting_user=anna,
        subject="VPN drops every hour",
        team=teams["first"],
        contact=contact_a,
        channel="email",
        now=at(3, 9),
    )
    add_reply(t, body="Looking into it.", acting_user=anna, version=None, now=at(3, 10))
    change_status(t, to=Status.WAITING_CUSTOMER, acting_user=anna, version=None, now=at(3, 11))
    change_status(t, to=Status.OPEN, acting_user=anna, version=None, now=at(3, 13, 10))
    update_ticket(t, impact=1, acting_user=anna, version=None, now=at(3, 14))
    t.refresh_from_db()
    assert t.priority == "P3"
    return t


def panel(response) -> str:
    html = response.content.decode()
    start = html.index('id="sla-clock"')
    return text_of(html[start : html.index("</section>", start)])


def test_panel_shows_policy_targets_and_due_time(anna_client, ticket, monkeypatch):
    freeze(monkeypatch, at(3, 15))
    text = panel(anna_client.get(page(ticket)))
    assert "Standaard · Kantooruren Brussel" in text
    # P3: first response 4 h, resolution 27 business hours.
    assert "First response met Met: 1 h of 4 h used, 3 h to spare." in text
    # Running 09:00–11:00 and 13:10–15:00: 3 h 50 min used.
    assert "Resolution on track 23 h 10 min left of 27 h." in text
    # 23 h 10 min of office hours after Monday 15:00: Thursday 11:10.
    assert "Due Thu 6 Mar 11:10" in text
    assert "Done today 10:00" in text


def test_explanation_lists_the_stretches_and_priority_changes(anna_client, ticket, monkeypatch):
    freeze(monkeypatch, at(3, 15))
    text = panel(anna_client.get(page(ticket)))
    assert "Running 2 h today 09:00 – today 11:00" in text
    assert "Paused 2 h 10 min while “waiting on customer” today 11:00 – today 13:10" in text
    assert "Running 1 h 50 min today 13:10 – now" in text
    assert "Paused in business hours: 2 h 10 min in all." in text
    assert "P4 → P3 today 14:00" in text
    assert "data-keep-open" in anna_client.get(page(ticket)).text  # survives refreshes


def test_paused_ticket_says_why(anna_client, ticket, anna, monkeypatch):
    change_status(
        ticket, to=Status.WAITING_THIRD_PARTY, acting_user=anna, version=None, now=at(3, 16)
    )
    freeze(monkeypatch, at(4, 9))
    text = panel(anna_client.get(page(ticket)))
    assert "Paused while “waiting on third party”" in text
    # Running until Monday 16:00: 2 h + 2 h 50 min = 4 h 50 min of 27 h.
    assert "Resolution paused Paused with 22 h 10 min left of 27 h." in text
    assert "No due time while the clock is paused." in text


def test_breached_target_shows_how_late(anna_client, anna, teams, monkeypatch):
    t = create_ticket(
        acting_user=anna,
        subject="Server room hot",
        team=teams["first"],
        channel="email",
        impact=1,
        urgency=1,
        now=at(3, 9),
    )
    assert t.priority == "P1"
    freeze(monkeypatch, at(3, 9, 55))
    text = panel(anna_client.get(page(t)))
    # P1: first response within 30 min, so 25 min late at 09:55.
    assert "First response breached Overdue by 25 min (target 30 min)." in text
    assert "Was due today 09:30" in text
    assert "Resolution at risk" not in text and "Resolution on track 3 h 5 min left of 4 h." in text


def test_resolved_ticket_stops_the_clock(anna_client, ticket, anna, resolution_code, monkeypatch):
    resolve_ticket(
        ticket,
        resolution="New driver",
        code=resolution_code,
        acting_user=anna,
        version=None,
        now=at(3, 16),
    )
    freeze(monkeypatch, at(5, 9))
    text = panel(anna_client.get(page(ticket)))
    assert "Stopped the ticket is resolved" in text
    assert "Resolution met Met: 4 h 50 min of 27 h used, 22 h 10 min to spare." in text


def test_no_sla_applies_without_a_policy(anna_client, anna, teams, db):
    SlaPolicy.objects.all().delete()
    t = create_ticket(acting_user=anna, subject="Nothing applies", team=teams["first"])
    text = panel(anna_client.get(page(t)))
    assert "No SLA applies to this ticket." in text


def test_panel_follows_an_action(anna_client, anna, teams, db):
    """After an action htmx swaps the whole ticket, the panel with it: resolving stops
    the clock at once."""
    from loket.tickets.models import ResolutionCode

    t = create_ticket(acting_user=anna, subject="Mouse", team=teams["first"], channel="email")
    assert "First response on track" in panel(anna_client.get(page(t)))
    code = ResolutionCode.objects.get(code="solved")
    response = anna_client.post(
        reverse("tickets:action", args=[t.number, "resolve"]),
        {"version": t.version, "resolution": "Replaced", "code": code.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    text = panel(response)
    assert "Stopped" in text
    assert "First response met" in text and "Resolution met" in text


def test_panel_refreshes_on_its_own(anna_client, ticket, monkeypatch):
    freeze(monkeypatch, at(3, 16))
    response = anna_client.get(page(ticket), {"part": "clock"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<section")
    assert 'data-refresh-every="60"' in response.text
    assert "22 h 10 min left of 27 h." in text_of(response.text)  # an hour later
    # Without htmx the same address is the whole page.
    assert "<html" in anna_client.get(page(ticket), {"part": "clock"}).text


def test_panel_is_in_the_viewers_language(anna_client, ticket, monkeypatch):
    session = anna_client.session
    session["language"] = "nl"  # what logging in does for a Dutch-speaking agent
    session.save()
    freeze(monkeypatch, at(3, 15))
    response = anna_client.get(page(ticket))
    assert response.status_code == 200
    assert "“wachten op klant”" in panel(response)


def test_sla_events_read_as_sentences_by_the_system(anna_client, ticket, teams, monkeypatch):
    TimelineEvent.objects.create(
        ticket=ticket,
        kind=EventKind.SLA,
        created_at=at(3, 14, 30),
        data={
            "target": "first_response",
            "action": "warning",
            "cycle": 0,
            "due_at": at(3, 15).isoformat(),
        },
    )
    TimelineEvent.objects.create(
        ticket=ticket,
        kind=EventKind.SLA,
        created_at=at(3, 14, 40),
        data={
            "target": "resolution",
            "action": "breach",
            "cycle": 0,
            "due_at": at(3, 14, 35).isoformat(),
            "escalated_to": "Werkplek 2de lijn",
            "priority_raised": True,
        },
    )
    freeze(monkeypatch, at(3, 15))
    html = anna_client.get(page(ticket)).text
    timeline = text_of(html[html.index('id="timeline"') :])
    assert "SLA system" in timeline
    assert "Warning: first response at 75 %. Due today 15:00." in timeline
    assert (
        "Breached: resolution target. Escalated to Werkplek 2de lijn. Priority raised. "
        "Due today 14:35." in timeline
    )


def test_a_24_7_policy_counts_every_hour(anna_client, anna, teams, categories, monkeypatch):
    calendar = Calendar.objects.get(name="24/7")
    policy = SlaPolicy.objects.create(name="Datacenter", position=1, calendar=calendar)
    policy.categories.add(categories["hardware"])
    SlaTarget.objects.create(
        policy=policy, priority="P4", first_response_minutes=60, resolution_minutes=8 * 60
    )
    t = create_ticket(
        acting_user=anna,
        subject="Disk",
        team=teams["first"],
        channel="email",
        category=categories["printing"],
        now=at(8, 22),  # a Saturday night
    )
    freeze(monkeypatch, at(8, 22, 45))
    text = panel(anna_client.get(page(t)))
    assert "Datacenter · 24/7" in text
    assert "First response at risk 15 min left of 1 h." in text
    assert "Due today 23:00" in text


def test_a_breach_handled_by_the_sweep_reads_in_the_timeline(client, ad, anna, teams, monkeypatch):
    from loket.sla.sweep import sweep

    policy = SlaPolicy.objects.get(name="Standaard")
    policy.escalate_to = teams["second"]
    policy.raise_priority = True
    policy.save()
    t = create_ticket(
        acting_user=anna,
        subject="Printer on fire",
        team=teams["first"],
        channel="email",
        impact=1,
        urgency=2,  # P2: first response within 1 h
        now=at(3, 9),
    )
    sweep(now=at(3, 10, 5))
    client.force_login(ad)
    freeze(monkeypatch, at(3, 10, 10))
    html = client.get(page(t)).text
    timeline = text_of(html[html.index('id="timeline"') :])
    assert "SLA system" in timeline
    assert (
        "Breached: first response target. Escalated to Werkplek 2de lijn. Priority raised. "
        "Due today 10:00." in timeline
    )
    # Raised to P1, whose first response (30 min) is 40 min overdue at 10:10.
    assert "First response breached Overdue by 40 min (target 30 min)." in panel(
        client.get(page(t))
    )
