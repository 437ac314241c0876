"""Finding, creating and changing contacts, and a contact's history."""

import pytest

from loket.directory.models import Contact

PHONE_NOTATIONS = ["0470 12 34 56", "+32470123456", "+32 470 12 34 56", "0032470123456"]


@pytest.mark.parametrize("notation", PHONE_NOTATIONS)
def test_it_finds_a_caller_by_phone_in_any_notation(api, anna, contact_a, contact_b, notation):
    response = api(anna).get("/contacts", {"q": notation})
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [contact_a.pk]


def test_it_finds_a_contact_by_email(api, anna, contact_a, contact_b):
    response = api(anna).get("/contacts", {"q": "camille@brouwerij.example"})
    assert [c["name"] for c in response.json()["results"]] == ["Camille Dubois"]


def test_it_finds_a_contact_by_name(api, anna, contact_a, contact_b):
    response = api(anna).get("/contacts", {"q": "claes"})
    assert [c["name"] for c in response.json()["results"]] == ["Chris Claes"]


def test_it_lists_contacts_with_their_details(api, anna, contact_a, contact_b):
    body = api(anna).get("/contacts").json()
    assert body["count"] == 2
    chris = next(c for c in body["results"] if c["id"] == contact_a.pk)
    assert chris["phones"] == ["+32470123456"]
    assert chris["emails"] == ["chris@acme.example"]
    assert chris["organisation"]["name"] == "Acme Logistics"


def test_it_filters_contacts_by_organisation(api, anna, contact_a, contact_b, org_b):
    body = api(anna).get("/contacts", {"organisation": org_b.pk}).json()
    assert [c["id"] for c in body["results"]] == [contact_b.pk]


def test_contact_list_queries_do_not_grow_with_the_data(
    api, anna, org_a, django_assert_max_num_queries
):
    from loket.directory.services import create_contact

    client = api(anna)
    create_contact(last_name="First", organisation=org_a, phones=["0470 00 00 01"])
    with django_assert_max_num_queries(8) as few:
        client.get("/contacts")
    baseline = len(few.captured_queries)
    for i in range(25):
        create_contact(last_name=f"Person {i}", organisation=org_a, emails=[f"p{i}@x.example"])
    with django_assert_max_num_queries(baseline):
        assert client.get("/contacts").json()["count"] == 26


def test_agent_creates_a_contact_with_a_normalised_phone(api, anna, org_a):
    response = api(anna).post(
        "/contacts",
        {
            "first_name": "Jan",
            "last_name": "Peeters",
            "organisation": org_a.pk,
            "phones": ["0471 23 45 67"],
            "emails": ["Jan.Peeters@Acme.example"],
            "language": "nl",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["phones"] == ["+32471234567"]
    assert body["emails"] == ["jan.peeters@acme.example"]
    assert body["organisation"] == {"id": org_a.pk, "name": "Acme Logistics"}


def test_it_refuses_an_invalid_phone_number(api, anna):
    response = api(anna).post("/contacts", {"last_name": "X", "phones": ["12"]})
    assert response.status_code == 422
    assert response.json()["code"] == "bad_phone"


def test_it_refuses_unknown_fields(api, anna):
    response = api(anna).post("/contacts", {"last_name": "X", "shoe_size": 44})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert response.json()["errors"][0]["loc"] == ["body", "shoe_size"]


def test_it_refuses_an_unknown_organisation(api, anna):
    response = api(anna).post("/contacts", {"last_name": "X", "organisation": 987654})
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_organisation"


def test_agent_changes_a_contact(api, anna, contact_a, org_b):
    response = api(anna).patch(
        f"/contacts/{contact_a.pk}",
        {"job_title": "Boekhouder", "organisation": org_b.pk, "phones": ["+32 2 555 00 00"]},
    )
    assert response.status_code == 200, response.json()
    contact_a.refresh_from_db()
    assert contact_a.job_title == "Boekhouder"
    assert contact_a.organisation == org_b
    assert list(contact_a.phones.values_list("number", flat=True)) == ["+3225550000"]
    assert contact_a.last_name == "Claes"


def test_a_contact_cannot_lose_its_last_name(api, anna, contact_a):
    response = api(anna).patch(f"/contacts/{contact_a.pk}", {"last_name": None})
    assert response.status_code == 422
    response = api(anna).patch(f"/contacts/{contact_a.pk}", {"last_name": "  "})
    assert response.status_code == 422
    assert Contact.objects.get(pk=contact_a.pk).last_name == "Claes"


def test_customer_lists_only_themselves(api, chris, contact_a, contact_b):
    body = api(chris).get("/contacts").json()
    assert [c["id"] for c in body["results"]] == [contact_a.pk]
    assert api(chris).get("/contacts", {"q": "Dubois"}).json()["count"] == 0


def test_customer_does_not_see_internal_contact_notes(api, chris, anna, contact_a):
    api(anna).patch(f"/contacts/{contact_a.pk}", {"notes": "Calls often"})
    assert api(chris).get(f"/contacts/{contact_a.pk}").json()["notes"] is None
    assert api(anna).get(f"/contacts/{contact_a.pk}").json()["notes"] == "Calls often"


def test_customer_cannot_see_another_contact(api, chris, contact_b):
    response = api(chris).get(f"/contacts/{contact_b.pk}")
    assert response.status_code == 404
    assert api(chris).get(f"/contacts/{contact_b.pk}/history").status_code == 404


def test_customer_cannot_create_or_change_contacts(api, chris, contact_a):
    assert api(chris).post("/contacts", {"last_name": "X"}).status_code == 403
    response = api(chris).patch(f"/contacts/{contact_a.pk}", {"job_title": "CEO"})
    assert response.status_code == 403


def test_history_lists_open_and_earlier_tickets(
    api, anna, contact_a, make_ticket, teams, resolution_code
):
    from loket.tickets.services import resolve_ticket

    open_ticket = make_ticket(acting_user=anna, contact=contact_a, team=teams["first"])
    done = make_ticket(acting_user=anna, contact=contact_a, subject="VPN down")
    resolve_ticket(done, resolution="Rebooted", code=resolution_code, acting_user=anna, version=1)
    body = api(anna).get(f"/contacts/{contact_a.pk}/history").json()
    assert [t["id"] for t in body["open_tickets"]] == [open_ticket.pk]
    assert [t["resolution"] for t in body["recent_tickets"]] == ["Rebooted"]
    assert body["recent_tickets"][0]["resolution_code"]["code"] == "solved"


def test_history_shows_only_tickets_the_user_may_see(api, bob, contact_a, make_ticket, teams):
    make_ticket(contact=contact_a, team=teams["second"])
    body = api(bob).get(f"/contacts/{contact_a.pk}/history").json()
    assert body == {"open_tickets": [], "recent_tickets": []}


def test_an_unknown_contact_is_not_found(api, anna):
    assert api(anna).get("/contacts/424242").status_code == 404
