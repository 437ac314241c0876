"""assign_ticket and escalate_ticket: who may get a ticket, and the trail they leave."""

import pytest

from loket.accounts.models import Role
from loket.accounts.services import add_to_team, create_user
from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.tickets.models import EventKind, Status
from loket.tickets.services import assign_ticket, change_status, escalate_ticket, resolve_ticket


@pytest.fixture
def ticket(make_ticket, anna, teams):
    return make_ticket(anna, team=teams["first"])


def assign(ticket, user, *, team, assignee):
    return assign_ticket(
        ticket, team=team, assignee=assignee, acting_user=user, version=ticket.version
    )


# --- assign -------------------------------------------------------------------


def test_assigning_a_team_member_opens_a_new_ticket(ticket, anna, teams):
    assigned = assign(ticket, anna, team=teams["first"], assignee=anna)

    assigned.refresh_from_db()
    assert assigned.assignee == anna
    assert assigned.status == Status.OPEN
    event = assigned.events.get(kind=EventKind.ASSIGNMENT)
    assert event.data == {
        "old_team": "Eerstelijn",
        "new_team": "Eerstelijn",
        "old_assignee": None,
        "new_assignee": "Anna",
        "old_assignee_id": None,
        "new_assignee_id": anna.pk,
    }
    status = assigned.events.get(kind=EventKind.STATUS)
    assert status.data == {"field": "status", "old": "new", "new": "open"}


def test_assigning_only_a_team_keeps_the_ticket_new(ticket, anna, teams):
    assigned = assign(ticket, anna, team=teams["first_gent"], assignee=None)

    assigned.refresh_from_db()
    assert assigned.team == teams["first_gent"]
    assert assigned.status == Status.NEW
    assert not assigned.events.filter(kind=EventKind.STATUS).exists()


def test_assigning_without_a_team_accepts_any_active_staff(ticket, anna, sam):
    assigned = assign(ticket, anna, team=None, assignee=sam)

    assert assigned.assignee == sam


def test_same_assignment_again_writes_nothing(ticket, anna, teams):
    ticket = assign(ticket, anna, team=teams["first"], assignee=anna)
    version, events = ticket.version, ticket.events.count()

    again = assign(ticket, anna, team=teams["first"], assignee=anna)

    assert again.version == version
    assert ticket.events.count() == events


def test_assignee_must_be_a_member_of_the_team(ticket, anna, sam, teams):
    with pytest.raises(InvalidInput) as excinfo:
        assign(ticket, anna, team=teams["first"], assignee=sam)

    assert excinfo.value.code == "assignee_not_in_team"


def test_inactive_staff_cannot_be_assigned(ticket, anna, teams):
    leaver = create_user(username="leaver", role=Role.AGENT)
    add_to_team(leaver, teams["first"])
    leaver.is_active = False
    leaver.save(update_fields=["is_active"])

    with pytest.raises(InvalidInput) as excinfo:
        assign(ticket, anna, team=teams["first"], assignee=leaver)

    assert excinfo.value.code == "bad_assignee"


def test_customer_cannot_be_assigned(ticket, anna, chris):
    with pytest.raises(InvalidInput) as excinfo:
        assign(ticket, anna, team=None, assignee=chris)

    assert excinfo.value.code == "bad_assignee"


def test_inactive_team_cannot_get_tickets(ticket, anna, teams):
    teams["first_gent"].is_active = False
    teams["first_gent"].save(update_fields=["is_active"])

    with pytest.raises(InvalidInput) as excinfo:
        assign(ticket, anna, team=teams["first_gent"], assignee=None)

    assert excinfo.value.code == "inactive_team"


def test_resolved_ticket_cannot_be_assigned(ticket, anna, teams, resolution_code):
    ticket = resolve_ticket(
        ticket, resolution="Done", code=resolution_code, acting_user=anna, version=ticket.version
    )

    with pytest.raises(TransitionNotAllowed):
        assign(ticket, anna, team=teams["first"], assignee=anna)


# --- escalate -----------------------------------------------------------------


def escalate(ticket, user, *, to_team, reason="Needs a new motherboard"):
    return escalate_ticket(
        ticket, to_team=to_team, reason=reason, acting_user=user, version=ticket.version
    )


def test_escalation_moves_the_ticket_and_logs_from_to_and_reason(ticket, anna, teams):
    escalated = escalate(ticket, anna, to_team=teams["second"], reason="  Broken board  ")

    escalated.refresh_from_db()
    assert escalated.team == teams["second"]
    assert escalated.assignee is None
    event = escalated.events.get(kind=EventKind.ESCALATION)
    assert event.author == anna
    assert event.body == "Broken board"
    assert event.data == {
        "from_team": "Eerstelijn",
        "from_team_id": teams["first"].pk,
        "to_team": "Werkplek 2de lijn",
        "to_team_id": teams["second"].pk,
        "reason": "Broken board",
    }


def test_escalation_opens_a_new_ticket(ticket, anna, teams):
    escalated = escalate(ticket, anna, to_team=teams["second"])

    escalated.refresh_from_db()
    assert escalated.status == Status.OPEN
    assert escalated.events.get(kind=EventKind.STATUS).data["old"] == Status.NEW


def test_escalation_keeps_a_waiting_status(make_ticket, anna, teams):
    ticket = make_ticket(anna, team=teams["first"])
    ticket = change_status(
        ticket, to=Status.WAITING_THIRD_PARTY, acting_user=anna, version=ticket.version
    )

    escalated = escalate(ticket, anna, to_team=teams["second"])

    assert escalated.status == Status.WAITING_THIRD_PARTY


def test_escalation_drops_the_previous_assignee(make_ticket, anna, teams):
    ticket = make_ticket(anna, team=teams["first"], assignee=anna)

    escalated = escalate(ticket, anna, to_team=teams["second"])

    escalated.refresh_from_db()
    assert escalated.assignee is None


def test_escalation_from_no_team_logs_none_as_origin(make_ticket, anna, teams):
    ticket = make_ticket(anna)

    escalated = escalate(ticket, anna, to_team=teams["network"])

    event = escalated.events.get(kind=EventKind.ESCALATION)
    assert (event.data["from_team"], event.data["from_team_id"]) == (None, None)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_escalation_needs_a_reason(ticket, anna, teams, reason):
    with pytest.raises(InvalidInput) as excinfo:
        escalate(ticket, anna, to_team=teams["second"], reason=reason)

    assert excinfo.value.code == "reason_required"
    ticket.refresh_from_db()
    assert ticket.team == teams["first"]


def test_escalation_needs_a_team(ticket, anna):
    with pytest.raises(InvalidInput) as excinfo:
        escalate(ticket, anna, to_team=None)

    assert excinfo.value.code == "team_required"


def test_escalation_to_the_same_team_is_refused(ticket, anna, teams):
    with pytest.raises(InvalidInput) as excinfo:
        escalate(ticket, anna, to_team=teams["first"])

    assert excinfo.value.code == "same_team"
    assert not ticket.events.filter(kind=EventKind.ESCALATION).exists()


def test_escalation_to_an_inactive_team_is_refused(ticket, anna, teams):
    teams["network"].is_active = False
    teams["network"].save(update_fields=["is_active"])

    with pytest.raises(InvalidInput) as excinfo:
        escalate(ticket, anna, to_team=teams["network"])

    assert excinfo.value.code == "inactive_team"


def test_resolved_ticket_cannot_be_escalated(ticket, anna, teams, resolution_code):
    ticket = resolve_ticket(
        ticket, resolution="Done", code=resolution_code, acting_user=anna, version=ticket.version
    )

    with pytest.raises(TransitionNotAllowed):
        escalate(ticket, anna, to_team=teams["second"])
