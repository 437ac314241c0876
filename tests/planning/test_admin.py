import pytest
from django.urls import reverse

from loket.planning.models import RecurringTask

pytestmark = pytest.mark.django_db


def test_admins_create_a_recurring_task_in_the_admin(client, ad, teams):
    client.force_login(ad)
    response = client.post(
        reverse("admin:planning_recurringtask_add"),
        {
            "title": "Check backup report",
            "description": "",
            "team": teams["first"].pk,
            "type": "service_request",
            "impact": 3,
            "urgency": 3,
            "frequency": "weekly",
            "weekdays": "[1]",
            "time_of_day": "08:00",
            "start_date": "2026-01-01",
            "is_active": "on",
            "occurrences-TOTAL_FORMS": 0,
            "occurrences-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    task = RecurringTask.objects.get()
    assert task.next_occurrence_at is not None and task.created_by == ad


def test_a_bad_schedule_is_an_admin_form_error(client, ad, teams):
    client.force_login(ad)
    response = client.post(
        reverse("admin:planning_recurringtask_add"),
        {
            "title": "Licence review",
            "team": teams["first"].pk,
            "type": "service_request",
            "impact": 3,
            "urgency": 3,
            "frequency": "monthly",
            "weekdays": "[]",
            "time_of_day": "09:00",
            "start_date": "2026-01-01",
            "occurrences-TOTAL_FORMS": 0,
            "occurrences-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "day of the month" in response.content.decode()
    assert not RecurringTask.objects.exists()


def test_callbacks_and_help_requests_are_read_only_in_the_admin(client, ad):
    client.force_login(ad)
    assert client.get(reverse("admin:planning_callback_changelist")).status_code == 200
    assert client.get(reverse("admin:planning_callback_add")).status_code == 403
    assert client.get(reverse("admin:planning_collaborator_add")).status_code == 403
