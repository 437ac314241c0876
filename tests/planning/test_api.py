import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from loket.accounts.services import issue_token
from loket.planning.models import Callback, RecurringTask
from loket.planning.services import schedule_callback

pytestmark = pytest.mark.django_db
PREFIX = "/api/v1"


class Api:
    def __init__(self, user):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"} if user else {}

    def get(self, path, params=None):
        return self.client.get(PREFIX + path, params or {}, **self.headers)

    def post(self, path, data=None):
        return self.client.post(
            PREFIX + path, json.dumps(data or {}), content_type="application/json", **self.headers
        )

    def patch(self, path, data):
        return self.client.patch(
            PREFIX + path, json.dumps(data), content_type="application/json", **self.headers
        )


@pytest.fixture
def ticket(make_ticket, anna, teams, contact_a):
    return make_ticket(acting_user=anna, team=teams["first"], assignee=anna, contact=contact_a)


def soon(minutes=60):
    return (timezone.now() + timedelta(minutes=minutes)).isoformat()


def test_plan_a_callback_and_mark_it_done(anna, ticket):
    api = Api(anna)
    response = api.post(f"/tickets/{ticket.number}/callbacks", {"due_at": soon(), "note": "toner"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["assignee"]["username"] == "anna"
    assert body["phone"] == "+32470123456"
    done = api.post(f"/callbacks/{body['id']}/done", {"note": "Solved"})
    assert done.status_code == 200 and done.json()["done_at"]
    again = api.post(f"/callbacks/{body['id']}/done", {})
    assert again.status_code == 409


def test_a_past_callback_is_refused(anna, ticket):
    response = Api(anna).post(f"/tickets/{ticket.number}/callbacks", {"due_at": soon(-10)})
    assert response.status_code == 422
    assert response.json()["code"] == "due_in_past"


def test_a_naive_callback_time_is_refused(anna, ticket):
    naive = (timezone.now() + timedelta(hours=1)).replace(tzinfo=None).isoformat()
    response = Api(anna).post(f"/tickets/{ticket.number}/callbacks", {"due_at": naive})
    assert response.status_code == 422


def test_my_overdue_callbacks(anna, sofie, ticket):
    now = timezone.now()
    schedule_callback(ticket, due_at=now + timedelta(hours=1), acting_user=anna)
    schedule_callback(ticket, due_at=now + timedelta(hours=2), acting_user=anna, assignee=sofie)
    Callback.objects.create(
        ticket=ticket, assignee=anna, due_at=now - timedelta(minutes=5), created_at=now
    )
    api = Api(anna)
    assert api.get("/callbacks", {"mine": 1}).json()["count"] == 2
    overdue = api.get("/callbacks", {"mine": 1, "overdue": 1}).json()
    assert overdue["count"] == 1 and overdue["results"][0]["overdue"] is True


def test_today(anna, ticket):
    now = timezone.now()
    # Still today in the desk's time zone, whatever time the test runs.
    end_of_day = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    due = now + min(timedelta(minutes=5), (end_of_day - now) / 2)
    schedule_callback(ticket, due_at=due, acting_user=anna)
    body = Api(anna).get("/me/today").json()
    assert len(body["callbacks"]) == 1
    assert set(body) >= {"follow_ups", "at_risk", "help_requests", "recurring"}


def test_ask_for_help_and_list_collaborators(anna, sam, ticket):
    api = Api(anna)
    response = api.post(
        f"/tickets/{ticket.number}/collaborators", {"user": sam.pk, "question": "Driver?"}
    )
    assert response.status_code == 201, response.content
    listed = api.get(f"/tickets/{ticket.number}/collaborators").json()
    assert [c["user"]["username"] for c in listed] == ["sam"]
    both = api.post(
        f"/tickets/{ticket.number}/collaborators",
        {"user": sam.pk, "team": 1, "question": "x"},
    )
    assert both.status_code == 422


def test_handover_needs_a_note_and_the_right_version(anna, sofie, ticket):
    api = Api(anna)
    path = f"/tickets/{ticket.number}/handover"
    missing = api.post(path, {"to": sofie.pk, "note": " ", "version": ticket.version})
    assert missing.status_code == 422 and missing.json()["code"] == "note_required"
    stale = api.post(path, {"to": sofie.pk, "note": "x", "version": ticket.version + 5})
    assert stale.status_code == 409
    done = api.post(path, {"to": sofie.pk, "note": "Over to you", "version": ticket.version})
    assert done.status_code == 200 and done.json()["assignee"]["username"] == "sofie"


def test_customers_and_anonymous_callers_are_refused(chris, ticket):
    assert Api(chris).get("/me/today").status_code == 403
    assert Api(chris).get("/callbacks").status_code == 403
    assert (
        Api(chris).post(f"/tickets/{ticket.number}/callbacks", {"due_at": soon()}).status_code
        == 403
    )
    assert Api(None).get("/me/today").status_code == 401


def test_an_agent_of_another_team_cannot_plan_on_a_hidden_ticket(bob, ticket):
    response = Api(bob).post(f"/tickets/{ticket.number}/callbacks", {"due_at": soon()})
    assert response.status_code == 404


TASK = {
    "title": "Check backup report",
    "frequency": "weekly",
    "weekdays": [1],
    "time_of_day": "08:00",
    "start_date": "2026-01-01",
}


def test_supervisors_manage_recurring_tasks(sofie, teams):
    api = Api(sofie)
    created = api.post("/recurring-tasks", {**TASK, "team": teams["first"].pk})
    assert created.status_code == 201, created.content
    body = created.json()
    assert len(body["upcoming"]) == 3 and body["next_occurrence_at"]
    paused = api.patch(f"/recurring-tasks/{body['id']}", {"is_active": False})
    assert paused.status_code == 200 and paused.json()["is_active"] is False
    assert api.get("/recurring-tasks").json()["count"] == 1


def test_a_recurring_task_with_a_bad_schedule_is_refused(ad, teams):
    response = Api(ad).post("/recurring-tasks", {**TASK, "weekdays": [], "team": teams["first"].pk})
    assert response.status_code == 422 and response.json()["code"] == "weekdays_required"


@pytest.mark.parametrize("persona", ["anna", "sam", "chris"])
def test_only_supervisors_and_admins_manage_recurring_tasks(request, persona, teams):
    api = Api(request.getfixturevalue(persona))
    assert api.get("/recurring-tasks").status_code == 403
    assert api.post("/recurring-tasks", {**TASK, "team": teams["first"].pk}).status_code == 403
    assert not RecurringTask.objects.exists()
