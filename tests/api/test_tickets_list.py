"""Listing tickets: filters, search, ordering, pagination, and a constant query count."""

import pytest

from loket.tickets.services import assign_ticket


@pytest.fixture
def three(make_ticket, teams, anna, contact_a, contact_b, categories):
    return [
        make_ticket(
            subject="Printer jams",
            contact=contact_a,
            team=teams["first"],
            impact=1,
            urgency=1,
            category=categories["printing"],
        ),
        make_ticket(subject="VPN drops", contact=contact_b, team=teams["first"], assignee=anna),
        make_ticket(subject="Mail quota", contact=contact_b, team=teams["second"]),
    ]


def _subjects(response):
    assert response.status_code == 200, response.json()
    return [t["subject"] for t in response.json()["results"]]


def test_it_lists_newest_first_with_a_count(api, ad, three):
    body = api(ad).get("/tickets").json()
    assert body["count"] == 3
    assert [t["subject"] for t in body["results"]] == ["Mail quota", "VPN drops", "Printer jams"]


def test_it_filters_by_several_statuses(api, ad, three):
    assert _subjects(api(ad).get("/tickets?status=open")) == ["VPN drops"]
    assert len(_subjects(api(ad).get("/tickets?status=open&status=new"))) == 3


def test_it_filters_by_team_priority_contact_organisation_and_category(
    api, ad, three, teams, contact_a, org_b, categories
):
    client = api(ad)
    assert _subjects(client.get("/tickets", {"team": teams["second"].pk})) == ["Mail quota"]
    assert _subjects(client.get("/tickets", {"priority": "P1"})) == ["Printer jams"]
    assert _subjects(client.get("/tickets", {"contact": contact_a.pk})) == ["Printer jams"]
    assert len(_subjects(client.get("/tickets", {"organisation": org_b.pk}))) == 2
    category = categories["printing"].pk
    assert _subjects(client.get("/tickets", {"category": category})) == ["Printer jams"]


def test_it_filters_by_assignee_me_none_or_id(api, anna, ad, three):
    assert _subjects(api(anna).get("/tickets", {"assignee": "me"})) == ["VPN drops"]
    assert _subjects(api(ad).get("/tickets", {"assignee": anna.pk})) == ["VPN drops"]
    assert len(_subjects(api(ad).get("/tickets", {"assignee": "none"}))) == 2


def test_it_searches_subject_and_number(api, ad, three):
    assert _subjects(api(ad).get("/tickets", {"q": "vpn"})) == ["VPN drops"]
    assert _subjects(api(ad).get("/tickets", {"q": three[0].number})) == ["Printer jams"]


def test_it_orders_by_priority(api, ad, three):
    assert _subjects(api(ad).get("/tickets", {"ordering": "priority"}))[0] == "Printer jams"


def test_it_refuses_an_unknown_ordering_or_status(api, ad, three):
    assert api(ad).get("/tickets", {"ordering": "password"}).status_code == 422
    assert api(ad).get("/tickets", {"status": "lost"}).status_code == 422


def test_it_paginates(api, ad, three):
    body = api(ad).get("/tickets", {"page_size": 2, "page": 2}).json()
    assert body["count"] == 3
    assert body["page"] == 2
    assert body["page_size"] == 2
    assert [t["subject"] for t in body["results"]] == ["Printer jams"]


def test_a_page_past_the_end_is_empty(api, ad, three):
    assert api(ad).get("/tickets", {"page": 99}).json()["results"] == []


def test_page_size_is_at_most_100(api, ad):
    assert api(ad).get("/tickets", {"page_size": 101}).status_code == 422


@pytest.mark.parametrize("persona", ["anna", "ad", "chris"])
def test_ticket_list_queries_do_not_grow_with_the_data(
    api, everyone, make_ticket, teams, contact_a, categories, persona, django_assert_max_num_queries
):
    client = api(everyone[persona])

    def add(count):
        for _ in range(count):
            ticket = make_ticket(
                contact=contact_a, team=teams["first"], category=categories["account"]
            )
            assign_ticket(
                ticket,
                team=teams["first"],
                assignee=everyone["anna"],
                acting_user=everyone["ad"],
                version=None,
            )

    add(5)
    client.get("/tickets")  # the token's first use records its use time
    with django_assert_max_num_queries(10) as few:
        assert client.get("/tickets").json()["count"] == 5
    baseline = len(few.captured_queries)
    add(25)
    with django_assert_max_num_queries(baseline):
        assert client.get("/tickets").json()["count"] == 30


def test_ticket_detail_queries_are_constant(
    api, anna, make_ticket, teams, contact_a, django_assert_max_num_queries
):
    ticket = make_ticket(contact=contact_a, team=teams["first"], assignee=anna)
    client = api(anna)
    client.get(f"/tickets/{ticket.pk}")
    with django_assert_max_num_queries(5):
        assert client.get(f"/tickets/{ticket.number}").status_code == 200
