"""update_ticket and optimistic concurrency: changes are logged, stale versions refused."""

from datetime import UTC, datetime

import pytest
from django.utils import translation

from loket.core.errors import InvalidInput, VersionConflict
from loket.directory.services import create_contact
from loket.tickets.models import EventKind, Ticket
from loket.tickets.services import (
    add_note,
    add_reply,
    assign_ticket,
    change_status,
    close_ticket,
    escalate_ticket,
    reopen_ticket,
    resolve_ticket,
    update_ticket,
)


@pytest.fixture
def ticket(make_ticket, anna, teams, contact_a):
    return make_ticket(anna, team=teams["first"], contact=contact_a, impact=3, urgency=3)


def field_events(ticket: Ticket) -> list[dict]:
    return list(ticket.events.filter(kind=EventKind.FIELD).values_list("data", flat=True))


def test_change_is_logged_old_to_new(ticket, anna):
    updated = update_ticket(
        ticket, acting_user=anna, version=ticket.version, subject="Printer jams"
    )

    assert updated.subject == "Printer jams"
    assert field_events(ticket) == [
        {"field": "subject", "old": "Printer prints blank pages", "new": "Printer jams"}
    ]
    assert ticket.events.filter(kind=EventKind.FIELD).get().author == anna


def test_related_objects_are_logged_by_their_name(ticket, anna, categories):
    with translation.override("nl"):  # the name in the active language is kept
        update_ticket(
            ticket, acting_user=anna, version=ticket.version, category=categories["account"]
        )

    assert field_events(ticket) == [{"field": "category", "old": None, "new": "Account & toegang"}]


def test_follow_up_time_is_logged_as_iso_text(ticket, anna):
    moment = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)

    update_ticket(ticket, acting_user=anna, version=ticket.version, follow_up_at=moment)

    assert field_events(ticket) == [
        {"field": "follow_up_at", "old": None, "new": "2026-09-01T08:00:00+00:00"}
    ]


def test_unchanged_values_write_nothing(ticket, anna):
    version = ticket.version

    updated = update_ticket(ticket, acting_user=anna, version=version, subject=ticket.subject)

    assert updated.version == version
    assert field_events(ticket) == []


def test_impact_change_recomputes_priority_with_its_own_event(ticket, anna):
    updated = update_ticket(ticket, acting_user=anna, version=ticket.version, impact=1)

    updated.refresh_from_db()
    assert updated.priority == "P3"
    assert field_events(ticket) == [
        {"field": "impact", "old": 3, "new": 1},
        {"field": "priority", "old": "P4", "new": "P3"},
    ]


def test_urgency_change_that_keeps_the_priority_logs_no_priority_event(ticket, anna):
    update_ticket(ticket, acting_user=anna, version=ticket.version, urgency=2)

    assert field_events(ticket) == [{"field": "urgency", "old": 3, "new": 2}]


def test_impact_and_urgency_together_give_one_priority_event(ticket, anna):
    updated = update_ticket(ticket, acting_user=anna, version=ticket.version, impact=1, urgency=1)

    assert updated.priority == "P1"
    assert [e["field"] for e in field_events(ticket)] == ["impact", "urgency", "priority"]


def test_invalid_impact_is_refused_and_nothing_is_logged(ticket, anna):
    with pytest.raises(InvalidInput):
        update_ticket(ticket, acting_user=anna, version=ticket.version, impact=9)

    ticket.refresh_from_db()
    assert (ticket.impact, ticket.version) == (3, 1)
    assert field_events(ticket) == []


@pytest.mark.parametrize(
    "field", ["status", "assignee", "team", "number", "priority", "created_at"]
)
def test_fields_with_their_own_service_or_none_are_refused(ticket, anna, field):
    with pytest.raises(InvalidInput) as excinfo:
        update_ticket(ticket, acting_user=anna, version=ticket.version, **{field: None})

    assert excinfo.value.code == "bad_field"


@pytest.mark.parametrize("subject", ["", "   ", None])
def test_empty_subject_is_refused(ticket, anna, subject):
    with pytest.raises(InvalidInput) as excinfo:
        update_ticket(ticket, acting_user=anna, version=ticket.version, subject=subject)

    assert excinfo.value.code == "subject_required"
    ticket.refresh_from_db()
    assert ticket.subject == "Printer prints blank pages"


def test_subject_longer_than_200_characters_is_refused(ticket, anna):
    with pytest.raises(InvalidInput) as excinfo:
        update_ticket(ticket, acting_user=anna, version=ticket.version, subject="x" * 201)

    assert excinfo.value.code == "too_long"
    ticket.refresh_from_db()
    assert ticket.subject == "Printer prints blank pages"


def test_cleared_description_is_stored_empty(ticket, anna):
    ticket = update_ticket(ticket, acting_user=anna, version=ticket.version, description="Blank")

    update_ticket(ticket, acting_user=anna, version=ticket.version, description=None)

    ticket.refresh_from_db()
    assert ticket.description == ""


def test_unknown_type_is_refused(ticket, anna):
    with pytest.raises(InvalidInput) as excinfo:
        update_ticket(ticket, acting_user=anna, version=ticket.version, type="rant")

    assert excinfo.value.code == "bad_type"


def test_contact_change_moves_the_ticket_to_the_new_contacts_organisation(
    ticket, anna, contact_b, org_b
):
    updated = update_ticket(ticket, acting_user=anna, version=ticket.version, contact=contact_b)

    updated.refresh_from_db()
    assert updated.contact == contact_b
    assert updated.organisation == org_b
    assert field_events(ticket) == [
        {"field": "contact", "old": "Chris Claes", "new": "Camille Dubois"},
        {"field": "organisation", "old": "Acme Logistics", "new": "Brouwerij Bertem"},
    ]


def test_contact_change_within_the_organisation_logs_only_the_contact(ticket, anna, org_a):
    colleague = create_contact(first_name="Kim", last_name="Claes", organisation=org_a)

    update_ticket(ticket, acting_user=anna, version=ticket.version, contact=colleague)

    assert [e["field"] for e in field_events(ticket)] == ["contact"]


def test_explicit_organisation_wins_over_the_new_contacts(ticket, anna, contact_b, org_a):
    updated = update_ticket(
        ticket, acting_user=anna, version=ticket.version, contact=contact_b, organisation=org_a
    )

    updated.refresh_from_db()
    assert updated.organisation == org_a


# --- optimistic concurrency --------------------------------------------------------


def snapshot(ticket: Ticket) -> tuple[dict, int]:
    return Ticket.objects.filter(pk=ticket.pk).values().get(), ticket.events.count()


ACTIONS = {
    "update": lambda t, u, v, c, teams: update_ticket(t, acting_user=u, version=v, subject="Mine"),
    "change_status": lambda t, u, v, c, teams: change_status(
        t, to="waiting_customer", acting_user=u, version=v
    ),
    "assign": lambda t, u, v, c, teams: assign_ticket(
        t, team=teams["first"], assignee=u, acting_user=u, version=v
    ),
    "escalate": lambda t, u, v, c, teams: escalate_ticket(
        t, to_team=teams["second"], reason="Hardware", acting_user=u, version=v
    ),
    "resolve": lambda t, u, v, c, teams: resolve_ticket(
        t, resolution="Fixed", code=c, acting_user=u, version=v
    ),
    "close": lambda t, u, v, c, teams: close_ticket(t, acting_user=u, version=v),
    "reopen": lambda t, u, v, c, teams: reopen_ticket(t, acting_user=u, version=v),
    "reply": lambda t, u, v, c, teams: add_reply(t, body="Hello", acting_user=u, version=v),
    "note": lambda t, u, v, c, teams: add_note(t, body="Hmm", acting_user=u, version=v),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_stale_version_is_refused_and_nothing_is_written(
    ticket, anna, sofie, resolution_code, teams, action
):
    stale = ticket.version
    update_ticket(ticket, acting_user=sofie, version=stale, description="Sofie's notes")
    before = snapshot(ticket)

    with pytest.raises(VersionConflict) as excinfo:
        ACTIONS[action](ticket, anna, stale, resolution_code, teams)

    assert excinfo.value.current_version == stale + 1
    assert excinfo.value.code == "version_conflict"
    assert snapshot(ticket) == before


def test_version_goes_up_by_one_on_every_change(ticket, anna, teams, resolution_code):
    versions = [ticket.version]
    ticket = update_ticket(ticket, acting_user=anna, version=ticket.version, subject="A")
    versions.append(ticket.version)
    ticket = assign_ticket(
        ticket, team=teams["first"], assignee=anna, acting_user=anna, version=ticket.version
    )
    versions.append(ticket.version)
    add_note(ticket, body="Looking", acting_user=anna, version=ticket.version)
    versions.append(ticket.version)
    ticket = resolve_ticket(
        ticket, resolution="Done", code=resolution_code, acting_user=anna, version=ticket.version
    )
    versions.append(ticket.version)

    assert versions == [1, 2, 3, 4, 5]
    ticket.refresh_from_db()
    assert ticket.version == 5


def test_without_a_version_the_change_starts_from_the_stored_ticket(ticket, anna, sofie):
    stale = Ticket.objects.get(pk=ticket.pk)
    update_ticket(ticket, acting_user=sofie, version=ticket.version, description="By Sofie")

    update_ticket(stale, acting_user=anna, version=None, subject="By Anna")

    ticket.refresh_from_db()
    assert (ticket.subject, ticket.description) == ("By Anna", "By Sofie")
