"""Finding a caller (phone in any notation, e-mail, name, organisation) and their history."""

from datetime import UTC, datetime, timedelta

import pytest

from loket.directory.access import visible_contacts
from loket.directory.models import Contact
from loket.directory.services import contact_history, create_contact, find_contacts
from loket.tickets.access import visible_tickets
from loket.tickets.models import Ticket
from loket.tickets.services import close_ticket, resolve_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(contact_a, contact_b, org_a):
    colleague = create_contact(
        first_name="Kim", last_name="Claessens", organisation=org_a, emails=["kim@acme.example"]
    )
    loner = create_contact(first_name="Lotte", last_name="Vermeulen", phones=["0499 88 77 66"])
    return {"chris": contact_a, "camille": contact_b, "kim": colleague, "lotte": loner}


def found(query: str) -> set[str]:
    return {c.first_name for c in find_contacts(Contact.objects.all(), query)}


@pytest.mark.parametrize(
    "query",
    [
        "0470 12 34 56",
        "0470123456",
        "+32 470 12 34 56",
        "+32470123456",
        "0032 470 12 34 56",
        "0032470123456",
        "+32 (0)470 12 34 56",
        "0470/12.34.56",
    ],
)
def test_phone_in_any_notation_finds_the_contact(directory, query):
    assert found(query) == {"Chris"}


@pytest.mark.parametrize("query", ["12 34 56", "0470 12 3", "470123", "+32 470 12", "0470", "047"])
def test_part_of_a_number_finds_contacts_whose_number_contains_it(directory, query):
    assert found(query) == {"Chris"}


def test_landline_in_local_notation_finds_the_contact(directory):
    assert found("02 555 12 12") == {"Camille"}


def test_unknown_number_finds_nobody(directory):
    assert found("0471 00 00 00") == set()


@pytest.mark.parametrize("query", ["000000", "00 00 00 00", "+00 000 000"])
def test_a_number_of_only_zeros_finds_nobody(directory, query):
    assert found(query) == set()


@pytest.mark.parametrize("query", ["chris@acme.example", "Chris@ACME", "chris@"])
def test_email_or_its_beginning_finds_the_contact(directory, query):
    assert found(query) == {"Chris"}


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("Claes", {"Chris", "Kim"}),
        ("claessens", {"Kim"}),
        ("chris", {"Chris"}),
        ("Chris Claes", {"Chris"}),
        ("Claes Chris", {"Chris"}),
        ("Lotte", {"Lotte"}),
        ("Acme", {"Chris", "Kim"}),
        ("acme kim", {"Kim"}),
        ("Brouwerij", {"Camille"}),
        ("Dubois Acme", set()),
        ("Nobody", set()),
    ],
)
def test_name_words_and_organisation_find_contacts(directory, query, names):
    assert found(query) == names


@pytest.mark.parametrize("query", ["", "   ", None])
def test_empty_query_finds_nobody(directory, query):
    assert found(query) == set()


def test_search_stays_within_the_given_contacts(directory, chris):
    mine = visible_contacts(chris)

    assert list(find_contacts(mine, "Dubois")) == []
    assert list(find_contacts(mine, "+3225551212")) == []
    assert list(find_contacts(mine, "Claes")) == [directory["chris"]]


def test_contact_with_two_matching_numbers_is_found_once(org_a):
    create_contact(last_name="Twee", phones=["0470 11 22 33", "0470 11 22 34"])

    assert find_contacts(Contact.objects.all(), "0470 11 22").count() == 1


# --- contact_history -------------------------------------------------------------

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def history_tickets(make_ticket, anna, ad, teams, contact_a, contact_b, resolution_code):
    def at(hours: int, **fields) -> Ticket:
        return make_ticket(
            fields.pop("by", anna),
            contact=fields.pop("contact", contact_a),
            now=T0 + timedelta(hours=hours),
            **fields,
        )

    def finish(ticket: Ticket, *, close: bool) -> Ticket:
        ticket = resolve_ticket(
            ticket,
            resolution="Done",
            code=resolution_code,
            acting_user=anna,
            version=ticket.version,
        )
        if close:
            ticket = close_ticket(ticket, acting_user=anna, version=ticket.version)
        return ticket

    return {
        "open_old": at(1, subject="Old open", team=teams["first"]),
        "open_new": at(5, subject="New open", team=teams["first"]),
        "open_second_line": at(6, subject="With 2nd line", team=teams["second"], by=ad),
        "resolved": finish(at(2, subject="Resolved", team=teams["first"]), close=False),
        "closed": finish(at(3, subject="Closed", team=teams["first"]), close=True),
        "other_contact": at(4, subject="Camille's", contact=contact_b, team=teams["first"]),
    }


def subjects(tickets) -> list[str]:
    return [t.subject for t in tickets]


def test_history_lists_open_tickets_and_earlier_interventions_newest_first(
    history_tickets, contact_a
):
    history = contact_history(contact_a, Ticket.objects.all())

    assert subjects(history.open_tickets) == ["With 2nd line", "New open", "Old open"]
    assert subjects(history.recent_tickets) == ["Closed", "Resolved"]
    assert history.recent_tickets[0].resolution == "Done"


def test_history_shows_only_what_the_viewer_may_see(history_tickets, contact_a, anna):
    history = contact_history(contact_a, visible_tickets(anna))

    assert "With 2nd line" not in subjects(history.open_tickets)


def test_history_keeps_only_the_latest_earlier_interventions(history_tickets, contact_a):
    history = contact_history(contact_a, Ticket.objects.all(), recent=1)

    assert subjects(history.recent_tickets) == ["Closed"]


def test_history_of_a_contact_without_tickets_is_empty(history_tickets, org_a):
    newcomer = create_contact(last_name="Nieuw", organisation=org_a)

    history = contact_history(newcomer, Ticket.objects.all())

    assert (history.open_tickets, history.recent_tickets) == ([], [])
