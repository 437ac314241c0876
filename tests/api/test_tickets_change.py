"""Changing tickets: PATCH with optimistic concurrency, and the workflow actions."""

import pytest

from loket.tickets.models import EventKind, Status, Ticket


@pytest.fixture
def ticket(make_ticket, teams, contact_a, anna):
    return make_ticket(acting_user=anna, contact=contact_a, team=teams["first"])


def test_agent_changes_the_classification(api, anna, ticket, categories):
    response = api(anna).patch(
        f"/tickets/{ticket.pk}",
        {"version": 1, "impact": 1, "urgency": 1, "category": categories["account"].pk},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["priority"] == "P1"
    assert body["category"]["id"] == categories["account"].pk
    assert body["version"] == 2
    fields = {e.data["field"] for e in ticket.events.filter(kind=EventKind.FIELD)}
    assert fields == {"impact", "urgency", "category", "priority"}


def test_a_stale_version_is_a_conflict_and_changes_nothing(api, anna, sofie, ticket):
    response = api(sofie).patch(f"/tickets/{ticket.pk}", {"version": 1, "subject": "Hers"})
    assert response.status_code == 200
    response = api(anna).patch(f"/tickets/{ticket.pk}", {"version": 1, "subject": "Mine"})
    assert response.status_code == 409
    assert response.json()["code"] == "version_conflict"
    assert response.json()["current_version"] == 2
    assert Ticket.objects.get(pk=ticket.pk).subject == "Hers"


def test_patch_requires_a_version(api, anna, ticket):
    response = api(anna).patch(f"/tickets/{ticket.pk}", {"subject": "No version"})
    assert response.status_code == 422


def test_patch_changes_status_and_assignment_in_one_go(api, anna, ticket, teams):
    response = api(anna).patch(
        f"/tickets/{ticket.pk}",
        {"version": 1, "assignee": anna.pk, "status": "waiting_customer", "subject": "Clearer"},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["assignee"]["id"] == anna.pk
    assert body["status"] == "waiting_customer"
    assert body["subject"] == "Clearer"


def test_a_failed_part_of_a_patch_undoes_the_whole_patch(api, anna, ticket):
    response = api(anna).patch(
        f"/tickets/{ticket.pk}", {"version": 1, "subject": "Changed", "status": "closed"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
    fresh = Ticket.objects.get(pk=ticket.pk)
    assert (fresh.subject, fresh.version) == ("Printer prints blank pages", 1)


def test_moving_to_another_team_leaves_the_ticket_unassigned_there(
    api, anna, ad, make_ticket, teams
):
    ticket = make_ticket(team=teams["first"], assignee=anna)
    response = api(ad).patch(f"/tickets/{ticket.pk}", {"version": 1, "team": teams["second"].pk})
    assert response.status_code == 200, response.json()
    assert response.json()["team"]["id"] == teams["second"].pk
    assert response.json()["assignee"] is None


def test_patch_refuses_unknown_fields(api, anna, ticket):
    response = api(anna).patch(f"/tickets/{ticket.pk}", {"version": 1, "number": "2000-1"})
    assert response.status_code == 422


def test_agent_escalates_to_second_line(api, anna, ticket, teams):
    response = api(anna).post(
        f"/tickets/{ticket.number}/escalate",
        {"team": teams["second"].pk, "reason": "Needs a new disk", "version": 1},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["team"]["kind"] == "second_line"
    escalation = ticket.events.get(kind=EventKind.ESCALATION)
    assert escalation.data["reason"] == "Needs a new disk"


def test_escalation_needs_a_reason(api, anna, ticket, teams):
    response = api(anna).post(
        f"/tickets/{ticket.pk}/escalate", {"team": teams["second"].pk, "reason": " "}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "reason_required"


def test_escalation_to_an_unknown_team_is_refused(api, anna, ticket):
    response = api(anna).post(f"/tickets/{ticket.pk}/escalate", {"team": 9999, "reason": "x"})
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_team"


def test_stale_escalation_is_a_conflict(api, anna, ticket, teams):
    response = api(anna).post(
        f"/tickets/{ticket.pk}/escalate",
        {"team": teams["second"].pk, "reason": "x", "version": 7},
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 1


def test_specialist_resolves_then_agent_closes_and_reopens(
    api, anna, sam, ticket, teams, resolution_code
):
    api(anna).post(f"/tickets/{ticket.pk}/escalate", {"team": teams["second"].pk, "reason": "x"})
    response = api(sam).post(
        f"/tickets/{ticket.pk}/resolve", {"resolution": "Replaced the toner", "code": "solved"}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "resolved"
    assert body["resolution"] == "Replaced the toner"
    assert body["resolution_code"]["code"] == "solved"
    assert body["resolved_at"] is not None
    response = api(sam).post(f"/tickets/{ticket.pk}/close", {"version": body["version"]})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "closed"
    response = api(sam).post(f"/tickets/{ticket.pk}/reopen", {"reason": "It came back"})
    assert response.status_code == 200
    assert response.json()["status"] == "open"
    assert response.json()["closed_at"] is None


def test_resolving_needs_a_known_code(api, anna, ticket):
    response = api(anna).post(f"/tickets/{ticket.pk}/resolve", {"resolution": "x", "code": "magic"})
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_resolution_code"


def test_only_resolved_tickets_can_be_closed(api, anna, ticket):
    response = api(anna).post(f"/tickets/{ticket.pk}/close")
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW


def test_status_resolved_through_patch_points_to_the_resolve_action(api, anna, ticket):
    response = api(anna).patch(f"/tickets/{ticket.pk}", {"version": 1, "status": "resolved"})
    assert response.status_code == 409
    assert "resolve" in response.json()["detail"]
