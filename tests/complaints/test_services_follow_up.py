"""After registering: the answer, the deadline, the satisfaction follow-up, and the rule
that a ticket with a complaint closes only after its follow-up."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied

from loket.complaints.models import ComplaintStatus, Satisfaction
from loket.complaints.services import record_answer, record_follow_up, set_deadline
from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.portal.services import close_my_ticket
from loket.tickets.models import EventKind, Status
from loket.tickets.services import close_ticket, resolve_ticket

from .conftest import MONDAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(register, ticket):
    return register(ticket, now=MONDAY).complaint


def resolve(ticket, user, code):
    return resolve_ticket(
        ticket, resolution="New toner; called back.", code=code, acting_user=user, version=None
    )


def test_recording_the_answer_makes_it_answered(complaint, anna):
    record_answer(complaint, outcome="Printer replaced; apologised.", acting_user=anna)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ANSWERED
    assert complaint.outcome == "Printer replaced; apologised."
    assert complaint.answered_at is not None
    event = complaint.ticket.events.filter(kind=EventKind.COMPLAINT).latest("id")
    assert event.data == {"action": "answered", "outcome": "Printer replaced; apologised."}


def test_an_answer_needs_words(complaint, anna):
    with pytest.raises(InvalidInput) as refused:
        record_answer(complaint, outcome=" ", acting_user=anna)
    assert refused.value.code == "outcome_required"


def test_the_follow_up_waits_for_an_answer(complaint, anna):
    with pytest.raises(TransitionNotAllowed) as refused:
        record_follow_up(complaint, satisfied="yes", acting_user=anna)
    assert refused.value.code == "complaint_not_answered"


def test_a_resolved_ticket_may_be_followed_up(complaint, ticket, anna, resolution_code):
    resolve(ticket, anna, resolution_code)
    record_follow_up(complaint, satisfied="yes", note="Happy now.", acting_user=anna)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.FOLLOWED_UP
    assert complaint.satisfied == Satisfaction.YES
    assert complaint.followed_up_by == anna
    assert complaint.outcome == "New toner; called back."  # taken from the resolution
    event = ticket.events.filter(kind=EventKind.COMPLAINT).latest("id")
    assert event.data["action"] == "follow_up"
    assert event.data["satisfied"] == "yes"


def test_not_satisfied_needs_a_note(complaint, anna):
    record_answer(complaint, outcome="Apologised.", acting_user=anna)
    with pytest.raises(InvalidInput) as refused:
        record_follow_up(complaint, satisfied="no", acting_user=anna)
    assert refused.value.code == "follow_up_note_required"
    record_follow_up(complaint, satisfied="no", note="Wants a new printer.", acting_user=anna)


def test_unknown_satisfaction_is_refused(complaint, anna):
    with pytest.raises(InvalidInput) as refused:
        record_follow_up(complaint, satisfied="maybe", acting_user=anna)
    assert refused.value.code == "bad_satisfaction"


def test_the_follow_up_is_recorded_once(complaint, anna):
    record_answer(complaint, outcome="Apologised.", acting_user=anna)
    record_follow_up(complaint, satisfied="unreachable", acting_user=anna)
    with pytest.raises(TransitionNotAllowed) as refused:
        record_follow_up(complaint, satisfied="yes", acting_user=anna)
    assert refused.value.code == "already_followed_up"


def test_closing_is_blocked_without_follow_up(complaint, ticket, anna, resolution_code):
    ticket = resolve(ticket, anna, resolution_code)
    with pytest.raises(TransitionNotAllowed) as refused:
        close_ticket(ticket, acting_user=anna, version=None)
    assert refused.value.code == "complaint_follow_up_required"
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED


def test_closing_after_follow_up_closes_the_complaint(complaint, ticket, anna, resolution_code):
    ticket = resolve(ticket, anna, resolution_code)
    record_follow_up(complaint, satisfied="yes", acting_user=anna)
    close_ticket(ticket, acting_user=anna, version=None)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    assert complaint.closed_at is not None


def test_tickets_without_a_complaint_close_as_before(make_ticket, anna, resolution_code):
    ticket = make_ticket(anna, assignee=anna)
    ticket = resolve(ticket, anna, resolution_code)
    assert close_ticket(ticket, acting_user=anna, version=None).status == Status.CLOSED


def test_a_customer_closing_in_the_portal_counts_as_satisfied(complaint, ticket, chris):
    close_my_ticket(ticket, acting_user=chris, reason="Sorted, thanks.")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    assert complaint.satisfied == Satisfaction.YES
    assert complaint.followed_up_by == chris
    event = ticket.events.filter(kind=EventKind.COMPLAINT).latest("id")
    assert event.data["auto"] is True
    assert not event.is_public


def test_a_supervisor_moves_the_deadline(complaint, sofie):
    new = datetime(2026, 3, 20, 15, 0, tzinfo=UTC)
    set_deadline(complaint, due_at=new, reason="Waiting for the supplier.", acting_user=sofie)
    complaint.refresh_from_db()
    assert complaint.due_at == new
    event = complaint.ticket.events.filter(kind=EventKind.COMPLAINT).latest("id")
    assert event.data["action"] == "deadline"
    assert event.data["new"] == new.isoformat()
    assert event.data["reason"] == "Waiting for the supplier."


def test_an_agent_cannot_move_the_deadline(complaint, anna):
    with pytest.raises(PermissionDenied):
        set_deadline(complaint, due_at=datetime(2026, 3, 20, tzinfo=UTC), acting_user=anna)


@pytest.mark.parametrize(
    ("due_at", "code"),
    [(datetime(2026, 3, 20), "naive_time"), (datetime(2026, 3, 1, tzinfo=UTC), "bad_deadline")],
)
def test_a_deadline_must_be_aware_and_after_registration(complaint, sofie, due_at, code):
    with pytest.raises(InvalidInput) as refused:
        set_deadline(complaint, due_at=due_at, acting_user=sofie)
    assert refused.value.code == code
