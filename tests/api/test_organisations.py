"""Organisations: listing, creating, reading."""


def test_agent_lists_organisations(api, anna, org_a, org_b):
    body = api(anna).get("/organisations").json()
    assert [o["name"] for o in body["results"]] == ["Acme Logistics", "Brouwerij Bertem"]
    assert body["count"] == 2


def test_it_searches_organisations_by_name(api, anna, org_a, org_b):
    body = api(anna).get("/organisations", {"q": "brouw"}).json()
    assert [o["id"] for o in body["results"]] == [org_b.pk]


def test_agent_creates_an_organisation(api, anna):
    response = api(anna).post(
        "/organisations", {"name": "Gemeente Zottegem", "email_domain": "@Zottegem.be"}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["email_domain"] == "zottegem.be"


def test_an_organisation_needs_a_name(api, anna):
    response = api(anna).post("/organisations", {"name": "   "})
    assert response.status_code == 422
    assert response.json()["code"] == "name_required"


def test_agent_reads_an_organisation(api, anna, org_a):
    response = api(anna).get(f"/organisations/{org_a.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "Acme Logistics"


def test_customer_sees_only_their_own_organisation(api, chris, org_a, org_b):
    body = api(chris).get("/organisations").json()
    assert [o["id"] for o in body["results"]] == [org_a.pk]
    assert api(chris).get(f"/organisations/{org_b.pk}").status_code == 404
    assert api(chris).get(f"/organisations/{org_a.pk}").status_code == 200


def test_customer_cannot_create_organisations(api, chris):
    assert api(chris).post("/organisations", {"name": "Mine"}).status_code == 403
