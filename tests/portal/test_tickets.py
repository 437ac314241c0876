"""My tickets and one ticket: plain-words status, expected time, reply, close."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from loket.portal import wording
from loket.tickets import services as tickets
from loket.tickets.models import Status

pytestmark = pytest.mark.django_db


def test_list_says_the_status_in_plain_words(client, chris, anna, make_ticket, contact_a):
    waiting = make_ticket(anna, subject="Waiting one", contact=contact_a, assignee=anna)
    tickets.change_status(waiting, to=Status.WAITING_CUSTOMER, acting_user=anna, version=None)
    make_ticket(anna, subject="Fresh one", contact=contact_a)
    client.force_login(chris)
    response = client.get(reverse("portal:tickets"))
    assert "We are waiting for your answer" in response.text
    assert "We have received your request" in response.text


def test_list_promises_a_resolution_time_from_the_sla(client, chris, anna, make_ticket, contact_a):
    ticket = make_ticket(anna, subject="With SLA", contact=contact_a)
    due = wording.resolution_due([ticket], ticket.created_at)[ticket.pk]
    assert due is not None, "the default SLA policy gives every ticket a resolution target"
    client.force_login(chris)
    response = client.get(reverse("portal:tickets"))
    assert "We aim to solve it by" in response.text
    assert wording.moment(due) in response.text


def test_moment_is_written_in_brussels_time_and_the_language():
    moment = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)  # 14:00 in Brussels
    with translation.override("en"):
        assert wording.moment(moment) == "Tuesday 1 December, 14:00"
    with translation.override("fr"):
        assert "décembre" in wording.moment(moment)


def test_list_uses_a_fixed_number_of_queries(client, chris, anna, make_ticket, contact_a):
    client.force_login(chris)
    make_ticket(anna, subject="One", contact=contact_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:tickets"))
    for n in range(5):
        make_ticket(anna, subject=f"More {n}", contact=contact_a)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("portal:tickets"))
    assert len(many) == len(few)


def test_customer_replies_on_their_ticket(client, chris, chris_ticket):
    client.force_login(chris)
    response = client.post(
        reverse("portal:reply", args=[chris_ticket.number]), {"body": "It is still broken"}
    )
    assert response.status_code == 302
    event = chris_ticket.events.get(kind="reply")
    assert (event.author, event.is_public, event.body) == (chris, True, "It is still broken")


def test_empty_reply_is_refused_with_a_message(client, chris, chris_ticket):
    client.force_login(chris)
    response = client.post(reverse("portal:reply", args=[chris_ticket.number]), {"body": " "})
    assert response.status_code == 422
    assert "Write a message" in response.text


def test_answer_on_resolved_ticket_reopens_it(client, chris, anna, chris_ticket, resolution_code):
    tickets.resolve_ticket(
        chris_ticket, resolution="New toner", code=resolution_code, acting_user=anna, version=None
    )
    client.force_login(chris)
    page = client.get(reverse("portal:ticket", args=[chris_ticket.number]))
    assert "Solved — tell us if it is not" in page.text
    assert "New toner" in page.text
    client.post(reverse("portal:reply", args=[chris_ticket.number]), {"body": "Still blank"})
    chris_ticket.refresh_from_db()
    assert chris_ticket.status == Status.OPEN
    assert chris_ticket.events.filter(kind="reply", body="Still blank").exists()


def test_close_asks_for_confirmation_then_resolves_and_closes(client, chris, chris_ticket):
    client.force_login(chris)
    url = reverse("portal:close", args=[chris_ticket.number])
    confirmation = client.get(url)
    assert "Yes, close it" in confirmation.text
    chris_ticket.refresh_from_db()
    assert chris_ticket.status == Status.NEW
    response = client.post(url, {"reason": "It works again"})
    assert response.status_code == 302
    chris_ticket.refresh_from_db()
    assert chris_ticket.status == Status.CLOSED
    assert chris_ticket.resolution == "It works again"
    assert chris_ticket.resolution_code.code == "closed-by-customer"
    statuses = [e.data["new"] for e in chris_ticket.events.filter(kind="status")]
    assert statuses == [Status.RESOLVED, Status.CLOSED]


def test_close_a_resolved_ticket(client, chris, anna, chris_ticket, resolution_code):
    tickets.resolve_ticket(
        chris_ticket, resolution="Fixed", code=resolution_code, acting_user=anna, version=None
    )
    client.force_login(chris)
    client.post(reverse("portal:close", args=[chris_ticket.number]), {})
    chris_ticket.refresh_from_db()
    assert (chris_ticket.status, chris_ticket.resolution) == (Status.CLOSED, "Fixed")


def test_closed_ticket_offers_no_reply_or_close(client, chris, chris_ticket):
    client.force_login(chris)
    client.post(reverse("portal:close", args=[chris_ticket.number]), {})
    page = client.get(reverse("portal:ticket", args=[chris_ticket.number]))
    assert "This ticket is closed." in page.text
    assert "Close my ticket" not in page.text
    assert client.get(reverse("portal:close", args=[chris_ticket.number])).status_code == 403
    reply = client.post(reverse("portal:reply", args=[chris_ticket.number]), {"body": "x"})
    assert reply.status_code == 403


def test_organisation_admin_may_close_a_colleagues_ticket(client, olivia, chris_ticket):
    client.force_login(olivia)
    client.post(reverse("portal:close", args=[chris_ticket.number]), {})
    chris_ticket.refresh_from_db()
    assert chris_ticket.status == Status.CLOSED
