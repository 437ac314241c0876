"""Your notifications through the API: list (own only, unread filter, paginated), mark one
or all read. Staff only; customers get 403."""

from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from loket.accounts.services import issue_token
from loket.api.api import api as loket_api
from loket.notifications.models import Notification, NotificationKind
from loket.notifications.services import notify


@pytest.fixture
def ticket(make_ticket, anna, contact_a, teams):
    return make_ticket(
        acting_user=anna, subject="Mail is down", contact=contact_a, team=teams["first"]
    )


@pytest.fixture
def send(ticket):
    """``send(user, kind, minutes_ago)``: a notification about ``ticket``, as the sweep
    sends it."""

    def make(user, kind=NotificationKind.SLA_WARNING, minutes_ago=0, **data):
        return notify(
            [user],
            kind=kind,
            ticket=ticket,
            data={
                "target": "first_response",
                "number": ticket.number,
                "subject": ticket.subject,
                "due_at": (timezone.now() + timedelta(minutes=15)).isoformat(),
                **data,
            },
            now=timezone.now() - timedelta(minutes=minutes_ago),
        )[0]

    return make


@pytest.fixture
def annas(send, anna, sofie):
    """Three notifications for Anna (newest first: breach, warning, old warning) and one
    for Sofie."""
    old = send(anna, minutes_ago=60)
    warning = send(anna, minutes_ago=30)
    breach = send(anna, NotificationKind.SLA_BREACH, minutes_ago=5, escalated_to="Netwerk")
    send(sofie, NotificationKind.SLA_BREACH)
    return {"breach": breach, "warning": warning, "old": old}


def _get_in_english(client, path):
    """The personas' own language is Dutch; ask for English."""
    return client.client.get("/api/v1" + path, HTTP_ACCEPT_LANGUAGE="en", **client.headers)


def test_it_lists_your_own_notifications_newest_first(api, anna, annas, ticket):
    body = _get_in_english(api(anna), "/notifications").json()
    assert body["count"] == 3
    assert body["unread"] == 3
    assert [n["id"] for n in body["results"]] == [
        annas["breach"].pk,
        annas["warning"].pk,
        annas["old"].pk,
    ]
    breach = body["results"][0]
    assert breach["kind"] == "sla_breach"
    assert breach["ticket"] == {"id": ticket.pk, "number": ticket.number, "subject": "Mail is down"}
    assert breach["data"]["escalated_to"] == "Netwerk"
    assert breach["read_at"] is None
    assert breach["message"].startswith(f"SLA breached: {ticket.number} “Mail is down”")
    assert breach["message"].endswith("escalated to Netwerk")
    assert body["results"][1]["message"].startswith("SLA warning: ")


def test_it_filters_unread_and_read(api, anna, annas):
    client = api(anna)
    client.post(f"/notifications/{annas['warning'].pk}/read")
    unread = client.get("/notifications", {"unread": "true"}).json()
    assert [n["id"] for n in unread["results"]] == [annas["breach"].pk, annas["old"].pk]
    assert unread["unread"] == 2
    read = client.get("/notifications", {"unread": "false"}).json()
    assert [n["id"] for n in read["results"]] == [annas["warning"].pk]


def test_it_paginates(api, anna, annas):
    body = api(anna).get("/notifications", {"page": 2, "page_size": 2}).json()
    assert (body["count"], body["page"], body["page_size"]) == (3, 2, 2)
    assert [n["id"] for n in body["results"]] == [annas["old"].pk]


def test_marking_one_read_sets_its_read_time_once(api, anna, annas):
    client = api(anna)
    response = client.post(f"/notifications/{annas['old'].pk}/read")
    assert response.status_code == 200
    first = response.json()["read_at"]
    assert first is not None
    assert client.post(f"/notifications/{annas['old'].pk}/read").json()["read_at"] == first
    assert client.get("/notifications").json()["unread"] == 2


def test_marking_all_read_touches_only_your_own(api, anna, sofie, annas):
    response = api(anna).post("/notifications/read-all")
    assert response.status_code == 200
    assert response.json() == {"marked": 3}
    assert api(anna).get("/notifications").json()["unread"] == 0
    assert api(anna).post("/notifications/read-all").json() == {"marked": 0}
    assert api(sofie).get("/notifications").json()["unread"] == 1


def test_someone_elses_notification_is_not_found(api, bob, sofie, annas):
    response = api(bob).post(f"/notifications/{annas['breach'].pk}/read")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert Notification.objects.get(pk=annas["breach"].pk).read_at is None
    assert api(bob).get("/notifications").json()["count"] == 0


@pytest.mark.parametrize("persona", ["chris", "camille"])
def test_customers_have_no_notifications(api, everyone, persona):
    client = api(everyone[persona])
    for response in (
        client.get("/notifications"),
        client.post("/notifications/read-all"),
        client.post("/notifications/1/read"),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"


@pytest.mark.parametrize("persona", ["anna", "bob", "sam", "sofie", "ad"])
def test_every_staff_role_reads_notifications(api, everyone, send, persona):
    note = send(everyone[persona])
    client = api(everyone[persona])
    assert [n["id"] for n in client.get("/notifications").json()["results"]] == [note.pk]
    assert client.post(f"/notifications/{note.pk}/read").status_code == 200


def test_it_needs_a_token(api, db):
    response = api(None).get("/notifications")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        ("post", "/notifications/abc/read", None),
        ("post", "/notifications/0/read", None),
        ("post", f"/notifications/{2**64}/read", None),
        ("post", "/notifications/999999/read", None),
        ("get", "/notifications", {"unread": "perhaps"}),
        ("get", "/notifications", {"page": 0}),
        ("get", "/notifications", {"page_size": 101}),
        ("get", "/notifications/1/read", None),
    ],
)
def test_bad_input_is_a_json_4xx(api, anna, method, path, params):
    client = api(anna)
    response = client.get(path, params) if method == "get" else client.post(path)
    assert 400 <= response.status_code < 500
    body = response.json()
    assert isinstance(body["detail"], str)
    assert isinstance(body["code"], str)


def test_the_list_queries_do_not_grow_with_the_page(api, anna, send, django_assert_max_num_queries):
    client = api(anna)
    for _ in range(2):
        send(anna)
    client.get("/notifications")  # the token's first use records its use time
    with django_assert_max_num_queries(8) as few:
        assert len(client.get("/notifications").json()["results"]) == 2
    for _ in range(30):
        send(anna)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/notifications").json()["results"]) == 25


# -- fuzzing the published operations ------------------------------------------------------

OPERATIONS = [
    f"{method.upper()} {path}"
    for path, methods in loket_api.get_openapi_schema()["paths"].items()
    if path.startswith("/api/v1/notifications")
    for method in methods
]


@pytest.fixture
def keep_test_connection():
    """The WSGI application closes the connection around each request, which would end the
    test's transaction (see test_schema_fuzz.py)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_the_notification_operations_are_published():
    assert OPERATIONS == [
        "GET /api/v1/notifications",
        "POST /api/v1/notifications/read-all",
        "POST /api/v1/notifications/{notification_id}/read",
    ]


@pytest.mark.schema
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("label", OPERATIONS)
def test_notifications_never_answer_with_a_server_error(
    keep_test_connection, anna, send, label, mode
):
    note = send(anna)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operation = schema.find_operation_by_label(label)
    headers = {"Authorization": f"Bearer {issue_token(anna)}"}

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=10,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        if case.path_parameters and case.path_parameters.get("notification_id") == 1:
            case.path_parameters["notification_id"] = note.pk
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error], headers=headers)

    check()
