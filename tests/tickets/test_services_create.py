"""create_ticket: numbering per year, defaults taken from the contact, input checks."""

import re
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from loket.core.errors import InvalidInput
from loket.tickets.models import EventKind, Priority, Status, Ticket, TicketCounter
from loket.tickets.services import create_ticket, next_ticket_number

NUMBER = re.compile(r"^\d{4}-\d{6}$")


def test_ticket_number_is_year_dash_six_digits(make_ticket, anna):
    ticket = make_ticket(anna, now=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))

    assert NUMBER.match(ticket.number)
    assert ticket.number == "2026-000001"


def test_ticket_numbers_are_sequential_within_a_year(make_ticket, anna):
    moment = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)

    numbers = [make_ticket(anna, now=moment).number for _ in range(3)]

    assert numbers == ["2026-000001", "2026-000002", "2026-000003"]


def test_each_year_starts_its_own_sequence(make_ticket, anna):
    make_ticket(anna, now=datetime(2026, 6, 1, tzinfo=UTC))
    make_ticket(anna, now=datetime(2026, 6, 2, tzinfo=UTC))

    first_of_next_year = make_ticket(anna, now=datetime(2027, 2, 1, tzinfo=UTC))
    later_in_old_year = make_ticket(anna, now=datetime(2026, 12, 1, tzinfo=UTC))

    assert first_of_next_year.number == "2027-000001"
    assert later_in_old_year.number == "2026-000003"


def test_year_comes_from_brussels_local_time_not_utc(make_ticket, anna):
    # 23:30 UTC on New Year's Eve is already 00:30 on 1 January in Brussels.
    ticket = make_ticket(anna, now=datetime(2026, 12, 31, 23, 30, tzinfo=UTC))

    assert ticket.number == "2027-000001"


def test_year_is_brussels_even_when_another_time_zone_is_active(make_ticket, anna):
    with timezone.override("America/New_York"):
        ticket = make_ticket(anna, now=datetime(2026, 12, 31, 23, 30, tzinfo=UTC))

    assert ticket.number == "2027-000001"


def test_counter_keeps_the_last_number_per_year(db):
    moment = datetime(2026, 1, 10, tzinfo=UTC)

    next_ticket_number(moment)
    next_ticket_number(moment)

    assert TicketCounter.objects.get(year=2026).last == 2


def test_refused_ticket_does_not_use_up_a_number(make_ticket, anna):
    moment = datetime(2026, 1, 10, tzinfo=UTC)
    with pytest.raises(InvalidInput):
        make_ticket(anna, now=moment, impact=7)

    assert make_ticket(anna, now=moment).number == "2026-000001"


def test_new_ticket_without_assignee_is_new_and_logged(make_ticket, anna, contact_a):
    ticket = make_ticket(anna, contact=contact_a, channel="email")

    assert ticket.status == Status.NEW
    assert ticket.version == 1
    assert ticket.created_by == anna
    event = ticket.events.get()
    assert event.kind == EventKind.CREATED
    assert event.author == anna
    assert event.data == {"channel": "email"}


def test_new_ticket_with_assignee_starts_open(make_ticket, anna, teams):
    ticket = make_ticket(anna, team=teams["first"], assignee=anna)

    assert ticket.status == Status.OPEN


def test_organisation_defaults_to_the_contacts(make_ticket, anna, contact_a, org_a):
    ticket = make_ticket(anna, contact=contact_a)

    assert ticket.organisation == org_a


def test_explicit_organisation_wins_over_the_contacts(make_ticket, anna, contact_a, org_b):
    ticket = make_ticket(anna, contact=contact_a, organisation=org_b)

    assert ticket.organisation == org_b


def test_priority_is_computed_from_impact_and_urgency(make_ticket, anna):
    ticket = make_ticket(anna, impact=1, urgency=1)

    assert ticket.priority == Priority.P1


def test_subject_is_trimmed(make_ticket, anna):
    assert make_ticket(anna, subject="  Wifi down  ").subject == "Wifi down"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"subject": ""}, "subject_required"),
        ({"subject": "   "}, "subject_required"),
        ({"subject": "x" * 201}, "too_long"),
        ({"type": "rant"}, "bad_type"),
        ({"channel": "pigeon"}, "bad_channel"),
        ({"impact": 0}, "invalid_level"),
        ({"urgency": 4}, "invalid_level"),
    ],
)
def test_invalid_ticket_is_refused_and_nothing_is_saved(anna, fields, code):
    fields.setdefault("subject", "Printer")

    with pytest.raises(InvalidInput) as excinfo:
        create_ticket(acting_user=anna, **fields)

    assert excinfo.value.code == code
    assert not Ticket.objects.exists()


def test_inactive_category_is_refused(anna, categories):
    categories["printing"].is_active = False
    categories["printing"].save(update_fields=["is_active"])

    with pytest.raises(InvalidInput) as excinfo:
        create_ticket(acting_user=anna, subject="Printer", category=categories["printing"])

    assert excinfo.value.code == "inactive_category"


def test_assignee_outside_the_team_is_refused(anna, sam, teams):
    with pytest.raises(InvalidInput) as excinfo:
        create_ticket(acting_user=anna, subject="Printer", team=teams["first"], assignee=sam)

    assert excinfo.value.code == "assignee_not_in_team"
