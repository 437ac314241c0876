"""Checklists through the API: templates, a ticket's checklists, adding and ticking, and
resolving blocked by an incomplete required checklist."""

import pytest

from loket.accounts.services import issue_token
from loket.checklists import services
from loket.checklists.models import TicketChecklist
from loket.tickets.models import Status
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(db):
    """``api(user)`` is a client with ``user``'s token; ``api(None)`` sends none."""

    def make(user):
        return ApiClient(issue_token(user) if user is not None else None)

    return make


@pytest.fixture
def everyone(anna, bob, sam, sofie, ad, chris, camille):
    return {"anna": anna, "sam": sam, "sofie": sofie, "ad": ad, "chris": chris, "camille": camille}


@pytest.mark.parametrize("persona", ["anna", "sam", "sofie", "ad"])
def test_staff_list_templates(api, everyone, laptop, printer, persona):
    body = api(everyone[persona]).get("/checklist-templates").json()
    assert body["count"] == 2
    titles = {t["titles"]["en"]: t for t in body["results"]}
    laptop_out = titles["New laptop ready for use"]
    assert laptop_out["required"] and laptop_out["ticket_types"] == ["service_request"]
    # Texts come in the user's interface language (Dutch for the personas).
    assert laptop_out["items"][0]["result_required"] == "serienummer"
    assert laptop_out["items"][0]["texts"]["en"] == "Serial number recorded"


def test_template_list_costs_a_fixed_number_of_queries(
    api, anna, laptop, printer, django_assert_max_num_queries
):
    client = api(anna)
    with django_assert_max_num_queries(8):
        assert client.get("/checklist-templates").status_code == 200


@pytest.mark.parametrize("persona", ["chris", "camille"])
def test_customers_get_403_everywhere(api, everyone, incident, printer, persona):
    client = api(everyone[persona])
    checklist = services.add_checklist(incident, printer, acting_user=everyone["anna"])
    item = checklist.items.get()
    answers = [
        client.get("/checklist-templates"),
        client.get(f"/tickets/{incident.pk}/checklists"),
        client.post(f"/tickets/{incident.pk}/checklists", {"template": printer.pk}),
        client.patch(
            f"/tickets/{incident.pk}/checklists/{checklist.pk}/items/{item.pk}", {"state": "done"}
        ),
    ]
    assert [a.status_code for a in answers] == [403] * 4
    assert {a.json()["code"] for a in answers} == {"forbidden"}


def test_without_a_token_401(api, incident):
    assert api(None).get(f"/tickets/{incident.pk}/checklists").status_code == 401


def test_an_agent_who_does_not_see_the_ticket_gets_404(api, bob, incident, printer):
    answer = api(bob).post(f"/tickets/{incident.pk}/checklists", {"template": printer.pk})
    assert answer.status_code == 404


def test_a_tickets_checklists_name_the_missing_required_ones(api, anna, request_ticket, laptop):
    body = api(anna).get(f"/tickets/{request_ticket.number}/checklists").json()
    assert body["checklists"] == []
    assert body["missing_required"] == [
        {"template": laptop.pk, "title": "Nieuwe laptop klaar voor gebruik", "items": 2}
    ]


def test_add_tick_and_resolve(api, anna, request_ticket, laptop, resolution_code):
    client = api(anna)
    key = request_ticket.number
    resolve = {"resolution": "Handed over", "code": "solved"}
    refused = client.post(f"/tickets/{key}/resolve", resolve)
    assert refused.status_code == 422
    assert refused.json()["code"] == "checklist_incomplete"
    assert "Nieuwe laptop klaar voor gebruik" in refused.json()["detail"]

    added = client.post(f"/tickets/{key}/checklists", {"template": laptop.pk})
    assert added.status_code == 201
    checklist = added.json()
    assert checklist["required"] and checklist["progress"] == {"checked": 0, "total": 2}
    serial, updates = checklist["items"]
    url = f"/tickets/{key}/checklists/{checklist['id']}/items"

    missing = client.patch(f"{url}/{serial['id']}", {"state": "done"})
    assert missing.status_code == 422 and missing.json()["code"] == "result_required"
    done = client.patch(
        f"{url}/{serial['id']}", {"state": "done", "result": "SN-7", "version": serial["version"]}
    ).json()
    assert done["items"][0]["result"] == "SN-7"
    assert done["items"][0]["checked_by"]["username"] == "anna"
    stale = client.patch(f"{url}/{serial['id']}", {"state": "failed", "version": 1})
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"

    last = client.patch(f"{url}/{updates['id']}", {"state": "not_applicable"}).json()
    assert last["complete"] and last["progress"] == {"checked": 2, "total": 2}
    resolved = client.post(f"/tickets/{key}/resolve", resolve)
    assert resolved.status_code == 200
    assert resolved.json()["status"] == Status.RESOLVED


def test_adding_twice_or_an_unknown_template_is_refused(api, anna, incident, printer):
    client = api(anna)
    first = client.post(f"/tickets/{incident.pk}/checklists", {"template": printer.pk})
    assert first.status_code == 201
    again = client.post(f"/tickets/{incident.pk}/checklists", {"template": printer.pk})
    assert again.status_code == 422 and again.json()["code"] == "checklist_already_added"
    unknown = client.post(f"/tickets/{incident.pk}/checklists", {"template": 999999})
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_template"


def test_bad_input_is_a_4xx(api, anna, incident, printer):
    client = api(anna)
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    item = checklist.items.get()
    url = f"/tickets/{incident.pk}/checklists/{checklist.pk}/items/{item.pk}"
    assert client.patch(url, {"state": "maybe"}).status_code == 422
    assert client.patch(url, {"state": "done", "extra": 1}).status_code == 422
    assert client.patch(url, {"state": "done", "result": "x" * 501}).status_code == 422
    other = f"/tickets/{incident.pk}/checklists/{checklist.pk + 1}/items/{item.pk}"
    assert client.patch(other, {"state": "done"}).status_code == 404


def test_ticking_on_a_closed_ticket_is_refused(api, anna, incident, printer, resolution_code):
    from loket.tickets.services import close_ticket, resolve_ticket

    checklist = services.add_checklist(incident, printer, acting_user=anna)
    item = checklist.items.get()
    ticket = resolve_ticket(
        incident, resolution="ok", code=resolution_code, acting_user=anna, version=None
    )
    close_ticket(ticket, acting_user=anna, version=None)
    answer = api(anna).patch(
        f"/tickets/{incident.pk}/checklists/{checklist.pk}/items/{item.pk}", {"state": "done"}
    )
    assert answer.status_code == 409


def test_delete_follows_the_removal_rules(api, anna, sofie, incident, printer):
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    services.tick(checklist.items.get(), state="done", acting_user=anna)
    url = f"/tickets/{incident.pk}/checklists/{checklist.pk}"
    assert api(anna).raw("delete", url, "").status_code == 403
    assert api(sofie).raw("delete", url, "").status_code == 204
    assert not TicketChecklist.objects.exists()
