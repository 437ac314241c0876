"""Known problems through the API: who may see and change them, linking tickets, and
resolving a problem with its linked tickets in one action."""

import pytest

from loket.problems.models import ProblemLink
from loket.problems.services import create_problem, link_ticket
from loket.tickets.models import EventKind, Status


@pytest.fixture
def vpn(sofie, categories):
    return create_problem(
        acting_user=sofie,
        title="VPN drops every ten minutes",
        symptoms="The VPN client disconnects and asks for the password again.",
        workaround="Use the web portal meanwhile.",
        status="known_error",
        categories=[categories["account"]],
    )


@pytest.fixture
def anna_ticket(make_ticket, anna, teams, contact_a):
    return make_ticket(acting_user=anna, contact=contact_a, team=teams["first"], assignee=anna)


@pytest.fixture
def camille_ticket(make_ticket, anna, teams, contact_b):
    return make_ticket(acting_user=anna, contact=contact_b, team=teams["first"], assignee=anna)


def _new(title="Printer queue stuck"):
    return {"title": title, "symptoms": "Jobs stay in the queue", "workaround": "Restart it"}


# --- who may ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["anna", "sam", "sofie", "ad"])
def test_staff_list_and_read_problems(api, everyone, vpn, persona):
    client = api(everyone[persona])
    body = client.get("/problems").json()
    assert [p["title"] for p in body["results"]] == ["VPN drops every ten minutes"]
    assert client.get(f"/problems/{vpn.pk}").json()["status"] == "known_error"


@pytest.mark.parametrize("persona", ["chris", "camille"])
def test_customers_may_not_touch_problems(api, everyone, vpn, anna_ticket, persona):
    client = api(everyone[persona])
    answers = [
        client.get("/problems"),
        client.get(f"/problems/{vpn.pk}"),
        client.post("/problems", _new()),
        client.patch(f"/problems/{vpn.pk}", {"title": "Mine"}),
        client.post(f"/problems/{vpn.pk}/resolve", {"resolution": "Fixed"}),
    ]
    assert [a.status_code for a in answers] == [403] * 5
    assert {a.json()["code"] for a in answers} == {"forbidden"}


def test_chris_may_not_link_his_own_ticket(api, chris, vpn, anna_ticket):
    answer = api(chris).post(f"/tickets/{anna_ticket.pk}/problem", {"problem": vpn.pk})
    assert answer.status_code == 403
    assert api(chris).raw("delete", f"/tickets/{anna_ticket.pk}/problem", "").status_code == 403
    assert not ProblemLink.objects.exists()


def test_camille_does_not_even_see_chris_ticket(api, camille, vpn, anna_ticket):
    answer = api(camille).post(f"/tickets/{anna_ticket.pk}/problem", {"problem": vpn.pk})
    assert answer.status_code == 404


def test_a_request_without_token_is_unauthorised(api, vpn):
    assert api(None).get("/problems").status_code == 401
    assert api(None).post("/problems", _new()).json()["code"] == "unauthorized"


@pytest.mark.parametrize(("persona", "status"), [("anna", 403), ("sam", 201), ("sofie", 201)])
def test_supervisors_and_specialists_record_problems_agents_do_not(api, everyone, persona, status):
    assert api(everyone[persona]).post("/problems", _new()).status_code == status


def test_an_agent_may_not_change_or_resolve_a_problem(api, anna, vpn):
    assert api(anna).patch(f"/problems/{vpn.pk}", {"title": "x"}).status_code == 403
    assert api(anna).post(f"/problems/{vpn.pk}/resolve", {"resolution": "x"}).status_code == 403


def test_an_unknown_problem_is_not_found(api, sofie):
    answer = api(sofie).get("/problems/999999")
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"


# --- create, read, change --------------------------------------------------------------


def test_it_records_a_problem_with_categories_and_a_public_notice(api, sofie, categories):
    answer = api(sofie).post(
        "/problems",
        {
            **_new("Mail is slow"),
            "categories": [categories["account"].pk],
            "affected_services": "E-mail",
            "public_notice": True,
            "notices": {"nl": "Mail is traag", "fr": "Le courriel est lent"},
        },
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["status"] == "investigating"
    assert body["is_active"] is True
    # In Sofie's language (Dutch), like every name in the answer.
    assert body["categories"] == [{"id": categories["account"].pk, "name": "Account & toegang"}]
    assert body["notices"] == {"nl": "Mail is traag", "fr": "Le courriel est lent", "en": ""}
    assert body["owner"]["username"] == "sofie"
    assert body["linked_tickets"] == 0


def test_a_public_notice_needs_a_text(api, sofie):
    answer = api(sofie).post("/problems", {**_new(), "public_notice": True})
    assert answer.status_code == 422
    assert answer.json()["code"] == "notice_required"


def test_unknown_category_is_refused_with_its_code(api, sofie):
    answer = api(sofie).post("/problems", {**_new(), "categories": [999999]})
    assert answer.json()["code"] == "unknown_category"


def test_a_new_problem_cannot_start_resolved(api, sofie):
    assert api(sofie).post("/problems", {**_new(), "status": "resolved"}).status_code == 422


def test_it_changes_only_the_fields_sent(api, sam, vpn):
    answer = api(sam).patch(f"/problems/{vpn.pk}", {"cause": "Expired certificate"})
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["cause"] == "Expired certificate"
    assert body["workaround"] == "Use the web portal meanwhile."


def test_patch_cannot_resolve_a_problem(api, sofie, vpn):
    answer = api(sofie).patch(f"/problems/{vpn.pk}", {"status": "resolved"})
    assert answer.status_code == 422
    assert answer.json()["code"] == "status_needs_action"


def test_it_filters_by_status(api, sofie, vpn):
    api(sofie).post("/problems", _new())
    body = api(sofie).get("/problems", {"status": "investigating"}).json()
    assert [p["title"] for p in body["results"]] == ["Printer queue stuck"]
    assert api(sofie).get("/problems", {"status": "lost"}).status_code == 422
    assert api(sofie).get("/problems", {"active": "false"}).json()["count"] == 0


# --- linking ---------------------------------------------------------------------------


def test_an_agent_links_a_ticket_by_number_and_the_timeline_says_so(api, anna, vpn, anna_ticket):
    answer = api(anna).post(f"/tickets/{anna_ticket.number}/problem", {"problem": vpn.pk})
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["number"] == anna_ticket.number
    assert body["problem"]["linked_tickets"] == 1
    assert body["linked_by"]["username"] == "anna"
    assert anna_ticket.events.filter(kind=EventKind.LINK, data__problem=vpn.pk).exists()


def test_the_problem_shows_its_linked_tickets_and_counts(api, anna, sofie, vpn, anna_ticket):
    api(anna).post(f"/tickets/{anna_ticket.pk}/problem", {"problem": vpn.pk})
    body = api(sofie).get(f"/problems/{vpn.pk}").json()
    assert body["linked_tickets"] == 1
    assert body["open_linked_tickets"] == 1
    assert [t["number"] for t in body["tickets"]] == [anna_ticket.number]
    listed = api(sofie).get("/problems").json()["results"][0]
    assert listed["linked_tickets"] == 1


def test_linking_to_an_unknown_problem_is_refused(api, anna, anna_ticket):
    answer = api(anna).post(f"/tickets/{anna_ticket.pk}/problem", {"problem": 999999})
    assert answer.status_code == 422
    assert answer.json()["code"] == "unknown_problem"


def test_unlinking_removes_the_link(api, anna, vpn, anna_ticket):
    link_ticket(anna_ticket, vpn, acting_user=anna)
    answer = api(anna).raw("delete", f"/tickets/{anna_ticket.pk}/problem", "")
    assert answer.status_code == 204
    assert not ProblemLink.objects.exists()


def test_an_agent_may_not_link_a_ticket_she_does_not_see(api, bob, vpn, anna_ticket):
    answer = api(bob).post(f"/tickets/{anna_ticket.pk}/problem", {"problem": vpn.pk})
    assert answer.status_code == 404


# --- resolving -------------------------------------------------------------------------


def test_resolving_resolves_and_notifies_the_linked_open_tickets(
    api, anna, sofie, vpn, anna_ticket, camille_ticket, resolution_code
):
    for ticket in (anna_ticket, camille_ticket):
        link_ticket(ticket, vpn, acting_user=anna)
    answer = api(sofie).post(
        f"/problems/{vpn.pk}/resolve", {"resolution": "The certificate was renewed."}
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert (body["resolved"], body["notified"]) == (2, 2)
    assert body["problem"]["status"] == "resolved"
    assert body["problem"]["open_linked_tickets"] == 0
    camille_ticket.refresh_from_db()
    assert camille_ticket.status == Status.RESOLVED
    reply = camille_ticket.events.filter(kind=EventKind.REPLY).get()
    assert "certificate was renewed" in reply.body


def test_resolving_without_touching_the_tickets(
    api, anna, sofie, vpn, anna_ticket, resolution_code
):
    link_ticket(anna_ticket, vpn, acting_user=anna)
    answer = api(sofie).post(
        f"/problems/{vpn.pk}/resolve",
        {"resolution": "Fixed", "resolve_tickets": False, "notify": False},
    )
    assert (answer.json()["resolved"], answer.json()["notified"]) == (0, 0)
    anna_ticket.refresh_from_db()
    assert anna_ticket.status != Status.RESOLVED


def test_a_resolved_problem_cannot_be_resolved_again_or_linked(api, anna, sofie, vpn, anna_ticket):
    api(sofie).post(f"/problems/{vpn.pk}/resolve", {"resolution": "Fixed"})
    again = api(sofie).post(f"/problems/{vpn.pk}/resolve", {"resolution": "Fixed"})
    assert (again.status_code, again.json()["code"]) == (422, "already_resolved")
    link = api(anna).post(f"/tickets/{anna_ticket.pk}/problem", {"problem": vpn.pk})
    assert (link.status_code, link.json()["code"]) == (422, "problem_resolved")


@pytest.mark.parametrize(
    "body",
    [{}, {"resolution": ""}, {"resolution": "x", "notify": "maybe"}, {"resolution": "\x00"}],
)
def test_bad_resolve_bodies_are_refused(api, sofie, vpn, body):
    answer = api(sofie).post(f"/problems/{vpn.pk}/resolve", body)
    assert answer.status_code == 422
    assert answer.json()["code"] == "validation_error"


# --- queries ---------------------------------------------------------------------------


def test_problem_list_queries_do_not_grow_with_the_data(
    api, anna, sofie, make_ticket, teams, contact_a, categories, django_assert_max_num_queries
):
    client = api(sofie)

    def add(count):
        for number in range(count):
            problem = create_problem(
                acting_user=sofie,
                title=f"Problem {number}",
                symptoms="Something breaks",
                categories=[categories["account"], categories["printing"]],
            )
            ticket = make_ticket(acting_user=anna, contact=contact_a, team=teams["first"])
            link_ticket(ticket, problem, acting_user=anna)

    add(3)
    client.get("/problems")  # the token's first use records its use time
    with django_assert_max_num_queries(8) as few:
        assert client.get("/problems").json()["count"] == 3
    baseline = len(few.captured_queries)
    add(10)
    with django_assert_max_num_queries(baseline):
        assert client.get("/problems").json()["count"] == 13
