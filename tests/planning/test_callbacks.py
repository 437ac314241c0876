from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from loket.core.errors import InvalidInput
from loket.notifications.models import Notification
from loket.planning import periodic
from loket.planning.models import Callback
from loket.planning.services import (
    cancel_callback,
    complete_callback,
    reschedule_callback,
    schedule_callback,
)
from loket.tickets.models import EventKind
from loket.tickets.services import CallLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(make_ticket, anna, teams, contact_a):
    return make_ticket(acting_user=anna, team=teams["first"], assignee=anna, contact=contact_a)


def test_schedule_callback_defaults_to_the_acting_agent_and_logs_it(ticket, anna):
    now = timezone.now()
    callback = schedule_callback(
        ticket, due_at=now + timedelta(hours=1), acting_user=anna, note="Check the toner", now=now
    )
    assert callback.assignee == anna
    assert callback.created_by == anna
    event = ticket.events.get(kind=EventKind.CALLBACK)
    assert event.data["action"] == "scheduled"
    assert event.body == "Check the toner"


def test_schedule_callback_for_a_colleague(ticket, anna, bob):
    callback = schedule_callback(
        ticket, due_at=timezone.now() + timedelta(hours=2), acting_user=anna, assignee=bob
    )
    assert callback.assignee == bob


def test_callback_in_the_past_is_refused(ticket, anna):
    with pytest.raises(InvalidInput) as caught:
        schedule_callback(ticket, due_at=timezone.now() - timedelta(minutes=5), acting_user=anna)
    assert caught.value.code == "due_in_past"
    assert not Callback.objects.exists()


def test_naive_callback_time_is_refused(ticket, anna):
    with pytest.raises(InvalidInput) as caught:
        schedule_callback(ticket, due_at=timezone.now().replace(tzinfo=None), acting_user=anna)
    assert caught.value.code == "naive_time"


def test_customer_cannot_schedule_a_callback(ticket, chris):
    with pytest.raises(PermissionDenied):
        schedule_callback(ticket, due_at=timezone.now() + timedelta(hours=1), acting_user=chris)


def test_callback_cannot_go_to_a_customer(ticket, anna, chris):
    with pytest.raises(InvalidInput) as caught:
        schedule_callback(
            ticket, due_at=timezone.now() + timedelta(hours=1), acting_user=anna, assignee=chris
        )
    assert caught.value.code == "bad_assignee"


def test_complete_callback_can_log_the_outbound_call(ticket, anna):
    now = timezone.now()
    callback = schedule_callback(
        ticket, due_at=now + timedelta(minutes=1), acting_user=anna, now=now
    )
    later = now + timedelta(minutes=10)
    call = CallLog(
        direction="out",
        started=later - timedelta(minutes=3),
        answered=later - timedelta(minutes=2),
        ended=later,
    )
    complete_callback(callback, acting_user=anna, note="Works again", call=call, now=later)
    callback.refresh_from_db()
    assert callback.done_at == later and callback.outcome == "Works again"
    assert ticket.events.filter(kind=EventKind.CALL).count() == 1
    assert ticket.events.filter(kind=EventKind.CALLBACK, data__action="done").count() == 1


def test_reschedule_and_cancel(ticket, anna):
    now = timezone.now()
    callback = schedule_callback(ticket, due_at=now + timedelta(hours=1), acting_user=anna, now=now)
    reschedule_callback(callback, due_at=now + timedelta(days=1), acting_user=anna, now=now)
    callback.refresh_from_db()
    assert callback.due_at == now + timedelta(days=1)
    cancel_callback(callback, acting_user=anna, now=now)
    callback.refresh_from_db()
    assert callback.cancelled and not callback.is_open


def test_due_callback_notifies_its_assignee_once(ticket, anna):
    now = timezone.now()
    schedule_callback(ticket, due_at=now + timedelta(minutes=30), acting_user=anna, now=now)
    assert periodic.run(now=now)["callbacks_due"] == 0
    later = now + timedelta(minutes=31)
    assert periodic.run(now=later)["callbacks_due"] == 1
    assert periodic.run(now=later + timedelta(minutes=1))["callbacks_due"] == 0
    notification = Notification.objects.get(kind="callback_due")
    assert notification.recipient == anna


def test_done_callback_is_not_reminded(ticket, anna):
    now = timezone.now()
    callback = schedule_callback(
        ticket, due_at=now + timedelta(minutes=5), acting_user=anna, now=now
    )
    complete_callback(callback, acting_user=anna, now=now + timedelta(minutes=1))
    assert periodic.run(now=now + timedelta(hours=1))["callbacks_due"] == 0
