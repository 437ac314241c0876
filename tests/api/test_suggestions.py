"""Suggestions while typing a ticket, through the API: staff only, the shape of each kind,
scores best first, and what is never an error (blank text)."""

import pytest

from loket.knowledge.services import create_article, publish_article
from loket.problems.services import create_problem
from loket.tickets.services import resolve_ticket

TEXT = "The VPN keeps disconnecting every few minutes"


@pytest.fixture
def desk(anna, bob, sofie, make_ticket, teams, contact_a, contact_b, resolution_code, categories):
    """Two published articles, an internal draft, three earlier tickets (one resolved)
    and one active known problem, all about the VPN."""
    articles = []
    for title, body in [
        ("VPN disconnects", "When the VPN disconnects every few minutes, renew the certificate."),
        ("Install the VPN client", "Download the VPN client and log in."),
    ]:
        article = create_article(
            acting_user=anna,
            translations={"en": {"title": title, "summary": "", "body": body}},
            audience="public",
        )
        publish_article(article, acting_user=sofie)
        articles.append(article)
    draft = create_article(
        acting_user=anna,
        translations={"en": {"title": "VPN draft", "body": "VPN disconnecting draft text"}},
    )
    solved = make_ticket(
        acting_user=anna,
        subject="VPN disconnects all the time",
        description="The VPN keeps disconnecting every few minutes.",
        contact=contact_a,
        team=teams["first"],
        assignee=anna,
    )
    resolve_ticket(
        solved,
        resolution="Renewed the VPN certificate.",
        code=resolution_code,
        acting_user=anna,
        version=None,
    )
    current = make_ticket(
        acting_user=anna,
        subject="VPN disconnecting again",
        description="The VPN keeps disconnecting every few minutes.",
        contact=contact_a,
        team=teams["first"],
        assignee=anna,
    )
    hidden = make_ticket(
        acting_user=bob,
        subject="VPN disconnecting in Gent",
        description="The VPN keeps disconnecting every few minutes.",
        contact=contact_a,
        team=teams["first_gent"],
        assignee=bob,
    )
    problem = create_problem(
        acting_user=sofie,
        title="VPN gateway overloaded",
        symptoms="VPN connections drop every few minutes.",
        workaround="Connect to the second gateway.",
        status="known_error",
    )
    return {
        "articles": articles,
        "draft": draft,
        "solved": solved,
        "current": current,
        "hidden": hidden,
        "problem": problem,
    }


def _suggest(client, **params):
    answer = client.get("/suggestions", {"text": TEXT, **params})
    assert answer.status_code == 200, answer.json()
    return answer.json()


@pytest.mark.parametrize("persona", ["anna", "sam", "sofie", "ad"])
def test_staff_get_suggestions(api, everyone, desk, persona):
    body = _suggest(api(everyone[persona]))
    assert set(body) == {"articles", "tickets", "problems"}
    assert body["articles"]


@pytest.mark.parametrize("persona", ["chris", "camille"])
def test_customers_get_no_suggestions(api, everyone, desk, persona):
    answer = api(everyone[persona]).get("/suggestions", {"text": TEXT})
    assert (answer.status_code, answer.json()["code"]) == (403, "forbidden")


def test_a_request_without_token_is_unauthorised(api):
    assert api(None).get("/suggestions", {"text": TEXT}).status_code == 401


def test_each_kind_has_its_fields(api, anna, desk):
    body = _suggest(api(anna), language="fr")
    article = body["articles"][0]
    assert article["id"] == desk["articles"][0].pk
    assert article["title"] == "VPN disconnects"
    assert article["language"] == "en"
    assert article["audience"] == "public"
    assert article["send_language"] == "en"
    assert article["url"]
    ticket = next(t for t in body["tickets"] if t["id"] == desk["solved"].pk)
    assert ticket["number"] == desk["solved"].number
    assert ticket["status"] == "resolved"
    assert ticket["resolution"] == "Renewed the VPN certificate."
    problem = body["problems"][0]
    assert problem["id"] == desk["problem"].pk
    assert problem["status"] == "known_error"
    assert problem["workaround"] == "Connect to the second gateway."
    for items in body.values():
        for item in items:
            assert {"id", "title", "score", "snippet", "url"} <= set(item)


def test_scores_are_ordered_and_snippets_highlighted(api, anna, desk):
    body = _suggest(api(anna))
    scores = [a["score"] for a in body["articles"]]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores), scores
    assert "<mark>" in body["articles"][0]["snippet"]
    # Resolved tickets with a resolution come first, then by score.
    assert body["tickets"][0]["id"] == desk["solved"].pk


def test_drafts_and_tickets_she_may_not_see_are_not_suggested(api, anna, bob, desk):
    body = _suggest(api(anna))
    assert desk["draft"].pk not in {a["id"] for a in body["articles"]}
    assert desk["hidden"].pk not in {t["id"] for t in body["tickets"]}
    assert desk["hidden"].pk in {t["id"] for t in _suggest(api(bob))["tickets"]}


def test_the_ticket_being_worked_on_is_left_out(api, anna, desk):
    with_it = {t["id"] for t in _suggest(api(anna))["tickets"]}
    assert desk["current"].pk in with_it
    without = _suggest(api(anna), ticket=desk["current"].number)["tickets"]
    assert desk["current"].pk not in {t["id"] for t in without}


@pytest.mark.parametrize("text", ["", "   ", "vp"])
def test_blank_or_short_text_gives_empty_lists(api, anna, desk, text):
    answer = api(anna).get("/suggestions", {"text": text})
    assert answer.status_code == 200
    assert answer.json() == {"articles": [], "tickets": [], "problems": []}


def test_no_text_at_all_gives_empty_lists(api, anna):
    assert api(anna).get("/suggestions").json() == {"articles": [], "tickets": [], "problems": []}


@pytest.mark.parametrize(
    "params",
    [
        {"text": "x" * 10_001},
        {"text": "vpn", "language": "de"},
        {"text": "vpn", "category": "printers"},
        {"text": "vpn", "category": 0},
        {"text": "vpn", "limit": 21},
        {"text": "vpn\x00"},
    ],
)
def test_bad_parameters_are_refused(api, anna, params):
    answer = api(anna).get("/suggestions", params)
    assert (answer.status_code, answer.json()["code"]) == (422, "validation_error")


def test_a_long_text_up_to_the_limit_is_fine(api, anna, desk):
    text = (TEXT + " ") * (10_000 // (len(TEXT) + 1))
    assert api(anna).get("/suggestions", {"text": text}).status_code == 200


def test_an_unknown_category_or_ticket_is_refused(api, anna, bob, desk):
    answer = api(anna).get("/suggestions", {"text": TEXT, "category": 999999})
    assert (answer.status_code, answer.json()["code"]) == (422, "unknown_category")
    answer = api(bob).get("/suggestions", {"text": TEXT, "ticket": desk["current"].pk})
    assert answer.status_code == 404


def test_a_category_brings_its_active_problems_even_without_matching_words(
    api, anna, sofie, categories, desk
):
    printer = create_problem(
        acting_user=sofie,
        title="Printer on floor 2 offline",
        symptoms="Nothing prints.",
        categories=[categories["account"]],
    )
    body = _suggest(api(anna), category=categories["account"].pk)
    assert printer.pk in {p["id"] for p in body["problems"]}


def test_suggestion_queries_are_few(api, anna, desk, django_assert_max_num_queries):
    client = api(anna)
    _suggest(client)
    with django_assert_max_num_queries(25):
        _suggest(client)
