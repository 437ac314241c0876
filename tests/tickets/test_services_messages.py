"""Replies and internal notes: who sees them, first response, the customer's answer."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.tickets.models import EventKind, Status, Ticket
from loket.tickets.services import (
    add_note,
    add_reply,
    change_status,
    close_ticket,
    resolve_ticket,
)

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
T1 = T0 + timedelta(minutes=30)
T2 = T0 + timedelta(hours=2)


@pytest.fixture
def ticket(make_ticket, anna, teams, contact_a):
    return make_ticket(anna, team=teams["first"], contact=contact_a, now=T0)


def test_reply_is_public_and_note_is_internal(ticket, anna):
    reply = add_reply(ticket, body=" Did you restart it? ", acting_user=anna)
    note = add_note(ticket, body="Caller sounded annoyed", acting_user=anna)

    assert (reply.kind, reply.is_public, reply.body) == ("reply", True, "Did you restart it?")
    assert (note.kind, note.is_public) == ("note", False)
    assert reply.author == note.author == anna


def test_first_staff_reply_sets_first_response_once(ticket, anna):
    add_reply(ticket, body="First", acting_user=anna, now=T1)
    add_reply(ticket, body="Second", acting_user=anna, now=T2)

    ticket.refresh_from_db()
    assert ticket.first_response_at == T1


def test_staff_reply_takes_a_new_ticket_up(ticket, anna):
    assert ticket.status == Status.NEW
    add_reply(ticket, body="We are looking into it", acting_user=anna, now=T1)

    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    change = ticket.events.get(kind=EventKind.STATUS)
    assert (change.data["old"], change.data["new"], change.author) == ("new", "open", anna)


def test_internal_note_leaves_a_new_ticket_new(ticket, anna):
    add_note(ticket, body="Checking logs", acting_user=anna, now=T1)

    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_internal_note_is_not_a_first_response(ticket, anna):
    add_note(ticket, body="Checking logs", acting_user=anna, now=T1)

    ticket.refresh_from_db()
    assert ticket.first_response_at is None


def test_customer_reply_is_not_a_first_response(ticket, chris):
    add_reply(ticket, body="Any news?", acting_user=chris, now=T1)

    ticket.refresh_from_db()
    assert ticket.first_response_at is None


def test_customer_reply_while_waiting_on_them_reopens_the_ticket(ticket, anna, chris):
    ticket = change_status(
        ticket, to=Status.WAITING_CUSTOMER, acting_user=anna, version=ticket.version, now=T1
    )

    add_reply(ticket, body="It works again", acting_user=chris, now=T2)

    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    event = ticket.events.filter(kind=EventKind.STATUS).last()
    assert event.data == {"field": "status", "old": "waiting_customer", "new": "open"}
    assert event.author == chris


def test_staff_reply_while_waiting_on_customer_keeps_waiting(ticket, anna):
    ticket = change_status(
        ticket, to=Status.WAITING_CUSTOMER, acting_user=anna, version=ticket.version
    )

    add_reply(ticket, body="Reminder: please test", acting_user=anna)

    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING_CUSTOMER


def test_customer_reply_while_waiting_on_third_party_keeps_waiting(ticket, anna, chris):
    ticket = change_status(
        ticket, to=Status.WAITING_THIRD_PARTY, acting_user=anna, version=ticket.version
    )

    add_reply(ticket, body="Any news?", acting_user=chris)

    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING_THIRD_PARTY


@pytest.mark.parametrize("body", ["", "  \n ", None])
@pytest.mark.parametrize("add", [add_reply, add_note])
def test_empty_message_without_files_is_refused(ticket, anna, add, body):
    with pytest.raises(InvalidInput) as excinfo:
        add(ticket, body=body, acting_user=anna)

    assert excinfo.value.code == "body_required"
    assert ticket.events.count() == 1  # only "created"


def test_file_without_text_is_a_message(ticket, anna):
    upload = SimpleUploadedFile("log.txt", b"error 42\n")

    note = add_note(ticket, body="", acting_user=anna, attachments=[upload])

    attachment = note.attachments.get()
    assert (attachment.filename, attachment.content_type) == ("log.txt", "text/plain")


def test_message_bumps_the_version_of_the_callers_ticket(ticket, anna):
    version = ticket.version

    add_note(ticket, body="Hmm", acting_user=anna, version=version)

    assert ticket.version == version + 1
    assert Ticket.objects.get(pk=ticket.pk).version == version + 1


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED])
def test_customer_cannot_reply_on_a_finished_ticket(ticket, anna, chris, resolution_code, status):
    ticket = resolve_ticket(
        ticket, resolution="Fixed", code=resolution_code, acting_user=anna, version=ticket.version
    )
    if status == Status.CLOSED:
        ticket = close_ticket(ticket, acting_user=anna, version=ticket.version)

    with pytest.raises(TransitionNotAllowed):
        add_reply(ticket, body="Thanks!", acting_user=chris)

    assert not ticket.events.filter(kind=EventKind.REPLY).exists()


def test_customer_cannot_reply_on_a_ticket_closed_since_they_loaded_it(
    ticket, anna, chris, resolution_code
):
    customers_copy = Ticket.objects.get(pk=ticket.pk)
    ticket = resolve_ticket(
        ticket, resolution="Fixed", code=resolution_code, acting_user=anna, version=ticket.version
    )
    close_ticket(ticket, acting_user=anna, version=ticket.version)

    with pytest.raises(TransitionNotAllowed):
        add_reply(customers_copy, body="Thanks!", acting_user=chris)

    assert not ticket.events.filter(kind=EventKind.REPLY).exists()
