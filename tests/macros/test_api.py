"""Canned answers through the API: who may, listing, rendering and applying."""

import pytest

from loket.macros.models import Macro, MacroUse
from loket.macros.services import update_macro
from loket.tickets.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(make_ticket, anna, teams, contact_b):
    return make_ticket(acting_user=anna, contact=contact_b, team=teams["first"], assignee=anna)


@pytest.mark.parametrize("persona", ["anna", "sam", "sofie", "ad"])
def test_staff_list_and_read(api, everyone, macro, persona):
    client = api(everyone[persona])
    body = client.get("/macros", {"q": "printer"}).json()
    assert [m["key"] for m in body["results"]] == ["printer-fixed"]
    detail = client.get(f"/macros/{macro.pk}").json()
    assert detail["languages"] == ["nl", "fr", "en"]
    nl = [t for t in detail["texts"] if (t["language"], t["profile"]) == ("nl", "")]
    assert nl[0]["body"].startswith("Beste {contact_name}")


@pytest.mark.parametrize("persona", ["chris", "camille"])
def test_customers_get_403(api, everyone, macro, ticket, persona):
    client = api(everyone[persona])
    answers = [
        client.get("/macros"),
        client.get(f"/macros/{macro.pk}"),
        client.post(f"/tickets/{ticket.number}/macros/{macro.pk}/render", {}),
        client.post(f"/tickets/{ticket.number}/macros/{macro.pk}/apply", {"version": 1}),
    ]
    assert [a.status_code for a in answers] == [403] * 4
    assert {a.json()["code"] for a in answers} == {"forbidden"}


def test_anonymous_gets_401(api, macro):
    assert api(None).get("/macros").status_code == 401


def test_filters(api, anna, make_macro, categories):
    make_macro(key="toner", title_en="Toner", categories=[categories["printing"]])
    make_macro(key="fr-only", title_en="French", texts={("fr", ""): "Coucou"})
    client = api(anna)

    def keys(**params):
        return {m["key"] for m in client.get("/macros", params).json()["results"]}

    assert keys(category=categories["printing"].pk) == {"toner"}
    assert "fr-only" not in keys(language="nl")
    assert keys(q="coucou") == {"fr-only"}
    assert client.get("/macros", {"language": "de"}).status_code == 422


def test_the_list_costs_the_same_queries_with_more_macros(
    api, anna, make_macro, django_assert_max_num_queries
):
    client = api(anna)
    client.get("/macros")
    with django_assert_max_num_queries(20) as counted:
        client.get("/macros")
    for n in range(8):
        make_macro(key=f"more-{n}")
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get("/macros")


def test_render_does_not_change_the_ticket(api, anna, make_macro, ticket):
    macro = make_macro(set_status="waiting_customer")
    response = api(anna).post(f"/tickets/{ticket.number}/macros/{macro.pk}/render", {})
    assert response.status_code == 200
    assert response.json() == {
        "text": "Bonjour Camille Dubois, votre imprimante fonctionne. Anna",
        "language": "fr",
        "kind": "reply",
        "fields": {"status": "waiting_customer"},
    }
    ticket.refresh_from_db()
    assert ticket.status != Status.WAITING_CUSTOMER
    assert MacroUse.objects.count() == 0


def test_render_in_another_language(api, anna, macro, ticket):
    response = api(anna).post(f"/tickets/{ticket.pk}/macros/{macro.pk}/render", {"language": "en"})
    assert response.json()["text"].startswith("Dear Camille Dubois")


def test_apply_sets_the_fields_and_returns_the_text(api, anna, make_macro, ticket):
    macro = make_macro(set_status="waiting_customer", set_type="question")
    response = api(anna).post(
        f"/tickets/{ticket.number}/macros/{macro.pk}/apply", {"version": ticket.version}
    )
    assert response.status_code == 200
    assert response.json()["language"] == "fr"
    ticket.refresh_from_db()
    assert (ticket.status, ticket.type) == (Status.WAITING_CUSTOMER, "question")
    assert Macro.objects.get(pk=macro.pk).use_count == 1


def test_apply_with_a_stale_version_is_409(api, anna, make_macro, ticket):
    macro = make_macro(set_type="question")
    response = api(anna).post(
        f"/tickets/{ticket.number}/macros/{macro.pk}/apply", {"version": ticket.version + 3}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "version_conflict"
    assert response.json()["current_version"] == ticket.version


def test_unknown_fields_and_bad_ids(api, anna, macro, ticket):
    client = api(anna)
    base = f"/tickets/{ticket.number}/macros"
    assert client.post(f"{base}/{macro.pk}/apply", {"version": 1, "x": 1}).status_code == 422
    assert client.post(f"{base}/999999/render", {}).status_code == 404
    assert client.post(f"/tickets/1999-000001/macros/{macro.pk}/render", {}).status_code == 404
    assert client.get("/macros/0").status_code == 422


def test_another_teams_agent_cannot_use_the_ticket(api, bob, macro, ticket):
    response = api(bob).post(f"/tickets/{ticket.number}/macros/{macro.pk}/apply", {})
    assert response.status_code == 404


def test_agents_cannot_use_an_inactive_macro(api, anna, sofie, macro, ticket):
    update_macro(macro, acting_user=sofie, is_active=False)
    assert api(anna).get(f"/macros/{macro.pk}").status_code == 404
    assert api(sofie).get(f"/macros/{macro.pk}").json()["is_active"] is False
    response = api(sofie).post(f"/tickets/{ticket.number}/macros/{macro.pk}/apply", {})
    assert response.status_code == 422
    assert response.json()["code"] == "inactive_macro"
