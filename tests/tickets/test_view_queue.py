"""The queues page: tabs, filters, htmx fragments, access and query counts."""

import pytest
from django.urls import reverse

from loket.tickets.services import create_ticket

QUEUE = reverse("tickets:queue")


@pytest.fixture
def anna_client(client, anna):
    client.force_login(anna)
    return client


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_customer_gets_no_agent_queue(client, chris):
    client.force_login(chris)
    assert client.get(QUEUE).status_code == 403


def test_agent_sees_her_team_tickets(anna_client, anna, teams, make_ticket):
    make_ticket(subject="Printer jams on floor 2", team=teams["first"])
    response = anna_client.get(QUEUE, {"tab": "teams"})
    assert response.status_code == 200
    assert "Printer jams on floor 2" in response.text


def test_bob_does_not_see_annas_team_ticket(client, bob, anna, teams, make_ticket):
    make_ticket(subject="Annas team only", team=teams["first"], assignee=anna)
    client.force_login(bob)
    for tab in ("mine", "teams", "unassigned", "all"):
        assert "Annas team only" not in client.get(QUEUE, {"tab": tab}).text


def test_my_tickets_tab_shows_only_assigned_to_me(anna_client, anna, teams, make_ticket):
    make_ticket(subject="Mine for sure", team=teams["first"], assignee=anna)
    make_ticket(subject="Someone elses", team=teams["first"])
    text = anna_client.get(QUEUE, {"tab": "mine"}).text
    assert "Mine for sure" in text
    assert "Someone elses" not in text


def test_unassigned_tab_lists_unassigned_first_line(anna_client, teams, make_ticket):
    make_ticket(subject="Nobody has this one")
    text = anna_client.get(QUEUE, {"tab": "unassigned"}).text
    assert "Nobody has this one" in text


def test_all_open_tab_is_for_supervisors_only(anna_client, client, sofie):
    assert "tab=all" not in anna_client.get(QUEUE).text
    client.force_login(sofie)
    assert "tab=all" in client.get(QUEUE).text


def test_filters_narrow_the_list(anna_client, teams, make_ticket, categories):
    make_ticket(subject="Urgent outage", team=teams["first"], impact=1, urgency=1)
    make_ticket(subject="Slow mouse", team=teams["first"], category=categories["hardware"])
    text = anna_client.get(QUEUE, {"tab": "teams", "priority": "P1"}).text
    assert "Urgent outage" in text and "Slow mouse" not in text
    text = anna_client.get(QUEUE, {"tab": "teams", "category": categories["hardware"].pk}).text
    assert "Slow mouse" in text and "Urgent outage" not in text
    text = anna_client.get(QUEUE, {"tab": "teams", "q": "mouse"}).text
    assert "Slow mouse" in text and "Urgent outage" not in text


def test_resolved_tickets_are_hidden_unless_asked_for(
    anna_client, anna, teams, make_ticket, resolution_code
):
    from loket.tickets.services import resolve_ticket

    ticket = make_ticket(subject="Fixed already", team=teams["first"])
    resolve_ticket(ticket, resolution="Done", code=resolution_code, acting_user=anna, version=None)
    assert "Fixed already" not in anna_client.get(QUEUE, {"tab": "teams"}).text
    text = anna_client.get(QUEUE, {"tab": "teams", "status": "resolved"}).text
    assert "Fixed already" in text


def test_bad_filter_values_do_not_break_the_page(anna_client):
    response = anna_client.get(
        QUEUE,
        {
            "tab": "nope",
            "status": "zzz",
            "team": "abc",
            "agent": "999999",
            "page": "-4",
            "sort": "drop table",
            "category": "1e9",
            "organisation": "x",
        },
    )
    assert response.status_code == 200
    assert "not understood" in response.text


def test_htmx_request_gets_only_the_results_fragment(anna_client, teams, make_ticket):
    make_ticket(subject="Fragment ticket", team=teams["first"])
    response = anna_client.get(QUEUE, {"tab": "teams"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Fragment ticket" in response.text
    assert "<html" not in response.text
    assert 'id="queue"' in response.text
    assert 'data-refresh-every="30"' in response.text  # the list reloads itself


def test_pagination_has_25_per_page_with_counts(anna_client, teams, make_ticket):
    for i in range(27):
        make_ticket(subject=f"Bulk ticket {i:02d}", team=teams["first"])
    first = anna_client.get(QUEUE, {"tab": "teams", "sort": "number"}).text
    assert "Bulk ticket 00" in first and "Bulk ticket 26" not in first
    assert "27 tickets" in first
    second = anna_client.get(QUEUE, {"tab": "teams", "sort": "number", "page": 2}).text
    assert "Bulk ticket 26" in second


@pytest.mark.parametrize("count", [3, 30])
def test_queue_query_count_does_not_grow_with_data(
    anna_client, anna, teams, contact_a, categories, count, django_assert_max_num_queries
):
    for i in range(count):
        create_ticket(
            acting_user=anna,
            subject=f"Load {i}",
            team=teams["first"],
            assignee=anna if i % 2 else None,
            contact=contact_a,
            category=categories["printing"],
        )
    with django_assert_max_num_queries(15):
        response = anna_client.get(QUEUE, {"tab": "teams"})
    assert response.status_code == 200
