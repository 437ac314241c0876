"""The complaint panel on the ticket page and its actions; each answers the whole ticket."""

import pytest
from django.urls import reverse

from loket.complaints.models import Complaint, ComplaintStatus
from loket.tickets.models import EventKind, TicketType
from loket.tickets.services import resolve_ticket

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
FORM = {
    "paraphrase": "Promised a callback twice; nobody called back.",
    "paraphrase_confirmed": "on",
    "desired_outcome": "A call back today.",
    "subject": "delay",
}


def page(client, ticket):
    return client.get(reverse("tickets:detail", args=[ticket.number])).text


def test_without_a_complaint_the_ticket_offers_to_register_one(client, anna, ticket):
    client.force_login(anna)
    text = page(client, ticket)
    assert "Register a complaint" in text
    assert "The customer confirmed this summary" in text
    assert "Let the customer finish" in text  # the form teaches
    assert 'data-counter="500"' in text
    assert "complaints.js" in text


def test_a_complaint_ticket_opens_the_register_form(client, anna, make_ticket, contact_a):
    ticket = make_ticket(anna, assignee=anna, contact=contact_a, type=TicketType.COMPLAINT)
    client.force_login(anna)
    assert '<details id="complaint" class="card complaint-register" open>' in page(client, ticket)


def test_registering_answers_the_ticket_with_the_acknowledgement_in_the_composer(
    client, anna, ticket
):
    client.force_login(anna)
    response = client.post(reverse("complaints:register", args=[ticket.number]), FORM, **HTMX)
    assert response.status_code == 200
    text = response.text
    assert "The complaint is registered" in text
    assert "Answer due in" in text  # the banner
    assert "Promised a callback twice" in text
    # The Dutch acknowledgement waits in the composer, as a public reply.
    assert "Beste Chris Claes" in text
    assert 'value="reply" id="id_kind_0" required checked' in text
    assert Complaint.objects.filter(ticket=ticket).exists()
    assert ticket.events.filter(kind=EventKind.COMPLAINT).count() == 1
    assert 'id="ticket"' in text and "<html" not in text


def test_without_confirmation_the_form_comes_back_with_the_input(client, anna, ticket):
    client.force_login(anna)
    data = {**FORM, "paraphrase_confirmed": ""}
    response = client.post(reverse("complaints:register", args=[ticket.number]), data, **HTMX)
    assert response.status_code == 422
    assert "tick that they confirmed it" in response.text
    assert "Promised a callback twice" in response.text  # the input is kept
    assert '<details id="complaint" class="card complaint-register" open>' in response.text
    assert not Complaint.objects.exists()


def test_an_empty_form_is_refused_without_a_server_error(client, anna, ticket):
    client.force_login(anna)
    response = client.post(reverse("complaints:register", args=[ticket.number]), {})
    assert response.status_code == 422
    assert "This field is required." in response.text


def test_the_banner_shows_overdue_complaints(client, anna, ticket, register):
    complaint = register(ticket).complaint
    Complaint.objects.filter(pk=complaint.pk).update(
        due_at=complaint.registered_at.replace(year=2020)
    )
    client.force_login(anna)
    text = page(client, ticket)
    assert "Answer overdue by" in text
    assert "is-overdue" in text


def test_the_follow_up_form_appears_once_resolved(client, anna, ticket, register, resolution_code):
    register(ticket)
    client.force_login(anna)
    assert "Record satisfaction follow-up" not in page(client, ticket)
    resolve_ticket(
        ticket, resolution="Fixed.", code=resolution_code, acting_user=anna, version=None
    )
    assert "Record satisfaction follow-up" in page(client, ticket)
    response = client.post(
        reverse("complaints:follow_up", args=[ticket.number]),
        {"satisfied": "yes", "note": ""},
        **HTMX,
    )
    assert response.status_code == 200
    assert "The satisfaction follow-up was recorded" in response.text
    assert Complaint.objects.get().status == ComplaintStatus.FOLLOWED_UP


def test_closing_without_follow_up_shows_why(client, anna, ticket, register, resolution_code):
    register(ticket)
    ticket = resolve_ticket(
        ticket, resolution="Fixed.", code=resolution_code, acting_user=anna, version=None
    )
    client.force_login(anna)
    response = client.post(
        reverse("tickets:action", args=[ticket.number, "close"]),
        {"version": ticket.version},
        **HTMX,
    )
    assert response.status_code == 422
    assert "record the follow-up" in response.text


def test_recording_the_answer(client, anna, ticket, register):
    register(ticket)
    client.force_login(anna)
    response = client.post(
        reverse("complaints:answer", args=[ticket.number]), {"outcome": "Apologised."}, **HTMX
    )
    assert response.status_code == 200
    assert Complaint.objects.get().status == ComplaintStatus.ANSWERED
    assert "Record satisfaction follow-up" in response.text


def test_only_supervisors_see_and_use_the_deadline_form(client, anna, sofie, ticket, register):
    register(ticket)
    client.force_login(anna)
    assert "Change the deadline" not in page(client, ticket)
    response = client.post(
        reverse("complaints:deadline", args=[ticket.number]), {"due_at": "2030-01-01T10:00"}
    )
    assert response.status_code == 403
    client.force_login(sofie)
    assert "Change the deadline" in page(client, ticket)
    response = client.post(
        reverse("complaints:deadline", args=[ticket.number]),
        {"due_at": "2030-01-01T10:00", "reason": "Supplier"},
        **HTMX,
    )
    assert response.status_code == 200
    assert Complaint.objects.get().due_at.year == 2030


@pytest.mark.parametrize("persona", ["chris", "camille"])
def test_customers_cannot_use_the_actions(client, request, persona, ticket, register):
    register(ticket)
    client.force_login(request.getfixturevalue(persona))
    for name, data in [
        ("complaints:register", FORM),
        ("complaints:answer", {"outcome": "x"}),
        ("complaints:follow_up", {"satisfied": "yes"}),
    ]:
        assert client.post(reverse(name, args=[ticket.number]), data).status_code == 403


def test_an_agent_of_another_team_gets_404(client, bob, ticket):
    client.force_login(bob)
    response = client.post(reverse("complaints:register", args=[ticket.number]), FORM)
    assert response.status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, ticket):
    response = client.post(reverse("complaints:register", args=[ticket.number]), FORM)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_portal_does_not_show_the_complaint(client, chris, ticket, register):
    register(ticket)
    client.force_login(chris)
    response = client.get(reverse("portal:ticket", args=[ticket.number]))
    assert response.status_code == 200
    assert "Promised a callback twice" not in response.text


def test_the_panel_costs_few_queries(client, anna, ticket, register, django_assert_max_num_queries):
    client.force_login(anna)
    url = reverse("tickets:detail", args=[ticket.number])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    register(ticket)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    # The complaint with its people (1) and the supervisors told (1); one more event row
    # costs nothing extra.
    assert len(after) - len(before) <= 2
