"""No input produces a server error: every refusal is a JSON 4xx with detail and code."""

import pytest

HUGE = 2**64
NUL = "nul\x00byte"


@pytest.fixture
def ticket(make_ticket, teams, contact_a, anna):
    return make_ticket(acting_user=anna, contact=contact_a, team=teams["first"])


def _refused(response, *statuses):
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    body = response.json()
    assert isinstance(body["detail"], str)
    assert isinstance(body["code"], str)


BAD_TICKET_BODIES = [
    {"subject": NUL},
    {"subject": "x", "description": NUL},
    {"subject": "x", "contact": HUGE},
    {"subject": "x", "contact": "seven"},
    {"subject": "x", "contact": -1},
    {"subject": "x", "team": 0},
    {"subject": "x", "impact": 4},
    {"subject": "x", "urgency": "high"},
    {"subject": "x", "type": "disaster"},
    {"subject": "x", "channel": "pigeon"},
    {"subject": "x", "follow_up_at": "2026-02-30T10:00:00+01:00"},
    {"subject": "x", "follow_up_at": "9999-12-31T23:59:59-23:59"},
    {"subject": "x", "follow_up_at": "0001-01-01T00:00:00+23:59"},
    {"subject": "x", "follow_up_at": "soon"},
    {"subject": "x" * 201},
    {"subject": ["a list"]},
    {"subject": {"an": "object"}},
    {"subject": None},
]


@pytest.mark.parametrize("body", BAD_TICKET_BODIES, ids=range(len(BAD_TICKET_BODIES)))
def test_bad_ticket_bodies_are_refused(api, anna, body):
    _refused(api(anna).post("/tickets", body), 422)


@pytest.mark.parametrize(
    "raw",
    ['{"subject": ', "[1, 2]", "null", '"text"', '{"subject": "\\ud800"}', b"\xff\xfe"],
    ids=["truncated", "array", "null", "string", "lone-surrogate", "not-utf8"],
)
def test_malformed_json_is_refused(api, anna, raw):
    _refused(api(anna).raw("post", "/tickets", raw), 400, 422)


def test_an_empty_body_is_refused(api, anna):
    _refused(api(anna).raw("post", "/tickets", ""), 400, 422)


@pytest.mark.parametrize(
    "path",
    [
        f"/tickets/{HUGE}",
        "/tickets/-1",
        "/tickets/0",
        "/tickets/abc",
        "/tickets/2026-",
        "/tickets/2026-0000001",
        "/tickets/%00",
        f"/tickets/{HUGE}/events",
        f"/contacts/{HUGE}",
        "/contacts/abc",
        "/contacts/0/history",
        f"/organisations/{HUGE}",
        f"/tickets/1/events/{HUGE}/attachments/1",
        "/tickets/1/events/x/attachments/1",
    ],
)
def test_bad_ids_in_paths_are_not_found_or_invalid(api, ad, ticket, path):
    _refused(api(ad).get(path), 404, 422)


@pytest.mark.parametrize(
    "query",
    [
        {"q": NUL},
        {"q": "x" * 1000},
        {"team": HUGE},
        {"team": "seven"},
        {"assignee": "everyone"},
        {"assignee": str(HUGE)},
        {"contact": -5},
        {"status": "lost"},
        {"priority": "P9"},
        {"page": 0},
        {"page": HUGE},
        {"page_size": 1000},
        {"ordering": "subject; drop table"},
    ],
)
def test_bad_ticket_filters_are_refused(api, ad, query):
    _refused(api(ad).get("/tickets", query), 422)


@pytest.mark.parametrize("query", [{"q": NUL}, {"organisation": HUGE}, {"page": -1}])
def test_bad_contact_filters_are_refused(api, ad, query):
    _refused(api(ad).get("/contacts", query), 422)


@pytest.mark.parametrize(
    "body",
    [
        {"last_name": NUL},
        {"last_name": "X", "emails": ["not-an-address"]},
        {"last_name": "X", "emails": [NUL]},
        {"last_name": "X", "phones": ["+32 000"]},
        {"last_name": "X", "phones": [NUL]},
        {"last_name": "X", "language": "de"},
        {"last_name": "X", "profile": "wizard"},
        {"last_name": "X", "organisation": HUGE},
        {"last_name": "X", "emails": "one@example.be"},
    ],
)
def test_bad_contact_bodies_are_refused(api, anna, body):
    _refused(api(anna).post("/contacts", body), 422)


@pytest.mark.parametrize(
    "body",
    [
        {"version": HUGE, "subject": "x"},
        {"version": -1},
        {"version": "one"},
        {"version": 1, "status": "lost"},
        {"version": 1, "assignee": HUGE},
        {"version": 1, "category": 424242},
        {"version": 1, "subject": NUL},
        {"version": 1, "follow_up_at": "2026-13-01T00:00:00Z"},
    ],
)
def test_bad_ticket_patches_are_refused(api, anna, ticket, body):
    _refused(api(anna).patch(f"/tickets/{ticket.pk}", body), 422)


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "shout", "body": "x"},
        {"kind": "reply", "body": NUL},
        {"kind": "reply"},
        {"kind": "call", "direction": "sideways", "started": "x", "ended": "y"},
        {
            "kind": "call",
            "direction": "in",
            "started": "2026-01-01T10:00:00Z",
            "ended": "2026-01-03T10:00:00Z",
        },
        {"kind": "note", "body": "x", "version": HUGE},
    ],
)
def test_bad_events_are_refused(api, anna, ticket, body):
    _refused(api(anna).post(f"/tickets/{ticket.pk}/events", body), 422)


def test_another_organisations_contact_is_refused_without_telling_it_exists(api, chris, contact_b):
    response = api(chris).patch(f"/contacts/{contact_b.pk}", {"job_title": "x"})
    _refused(response, 404)
    assert response.json() == api(chris).patch("/contacts/424242", {"job_title": "x"}).json()


def test_a_garbled_authorization_header_is_unauthorized(db):
    from django.test import Client

    for header in ["Bearer", "Bearer ", "Bearer \x00", "Bearer " + "x" * 5000, "Token abc"]:
        _refused(Client().get("/api/v1/tickets", HTTP_AUTHORIZATION=header), 401)
