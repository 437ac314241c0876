"""Creating tickets through the API, as staff and as a customer."""

from loket.tickets.models import EventKind, Ticket


def test_agent_creates_a_ticket(api, anna, contact_a, categories, teams):
    response = api(anna).post(
        "/tickets",
        {
            "subject": "Laptop will not start",
            "description": "Black screen after the update",
            "contact": contact_a.pk,
            "category": categories["hardware"].pk,
            "type": "incident",
            "channel": "phone",
            "impact": 1,
            "urgency": 2,
            "team": teams["first"].pk,
            "assignee": anna.pk,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].endswith("-000001")
    assert body["priority"] == "P2"
    assert body["status"] == "open"
    assert body["contact"] == {"id": contact_a.pk, "name": "Chris Claes"}
    assert body["organisation"]["name"] == "Acme Logistics"
    assert body["team"] == {"id": teams["first"].pk, "name": "Eerstelijn", "kind": "first_line"}
    assert body["assignee"]["username"] == "anna"
    assert body["category"]["name"] == "Hardware"
    assert body["version"] == 1
    ticket = Ticket.objects.get(pk=body["id"])
    assert ticket.created_by == anna
    assert ticket.events.get().kind == EventKind.CREATED


def test_a_ticket_needs_a_subject(api, anna):
    response = api(anna).post("/tickets", {"subject": ""})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_it_refuses_an_assignee_outside_the_team(api, anna, sam, teams):
    response = api(anna).post(
        "/tickets", {"subject": "X", "team": teams["first"].pk, "assignee": sam.pk}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "assignee_not_in_team"


def test_it_refuses_a_customer_as_assignee(api, anna, chris):
    response = api(anna).post("/tickets", {"subject": "X", "assignee": chris.pk})
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_user"


def test_it_refuses_a_naive_follow_up_date(api, anna):
    response = api(anna).post("/tickets", {"subject": "X", "follow_up_at": "2026-12-01T09:00:00"})
    assert response.status_code == 422


def test_it_accepts_a_follow_up_date_with_a_time_zone(api, anna):
    response = api(anna).post(
        "/tickets", {"subject": "X", "follow_up_at": "2026-12-01T09:00:00+01:00"}
    )
    assert response.status_code == 201
    assert response.json()["follow_up_at"].startswith("2026-12-01T08:00:00")


def test_customer_creates_a_ticket_for_themselves(api, chris, contact_a):
    response = api(chris).post("/tickets", {"subject": "My printer", "channel": "phone"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["contact"]["id"] == contact_a.pk
    assert body["organisation"]["name"] == "Acme Logistics"
    assert body["channel"] == "api"


def test_customer_may_say_they_used_the_portal(api, chris):
    response = api(chris).post("/tickets", {"subject": "My printer", "channel": "portal"})
    assert response.json()["channel"] == "portal"


def test_customer_cannot_create_a_ticket_for_someone_else(api, chris, contact_b):
    response = api(chris).post("/tickets", {"subject": "X", "contact": contact_b.pk})
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_customer_cannot_route_their_ticket(api, chris, teams):
    response = api(chris).post("/tickets", {"subject": "X", "team": teams["second"].pk})
    assert response.status_code == 403


def test_agent_cannot_use_an_unknown_contact(api, anna):
    response = api(anna).post("/tickets", {"subject": "X", "contact": 424242})
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_contact"
