"""The SLA in the queues: time left per row, colour with a word, sort by due, filters.

The default policy "Standaard" applies (office hours in Brussels; P1: first response
30 min, P4: 9 h). "Now" is frozen on Monday 3 March 2025, 09:25.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.sla.queries import sla_filter
from loket.tickets.models import Status, Ticket
from loket.tickets.services import change_status, create_ticket

QUEUE = reverse("tickets:queue")
BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2025, 3, 3, 9, 25, tzinfo=BRUSSELS)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, 3, hour, minute, tzinfo=BRUSSELS)


@pytest.fixture
def anna_client(client, anna, monkeypatch):
    client.force_login(anna)
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return client


@pytest.fixture
def tickets(anna, teams):
    """Four unassigned first-line tickets, one per state of the clock."""

    def make(subject, created, impact=3, urgency=3):
        return create_ticket(
            acting_user=anna,
            subject=subject,
            team=teams["first"],
            channel="email",
            impact=impact,
            urgency=urgency,
            now=created,
        )

    made = {
        "ok": make("Calm P4 ticket", at(9)),
        "warning": make("Nearly due P1", at(9), impact=1, urgency=1),
        "breached": make("Overdue P1", at(8), impact=1, urgency=1),
        "paused": make("Waiting P4", at(8, 30)),
    }
    change_status(
        made["paused"], to=Status.WAITING_CUSTOMER, acting_user=anna, version=None, now=at(9)
    )
    return made


def rows(html: str) -> list[str]:
    """Each ticket row of the queue as text."""
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)) for row in body.split("<tr>")[1:]]


def row_of(html: str, subject: str) -> str:
    found = [r for r in rows(html) if subject in r]
    assert len(found) == 1, f"{subject} not listed once"
    return found[0]


def subjects(html: str) -> list[str]:
    return [
        re.search(r"(Calm P4 ticket|Nearly due P1|Overdue P1|Waiting P4)", r)[1] for r in rows(html)
    ]


def test_time_left_shows_with_a_level_in_words(anna_client, tickets):
    html = anna_client.get(QUEUE, {"tab": "unassigned"}).text
    assert "Time left" in html
    # 25 of 30 minutes used: past the 75 % warning.
    assert "5 min at risk" in row_of(html, "Nearly due P1")
    assert "First response: 5 min left of 30 min." in row_of(html, "Nearly due P1")
    assert "−55 min breached" in row_of(html, "Overdue P1")
    assert "First response: Overdue by 55 min (target 30 min)." in row_of(html, "Overdue P1")
    assert "8 h 35 min on track" in row_of(html, "Calm P4 ticket")
    assert 'class="sla sla-warning"' in html and 'class="sla sla-breached"' in html


def test_paused_ticket_shows_paused(anna_client, tickets):
    row = row_of(anna_client.get(QUEUE, {"tab": "unassigned"}).text, "Waiting P4")
    # Running 08:30–09:00 of a 9 h first response.
    assert "8 h 30 min paused" in row
    assert "Paused with 8 h 30 min left of 9 h." in row


def test_sort_due_first_puts_the_most_urgent_on_top_and_paused_last(anna_client, tickets):
    html = anna_client.get(QUEUE, {"tab": "teams", "sort": "due"}).text
    assert subjects(html) == ["Overdue P1", "Nearly due P1", "Calm P4 ticket", "Waiting P4"]
    assert '<option value="due" selected>' in html


def test_unassigned_and_my_tickets_sort_due_first_by_default(anna_client, tickets, anna):
    html = anna_client.get(QUEUE, {"tab": "unassigned"}).text
    assert subjects(html) == ["Overdue P1", "Nearly due P1", "Calm P4 ticket", "Waiting P4"]
    assert '<option value="due" selected>' in html
    # My teams keeps newest first.
    html = anna_client.get(QUEUE, {"tab": "teams"}).text
    assert subjects(html) == ["Nearly due P1", "Calm P4 ticket", "Waiting P4", "Overdue P1"]
    assert '<option value="-created" selected>' in html


def test_an_explicit_sort_wins_over_the_default(anna_client, tickets):
    html = anna_client.get(QUEUE, {"tab": "unassigned", "sort": "created"}).text
    assert subjects(html) == ["Overdue P1", "Waiting P4", "Calm P4 ticket", "Nearly due P1"]


def test_at_risk_filter(anna_client, tickets):
    html = anna_client.get(QUEUE, {"tab": "teams", "sla": "at_risk"}).text
    assert subjects(html) == ["Nearly due P1"]


def test_breached_filter(anna_client, tickets):
    html = anna_client.get(QUEUE, {"tab": "teams", "sla": "breached"}).text
    assert subjects(html) == ["Overdue P1"]


def test_breached_filter_also_finds_tickets_the_sweep_marked(anna_client, tickets):
    Ticket.objects.filter(pk=tickets["ok"].pk).update(sla_breached=True)
    html = anna_client.get(QUEUE, {"tab": "teams", "sla": "breached"}).text
    assert set(subjects(html)) == {"Overdue P1", "Calm P4 ticket"}


def test_unknown_sla_filter_is_ignored_with_a_message(anna_client, tickets):
    response = anna_client.get(QUEUE, {"tab": "teams", "sla": "soon"})
    assert response.status_code == 200
    assert "not understood" in response.text
    assert len(rows(response.text)) == 4


def test_sla_filter_names_its_choices(tickets):
    with pytest.raises(ValueError):
        sla_filter(Ticket.objects.all(), "soon", NOW)
    assert set(sla_filter(Ticket.objects.all(), "at_risk", NOW)) == {tickets["warning"]}


def test_live_refresh_keeps_the_column(anna_client, tickets):
    response = anna_client.get(QUEUE, {"tab": "unassigned"}, headers={"HX-Request": "true"})
    assert "<html" not in response.text
    assert 'data-refresh-every="30"' in response.text
    assert "5 min at risk" in row_of(response.text, "Nearly due P1")


def test_ticket_without_sla_shows_a_dash(anna_client, anna, teams, db):
    from loket.sla.models import SlaPolicy

    SlaPolicy.objects.all().delete()
    create_ticket(acting_user=anna, subject="No SLA here", team=teams["first"], now=at(9))
    row = row_of(anna_client.get(QUEUE, {"tab": "teams"}).text, "No SLA here")
    assert "No SLA applies" in row


@pytest.mark.parametrize("count", [3, 20])
def test_time_left_costs_the_same_queries_for_any_page(
    anna_client, anna, teams, contact_a, count, django_assert_max_num_queries
):
    for i in range(count):
        create_ticket(
            acting_user=anna,
            subject=f"Load {i}",
            team=teams["first"],
            contact=contact_a,
            channel="email",
            now=at(9),
        )
    with django_assert_max_num_queries(14):
        response = anna_client.get(QUEUE, {"tab": "unassigned"})
    assert response.text.count('class="sla sla-ok"') == 2 * count  # column and phone line


def test_resolved_tickets_show_how_their_sla_ended(anna_client, anna, tickets, resolution_code):
    from loket.tickets.services import resolve_ticket

    for key in ("ok", "breached"):
        resolve_ticket(
            tickets[key],
            resolution="Done",
            code=resolution_code,
            acting_user=anna,
            version=None,
            now=at(9, 20),
        )
    html = anna_client.get(QUEUE, {"tab": "teams", "status": "resolved"}).text
    assert "SLA met" in row_of(html, "Calm P4 ticket")
    assert "SLA met late" in row_of(html, "Overdue P1")
