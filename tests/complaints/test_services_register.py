"""Registering a complaint: confirmation, compactness, deadline, supervisors told,
timeline, and the acknowledgement in the customer's language."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied

from loket.accounts.models import Role
from loket.accounts.services import create_user
from loket.complaints.models import Complaint, ComplaintStatus
from loket.complaints.services import business_deadline, start_complaint
from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.macros.models import Macro
from loket.notifications.models import Notification, NotificationKind
from loket.tickets.models import EventKind, Priority, Status, TicketType
from loket.tickets.services import close_ticket, resolve_ticket

from .conftest import MONDAY

pytestmark = pytest.mark.django_db


def test_it_registers_a_confirmed_complaint(register, ticket, anna, org_a, categories):
    registration = register(ticket, now=MONDAY)
    complaint = registration.complaint
    assert complaint.status == ComplaintStatus.OPEN
    assert complaint.paraphrase == "Promised a callback twice; nobody called back."
    assert complaint.paraphrase_confirmed
    assert complaint.registered_by == anna
    assert complaint.organisation == org_a
    assert complaint.category == categories["printing"]
    assert complaint.subject == "delay"


def test_it_refuses_an_unconfirmed_paraphrase(register, ticket):
    with pytest.raises(InvalidInput) as refused:
        register(ticket, paraphrase_confirmed=False)
    assert refused.value.code == "paraphrase_not_confirmed"
    assert not Complaint.objects.exists()
    assert not ticket.events.filter(kind=EventKind.COMPLAINT).exists()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"paraphrase": "   "}, "paraphrase_required"),
        ({"paraphrase": "x" * 501}, "paraphrase_too_long"),
        ({"desired_outcome": ""}, "desired_outcome_required"),
        ({"subject": "weather"}, "bad_subject"),
    ],
)
def test_it_refuses_incomplete_input(register, ticket, fields, code):
    with pytest.raises(InvalidInput) as refused:
        register(ticket, **fields)
    assert refused.value.code == code


def test_a_paraphrase_of_500_characters_is_compact_enough(register, ticket):
    assert register(ticket, paraphrase="x" * 500).complaint.pk


def test_one_complaint_per_ticket(register, ticket):
    register(ticket)
    with pytest.raises(InvalidInput) as refused:
        register(ticket)
    assert refused.value.code == "complaint_exists"


def test_a_closed_ticket_takes_no_complaint(register, ticket, anna, resolution_code):
    resolve_ticket(ticket, resolution="Done", code=resolution_code, acting_user=anna, version=None)
    close_ticket(ticket, acting_user=anna, version=None)
    with pytest.raises(TransitionNotAllowed) as refused:
        register(ticket)
    assert refused.value.code == "ticket_closed"


def test_customers_cannot_register(register, ticket, chris):
    with pytest.raises(PermissionDenied):
        register(ticket, acting_user=chris)


def test_the_deadline_is_five_office_days_later(register, ticket):
    complaint = register(ticket, now=MONDAY).complaint
    # Monday 09:00 in Brussels → the next Monday 09:00.
    assert complaint.due_at == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)


def test_the_deadline_skips_weekends_and_public_holidays():
    # Thursday 1 May 2025 (Labour Day) is closed; registered Wednesday 30 April 10:00.
    start = datetime(2025, 4, 30, 8, 0, tzinfo=UTC)
    assert business_deadline(start) == datetime(2025, 5, 8, 8, 0, tzinfo=UTC)


def test_a_complaint_after_hours_is_due_at_the_end_of_the_fifth_office_day():
    friday_evening = datetime(2026, 3, 6, 19, 0, tzinfo=UTC)
    assert business_deadline(friday_evening) == datetime(2026, 3, 13, 16, 0, tzinfo=UTC)


def test_the_team_lead_is_notified(register, ticket, sofie, anna):
    complaint = register(ticket).complaint
    notes = Notification.objects.filter(kind=NotificationKind.COMPLAINT)
    assert [n.recipient for n in notes] == [sofie]
    note = notes.get()
    assert note.ticket == ticket
    assert note.data["number"] == ticket.number
    assert note.data["by"] == str(anna)
    assert note.data["due_at"] == complaint.due_at.isoformat()
    assert list(complaint.notified.all()) == [sofie]
    assert complaint.notified_at is not None


def test_without_a_team_lead_every_supervisor_is_notified(make_ticket, register, bob, teams, sofie):
    olga = create_user(username="olga", role=Role.SUPERVISOR, password="pw")
    retired = create_user(username="rik", role=Role.SUPERVISOR, password="pw")
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    ticket = make_ticket(bob, team=teams["first_gent"], assignee=bob)
    register(ticket, acting_user=bob)
    recipients = set(
        Notification.objects.filter(kind=NotificationKind.COMPLAINT).values_list(
            "recipient__username", flat=True
        )
    )
    # Sofie leads another team; Olga is a supervisor without a team; Rik left.
    assert recipients == {"olga", "sofie"}
    # Each may open the ticket they were told about, though it is not their team's.
    from loket.tickets.access import visible_tickets

    assert visible_tickets(olga).filter(pk=ticket.pk).exists()
    assert visible_tickets(sofie).filter(pk=ticket.pk).exists()
    assert not visible_tickets(retired).filter(pk=ticket.pk).exists()


def test_registering_writes_an_internal_timeline_event(register, ticket, sofie):
    register(ticket)
    event = ticket.events.get(kind=EventKind.COMPLAINT)
    assert not event.is_public
    assert event.data["action"] == "registered"
    assert event.data["paraphrase"] == "Promised a callback twice; nobody called back."
    assert event.data["notified"] == [str(sofie)]


def test_priority_and_status_are_left_alone(register, ticket):
    before = (ticket.priority, ticket.status, ticket.version)
    register(ticket)
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.status, ticket.version) == before
    assert ticket.priority == Priority.P4


def test_the_acknowledgement_is_the_dutch_canned_answer_for_a_dutch_contact(register, ticket):
    registration = register(ticket, now=MONDAY)
    assert registration.language == "nl"
    assert ticket.number in registration.acknowledgement
    assert "Chris" in registration.acknowledgement
    # The complaint's own deadline is promised, not the ticket's SLA.
    assert "maandag 9 maart om 09:00" in registration.acknowledgement


def test_the_acknowledgement_is_french_for_a_french_contact(register, ticket_b):
    registration = register(ticket_b, now=MONDAY)
    assert registration.language == "fr"
    assert "Camille" in registration.acknowledgement
    assert "lundi 9 mars à 09:00" in registration.acknowledgement


@pytest.mark.parametrize(
    ("fixture", "language", "month"), [("ticket", "nl", "maart"), ("ticket_b", "fr", "mars")]
)
def test_without_the_canned_answer_a_built_in_text_in_the_contact_language(
    request, register, fixture, language, month
):
    Macro.objects.filter(key="complaint-acknowledgement").delete()
    ticket = request.getfixturevalue(fixture)
    registration = register(ticket, now=MONDAY)
    assert registration.language == language
    text = registration.acknowledgement
    assert ticket.number in text
    assert "Promised a callback twice" in text
    assert month in text  # the deadline is written in the contact's language


def test_a_complaint_can_start_a_new_ticket(anna, contact_b, sofie, teams):
    registration = start_complaint(
        acting_user=anna,
        paraphrase="The technician was rude on the phone.",
        paraphrase_confirmed=True,
        desired_outcome="An apology.",
        subject="behaviour",
        contact=contact_b,
        team=teams["first"],
    )
    ticket = registration.complaint.ticket
    assert ticket.type == TicketType.COMPLAINT
    assert ticket.subject.startswith("Complaint: The technician")
    assert ticket.contact == contact_b
    assert ticket.status == Status.NEW
    assert registration.language == "fr"
    assert Notification.objects.filter(recipient=sofie, kind=NotificationKind.COMPLAINT).exists()


def test_a_new_complaint_ticket_needs_the_confirmation_too(anna, contact_a):
    with pytest.raises(InvalidInput) as refused:
        start_complaint(
            acting_user=anna,
            paraphrase="Rude.",
            paraphrase_confirmed=False,
            desired_outcome="An apology.",
            contact=contact_a,
        )
    assert refused.value.code == "paraphrase_not_confirmed"
    from loket.tickets.models import Ticket

    assert not Ticket.objects.exists()
