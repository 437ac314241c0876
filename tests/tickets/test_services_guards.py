from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied

from loket.accounts.models import Role
from loket.accounts.services import create_user
from loket.core.errors import InvalidInput
from loket.tickets.models import AppendOnlyError, TimelineEvent
from loket.tickets.services import add_note, create_ticket, update_ticket


def test_a_customer_cannot_write_an_internal_note(make_ticket, anna, chris, contact_a):
    ticket = make_ticket(anna, contact=contact_a)
    with pytest.raises(PermissionDenied):
        add_note(ticket, body="psst", acting_user=chris)
    assert not ticket.events.filter(kind="note").exists()


def test_a_follow_up_without_time_zone_is_refused(anna, make_ticket):
    with pytest.raises(InvalidInput) as refused:
        create_ticket(acting_user=anna, subject="x", follow_up_at=datetime(2026, 12, 1, 9, 0))
    assert refused.value.code == "naive_time"
    ticket = make_ticket(anna)
    with pytest.raises(InvalidInput):
        update_ticket(ticket, acting_user=anna, version=None, follow_up_at=datetime(2026, 12, 1))


def test_a_taken_user_name_is_refused_whatever_its_case(anna):
    with pytest.raises(InvalidInput) as refused:
        create_user(username="ANNA", role=Role.AGENT)
    assert refused.value.code == "username_taken"


def test_timeline_events_cannot_be_changed_or_deleted_in_bulk(make_ticket, anna):
    ticket = make_ticket(anna)
    with pytest.raises(AppendOnlyError):
        TimelineEvent.objects.filter(ticket=ticket).update(body="rewritten")
    with pytest.raises(AppendOnlyError):
        TimelineEvent.objects.filter(ticket=ticket).delete()
    assert ticket.events.count() == 1


def test_one_change_touching_details_team_and_status_is_all_or_nothing(make_ticket, anna, teams):
    from loket.core.errors import TransitionNotAllowed
    from loket.tickets.services import change_ticket

    ticket = make_ticket(anna, team=teams["first"], assignee=anna)
    with pytest.raises(TransitionNotAllowed):
        change_ticket(ticket, acting_user=anna, version=1, subject="New", status="closed")
    ticket.refresh_from_db()
    assert (ticket.subject, ticket.version) == ("Printer prints blank pages", 1)

    ticket = change_ticket(ticket, acting_user=anna, version=1, subject="New", team=teams["second"])
    assert ticket.subject == "New"
    assert ticket.team == teams["second"]
    assert ticket.assignee is None  # anna is not in the new team
