"""The complaints API: register, read, answer, follow up, deadline, list and counts."""

import pytest

from loket.complaints.models import Complaint, ComplaintStatus
from loket.tickets.services import close_ticket, resolve_ticket

pytestmark = pytest.mark.django_db

BODY = {
    "paraphrase": "Promised a callback twice; nobody called back.",
    "paraphrase_confirmed": True,
    "desired_outcome": "A call back today.",
    "subject": "delay",
}


def test_an_agent_registers_a_complaint(api, anna, sofie, ticket):
    response = api(anna).post(f"/tickets/{ticket.number}/complaint", BODY)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["language"] == "nl"
    assert "Chris" in body["acknowledgement"]
    complaint = body["complaint"]
    assert complaint["status"] == "open"
    assert complaint["ticket"]["number"] == ticket.number
    assert complaint["notified"] == [{"id": sofie.pk, "username": "sofie", "name": "Sofie"}]
    assert complaint["organisation"]["name"] == "Acme Logistics"
    assert complaint["overdue"] is False


def test_the_acknowledgement_is_french_for_a_french_contact(api, anna, ticket_b):
    response = api(anna).post(f"/tickets/{ticket_b.pk}/complaint", BODY)
    assert response.status_code == 201
    assert response.json()["language"] == "fr"


def test_registering_without_confirmation_is_422(api, anna, ticket):
    response = api(anna).post(
        f"/tickets/{ticket.number}/complaint", {**BODY, "paraphrase_confirmed": False}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "paraphrase_not_confirmed"
    assert set(response.json()) >= {"detail", "code"}


def test_a_long_paraphrase_is_422(api, anna, ticket):
    response = api(anna).post(
        f"/tickets/{ticket.number}/complaint", {**BODY, "paraphrase": "x" * 501}
    )
    assert response.json()["code"] == "paraphrase_too_long"


def test_a_second_complaint_is_422(api, anna, ticket, register):
    register(ticket)
    response = api(anna).post(f"/tickets/{ticket.number}/complaint", BODY)
    assert response.status_code == 422
    assert response.json()["code"] == "complaint_exists"


def test_reading_a_ticket_complaint(api, anna, ticket, register):
    assert api(anna).get(f"/tickets/{ticket.number}/complaint").status_code == 404
    register(ticket)
    response = api(anna).get(f"/tickets/{ticket.number}/complaint")
    assert response.status_code == 200
    assert response.json()["desired_outcome"] == "A working printer by Friday and a call back."


def test_answer_follow_up_and_close(api, anna, ticket, register, resolution_code):
    register(ticket)
    client = api(anna)
    early = client.post(f"/tickets/{ticket.number}/complaint/follow-up", {"satisfied": "yes"})
    assert early.status_code == 409
    assert early.json()["code"] == "complaint_not_answered"
    answered = client.post(f"/tickets/{ticket.number}/complaint/answer", {"outcome": "Sorry."})
    assert answered.json()["status"] == "answered"
    ticket = resolve_ticket(
        ticket, resolution="Fixed.", code=resolution_code, acting_user=anna, version=None
    )
    closing = client.post(f"/tickets/{ticket.number}/close", {"version": ticket.version})
    assert closing.status_code == 409
    assert closing.json()["code"] == "complaint_follow_up_required"
    done = client.post(
        f"/tickets/{ticket.number}/complaint/follow-up", {"satisfied": "no", "note": "Wants more."}
    )
    assert done.status_code == 200
    assert done.json()["satisfied"] == "no"
    assert done.json()["status"] == "followed_up"
    ticket.refresh_from_db()
    close_ticket(ticket, acting_user=anna, version=None)
    assert Complaint.objects.get().status == ComplaintStatus.CLOSED


def test_bad_follow_up_input_is_422(api, anna, ticket, register):
    register(ticket)
    response = api(anna).post(f"/tickets/{ticket.number}/complaint/follow-up", {"satisfied": "meh"})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_only_supervisors_move_the_deadline(api, anna, sofie, ticket, register):
    register(ticket)
    body = {"due_at": "2030-01-01T10:00:00+01:00", "reason": "Supplier"}
    assert api(anna).post(f"/tickets/{ticket.number}/complaint/deadline", body).status_code == 403
    response = api(sofie).post(f"/tickets/{ticket.number}/complaint/deadline", body)
    assert response.status_code == 200
    assert response.json()["due_at"].startswith("2030-01-01T09:00:00")
    naive = api(sofie).post(
        f"/tickets/{ticket.number}/complaint/deadline", {"due_at": "2030-01-01T10:00:00"}
    )
    assert naive.status_code == 422


def test_listing_complaints(
    api, anna, bob, ticket, ticket_b, register, django_assert_max_num_queries
):
    register(ticket)
    register(ticket_b)
    client = api(anna)
    with django_assert_max_num_queries(8):
        response = client.get("/complaints")
    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert api(anna).get("/complaints", {"overdue": "true"}).json()["count"] == 0
    assert api(anna).get("/complaints", {"status": "closed"}).json()["count"] == 0
    assert (
        api(anna).get("/complaints", {"organisation": ticket.organisation_id}).json()["count"] == 1
    )
    # Bob's team sees neither ticket.
    assert api(bob).get("/complaints").json()["count"] == 0


def test_counts(api, sofie, ad, ticket, ticket_b, register):
    register(ticket)
    register(ticket_b)
    response = api(sofie).get("/complaints/counts", {"group": "organisation"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 2
    assert {(r["label"], r["count"]) for r in body["results"]} == {
        ("Acme Logistics", 1),
        ("Brouwerij Bertem", 1),
    }
    by_category = api(ad).get("/complaints/counts", {"group": "category"}).json()
    # In Ad's interface language (Dutch).
    assert {r["label"] for r in by_category["results"]} == {
        "Hardware › Printen",
        "Account & toegang",
    }
    by_month = api(ad).get("/complaints/counts", {"group": "month"}).json()
    assert by_month["results"][0]["count"] == 2
    assert len(by_month["results"][0]["key"]) == 10  # the month's first day
    reversed_range = api(ad).get("/complaints/counts", {"start": "2026-05-01", "end": "2026-01-01"})
    assert reversed_range.status_code == 422
    assert reversed_range.json()["code"] == "bad_range"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anna", 403), ("sam", 403), ("chris", 403), ("camille", 403), ("sofie", 200), ("ad", 200)],
)
def test_who_may_count(api, request, persona, expected):
    assert api(request.getfixturevalue(persona)).get("/complaints/counts").status_code == expected


@pytest.mark.parametrize("persona", ["chris", "camille"])
def test_customers_get_403_everywhere(api, request, persona, ticket, register):
    register(ticket)
    client = api(request.getfixturevalue(persona))
    assert client.get("/complaints").status_code == 403
    assert client.get(f"/tickets/{ticket.number}/complaint").status_code == 403
    assert client.post(f"/tickets/{ticket.number}/complaint", BODY).status_code == 403
    assert (
        client.post(
            f"/tickets/{ticket.number}/complaint/follow-up", {"satisfied": "yes"}
        ).status_code
        == 403
    )


def test_without_a_token_it_is_401(api, ticket):
    assert api(None).get("/complaints").status_code == 401
    assert api(None).post(f"/tickets/{ticket.number}/complaint", BODY).status_code == 401


def test_another_team_agent_gets_404(api, bob, ticket):
    assert api(bob).post(f"/tickets/{ticket.number}/complaint", BODY).status_code == 404
