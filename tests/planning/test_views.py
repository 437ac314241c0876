from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.planning.models import Callback, Collaborator, Frequency, RecurringTask
from loket.planning.recurring import create_recurring_task
from loket.planning.services import ask_for_help, schedule_callback
from loket.tickets.models import EventKind
from loket.tickets.services import update_ticket

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture
def ticket(make_ticket, anna, teams, contact_a):
    return make_ticket(acting_user=anna, team=teams["first"], assignee=anna, contact=contact_a)


def action(number, name):
    return reverse("planning:ticket_action", args=[number, name])


# ------------------------------------------------------------------ today page


def test_today_shows_my_callbacks_overdue_first_with_a_call_link(client, anna, ticket):
    now = timezone.now()
    # Still today in the desk's time zone, whatever time the test runs.
    end_of_day = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    later = schedule_callback(
        ticket,
        due_at=now + min(timedelta(minutes=20), (end_of_day - now) / 2),
        acting_user=anna,
        note="later",
    )
    Callback.objects.create(
        ticket=ticket,
        assignee=anna,
        due_at=now - timedelta(hours=1),
        note="missed",
        created_by=anna,
        created_at=now - timedelta(hours=2),
    )
    client.force_login(anna)
    page = client.get(reverse("planning:index")).content.decode()
    assert page.index("missed") < page.index("later")
    assert "overdue" in page
    assert 'href="tel:+32470123456"' in page
    assert reverse("planning:callback_done", args=[later.pk]) in page


def test_today_lists_follow_ups_help_requests_and_sla_risks(
    client, anna, sam, ticket, make_ticket, teams
):
    end_of_day = timezone.localtime().replace(hour=23, minute=0)
    update_ticket(ticket, acting_user=anna, version=ticket.version, follow_up_at=end_of_day)
    other = make_ticket(
        acting_user=sam, team=teams["first"], assignee=anna, subject="Sam needs you"
    )
    ask_for_help(other, user=anna, question="Can you call the user?", acting_user=sam)
    client.force_login(anna)
    page = client.get(reverse("planning:index")).content.decode()
    assert "Follow-ups due" in page and ticket.number in page
    assert "Can you call the user?" in page


def test_today_page_has_empty_states(client, bob):
    client.force_login(bob)
    page = client.get(reverse("planning:index")).content.decode()
    assert "No callbacks for today" in page
    assert "Nobody is waiting for your help" in page


def test_today_page_query_count_does_not_grow_with_the_lists(
    client, anna, sam, make_ticket, teams, contact_a, django_assert_max_num_queries
):
    client.force_login(anna)
    now = timezone.now()

    def add(n):
        for i in range(n):
            t = make_ticket(acting_user=anna, team=teams["first"], assignee=anna, contact=contact_a)
            schedule_callback(t, due_at=now + timedelta(minutes=5 + i), acting_user=anna)
            ask_for_help(t, user=anna, question="?", acting_user=sam)

    add(2)
    with django_assert_max_num_queries(16) as few:
        client.get(reverse("planning:index"))
    add(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("planning:index"))


@pytest.mark.parametrize("persona", ["anna", "sam", "sofie", "ad"])
def test_staff_have_a_today_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("planning:index")).status_code == 200
    assert client.get(reverse("planning:callbacks")).status_code == 200


def test_customers_have_no_today_page(client, chris):
    client.force_login(chris)
    assert client.get(reverse("planning:index")).status_code == 403
    assert client.get(reverse("planning:callbacks")).status_code == 403


def test_anonymous_users_go_to_the_login_page(client):
    response = client.get(reverse("planning:index"))
    assert response.status_code == 302 and "login" in response["Location"]


# ----------------------------------------------------------------- callbacks list


def test_done_from_the_callbacks_list(client, anna, ticket):
    callback = schedule_callback(
        ticket, due_at=timezone.now() + timedelta(hours=1), acting_user=anna
    )
    client.force_login(anna)
    response = client.post(reverse("planning:callback_done", args=[callback.pk]), headers=HX)
    assert response.status_code == 200
    assert "marked done" in response.content.decode()
    callback.refresh_from_db()
    assert callback.done_by == anna


def test_another_agent_cannot_close_my_callback_on_a_ticket_they_do_not_see(
    client, anna, bob, ticket
):
    callback = schedule_callback(
        ticket, due_at=timezone.now() + timedelta(hours=1), acting_user=anna
    )
    client.force_login(bob)
    assert client.post(reverse("planning:callback_done", args=[callback.pk])).status_code == 404


# ------------------------------------------------------------------ ticket panel


def test_the_ticket_page_shows_the_planning_panel(client, anna, ticket):
    client.force_login(anna)
    page = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()
    assert "Schedule a callback" in page and "Ask for help" in page and "Hand over" in page


def test_schedule_a_callback_with_a_quick_button(client, anna, ticket):
    client.force_login(anna)
    response = client.post(action(ticket.number, "callback"), {"quick": "tomorrow"}, headers=HX)
    assert response.status_code == 200
    callback = Callback.objects.get()
    local = timezone.localtime(callback.due_at)
    assert (local.date(), local.hour, local.minute) == (
        timezone.localdate() + timedelta(days=1),
        9,
        0,
    )
    assert "Callback planned for" in response.content.decode()  # the timeline redrew


def test_a_callback_in_the_past_is_refused_with_a_message(client, anna, ticket):
    client.force_login(anna)
    past = timezone.localtime() - timedelta(hours=1)
    response = client.post(
        action(ticket.number, "callback"), {"due_at": past.strftime("%Y-%m-%dT%H:%M")}, headers=HX
    )
    assert response.status_code == 422
    assert "in the past" in response.content.decode()
    assert not Callback.objects.exists()


def test_ask_for_help_and_mark_it_done_from_the_panel(client, anna, sam, ticket):
    client.force_login(anna)
    response = client.post(
        action(ticket.number, "help"), {"user": sam.pk, "question": "Any idea?"}, headers=HX
    )
    assert response.status_code == 200
    collaborator = Collaborator.objects.get()
    response = client.post(
        action(ticket.number, "help-done"), {"collaborator": collaborator.pk}, headers=HX
    )
    assert response.status_code == 200
    collaborator.refresh_from_db()
    assert collaborator.done_at is not None


def test_handover_without_a_note_is_refused(client, anna, sofie, ticket):
    client.force_login(anna)
    response = client.post(
        action(ticket.number, "handover"),
        {"to_user": sofie.pk, "note": "", "version": ticket.version},
        headers=HX,
    )
    assert response.status_code == 422
    ticket.refresh_from_db()
    assert ticket.assignee == anna


def test_handover_without_js_redirects_to_the_ticket(client, anna, sofie, ticket):
    client.force_login(anna)
    response = client.post(
        action(ticket.number, "handover"),
        {"to_user": sofie.pk, "note": "Over to you", "version": ticket.version},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee == sofie
    assert ticket.events.filter(kind=EventKind.COLLAB, data__action="handover").exists()


def test_customers_cannot_use_the_panel_actions(client, chris, ticket):
    client.force_login(chris)
    response = client.post(action(ticket.number, "callback"), {"quick": "2h"})
    assert response.status_code == 403


def test_an_agent_of_another_team_cannot_act_on_the_ticket(client, bob, ticket):
    client.force_login(bob)
    assert client.post(action(ticket.number, "callback"), {"quick": "2h"}).status_code == 404


# -------------------------------------------------------------- recurring tasks


def test_supervisors_create_and_pause_recurring_tasks(client, sofie, teams):
    client.force_login(sofie)
    response = client.post(
        reverse("planning:recurring_create"),
        {
            "title": "Check backup report",
            "team": teams["first"].pk,
            "type": "service_request",
            "impact": 3,
            "urgency": 3,
            "frequency": "weekly",
            "weekdays": ["1"],
            "time_of_day": "08:00",
            "start_date": "2026-01-01",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    task = RecurringTask.objects.get()
    assert task.weekdays == [1] and task.next_occurrence_at is not None
    page = client.get(reverse("planning:recurring")).content.decode()
    assert "Check backup report" in page and "Every Monday at 08:00" in page
    client.post(reverse("planning:recurring_toggle", args=[task.pk]))
    task.refresh_from_db()
    assert not task.is_active


def test_a_bad_schedule_is_refused_with_a_message(client, sofie, teams):
    client.force_login(sofie)
    response = client.post(
        reverse("planning:recurring_create"),
        {
            "title": "Licence review",
            "team": teams["first"].pk,
            "type": "service_request",
            "impact": 3,
            "urgency": 3,
            "frequency": "monthly",
            "time_of_day": "09:00",
            "start_date": "2026-01-01",
        },
    )
    assert response.status_code == 422
    assert "day of the month" in response.content.decode()


def test_the_edit_page_shows_the_next_occurrences(client, ad, teams):
    task = create_recurring_task(
        acting_user=ad,
        title="Toner round",
        team=teams["first"],
        frequency=Frequency.WEEKLY,
        weekdays=[5],
        time_of_day=time(14, 0),
        start_date=date(2026, 1, 1),
    )
    client.force_login(ad)
    page = client.get(reverse("planning:recurring_edit", args=[task.pk])).content.decode()
    assert "Next occurrences" in page and "14:00" in page


@pytest.mark.parametrize("persona", ["anna", "sam", "chris"])
def test_others_cannot_manage_recurring_tasks(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("planning:recurring")).status_code == 403
    assert client.get(reverse("planning:recurring_create")).status_code == 403
