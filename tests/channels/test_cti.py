"""The telephone system's webhook: call sequences, idempotency, odd input."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loket.channels import cti
from loket.channels.models import BlockedNumber, Call, CallState, Extension
from tests.api.test_schema_fuzz import keep_test_connection  # noqa: F401 (a fixture used below)

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def endpoint(db):
    endpoint, token = cti.create_endpoint("Office PBX")
    endpoint.token = token
    return endpoint


def post(endpoint, payload, *, form=False, token=None):
    url = f"/api/v1/cti/{token or endpoint.token}"
    if form:
        return Client().post(url, payload)
    return Client().post(url, json.dumps(payload), content_type="application/json")


def event(name, call_id="c1", **fields):
    return {
        "event": name,
        "from": "0470123456",
        "to": "092234567",
        "direction": "in",
        "callId": call_id,
        **fields,
    }


def at(seconds):
    return T0 + timedelta(seconds=seconds)


def test_an_answered_call_records_waiting_and_talking(endpoint, anna, contact_a):
    assert cti.handle_event(endpoint, event("newCall", queue="helpdesk"), now=at(0)) == {}
    cti.handle_event(endpoint, event("answer", user="anna"), now=at(12))
    cti.handle_event(endpoint, event("hangup", cause="normalClearing"), now=at(192))
    call = Call.objects.get()
    assert call.party == "+32470123456"
    assert call.contact == contact_a
    assert call.queue == "helpdesk"
    assert call.agent == anna
    assert (call.wait_seconds, call.talk_seconds) == (12, 180)
    assert call.state == CallState.ENDED and call.cause == "normalClearing"
    assert not call.missed


def test_a_missed_call_counts_its_waiting(endpoint):
    cti.handle_event(endpoint, event("newCall"), now=at(0))
    cti.handle_event(endpoint, event("hangup", cause="cancel"), now=at(40))
    call = Call.objects.get()
    assert call.missed and call.wait_seconds == 40 and call.talk_seconds is None
    assert call.agent is None


def test_a_forwarded_call_keeps_its_cause(endpoint):
    cti.handle_event(endpoint, event("newCall"), now=at(0))
    cti.handle_event(endpoint, event("hangup", cause="forwarded"), now=at(25))
    assert Call.objects.get().cause == "forwarded"


def test_a_blocked_number_is_rejected_as_busy(endpoint):
    BlockedNumber.objects.create(number="+32470123456", reason="abuse")
    answer = cti.handle_event(endpoint, event("newCall"), now=at(0))
    assert answer == {"action": "reject", "reason": "busy"}
    call = Call.objects.get()
    assert call.blocked and call.state == CallState.ENDED
    # The telephone system's hang-up afterwards changes nothing.
    cti.handle_event(endpoint, event("hangup", cause="busy"), now=at(3))
    call.refresh_from_db()
    assert call.ended_at == at(0)
    # Nor does a repeated newCall: still rejected.
    assert cti.handle_event(endpoint, event("newCall"), now=at(4)) == cti.REJECT


def test_an_outgoing_call_to_a_blocked_number_is_not_rejected(endpoint):
    BlockedNumber.objects.create(number="+32470123456")
    outgoing = event("newCall", direction="out", **{"from": "092234567", "to": "0470123456"})
    assert cti.handle_event(endpoint, outgoing, now=at(0)) == {}
    assert Call.objects.get().party == "+32470123456"


def test_repeated_events_change_nothing(endpoint, anna):
    for _ in range(2):
        cti.handle_event(endpoint, event("newCall"), now=at(0))
    cti.handle_event(endpoint, event("answer", user="anna"), now=at(10))
    cti.handle_event(endpoint, event("answer", user="anna"), now=at(30))
    cti.handle_event(endpoint, event("hangup", cause="normalClearing"), now=at(70))
    cti.handle_event(endpoint, event("hangup", cause="cancel"), now=at(90))
    call = Call.objects.get()
    assert (call.answered_at, call.ended_at) == (at(10), at(70))
    assert (call.wait_seconds, call.talk_seconds, call.cause) == (10, 60, "normalClearing")


def test_an_answer_before_its_new_call_makes_the_call(endpoint, anna, contact_a):
    cti.handle_event(endpoint, event("answer", user="anna"), now=at(5))
    cti.handle_event(endpoint, event("newCall", queue="helpdesk"), now=at(6))
    cti.handle_event(endpoint, event("hangup", cause="normalClearing"), now=at(65))
    call = Call.objects.get()
    assert call.agent == anna and call.contact == contact_a and call.queue == "helpdesk"
    assert call.started_at == at(5) and call.talk_seconds == 60


def test_a_hang_up_alone_is_a_missed_call(endpoint):
    cti.handle_event(endpoint, event("hangup", cause="noAnswer"), now=at(5))
    call = Call.objects.get()
    assert call.missed and call.wait_seconds == 0


def test_an_answer_after_the_hang_up_does_not_reopen_the_call(endpoint, anna):
    cti.handle_event(endpoint, event("newCall"), now=at(0))
    cti.handle_event(endpoint, event("hangup", cause="cancel"), now=at(20))
    cti.handle_event(endpoint, event("answer", user="anna"), now=at(25))
    call = Call.objects.get()
    assert call.state == CallState.ENDED and call.ended_at == at(20)
    assert call.answered_at is None and call.missed


def test_the_agent_is_found_by_full_name_email_or_extension(endpoint, anna, bob):
    bob.last_name = "Bouwman"
    bob.email = "bob@desk.example"
    bob.save(update_fields=["last_name", "email"])
    Extension.objects.create(user=anna, number="201")
    cases = [
        ({"user": ["Somebody Else", "Bob Bouwman"]}, bob),
        ({"user": "BOB@desk.example"}, bob),
        ({"user": "nobody", "answeringNumber": "201"}, anna),
        ({"answeringNumber": "bob"}, bob),
        ({"user": "chris"}, None),
    ]
    for number, (fields, agent) in enumerate(cases):
        call_id = f"agent-{number}"
        cti.handle_event(endpoint, event("newCall", call_id), now=at(0))
        cti.handle_event(endpoint, event("answer", call_id, **fields), now=at(3))
        assert Call.objects.get(call_id=call_id).agent == agent, fields


def test_an_anonymous_caller_has_no_number(endpoint):
    cti.handle_event(endpoint, event("newCall", **{"from": "anonymous"}), now=at(0))
    call = Call.objects.get()
    assert call.party == "" and call.contact is None and call.from_number == "anonymous"


def test_the_webhook_takes_json(endpoint, anna):
    assert post(endpoint, event("newCall")).json() == {}
    response = post(endpoint, event("answer", user=["anna"]))
    assert response.status_code == 200 and response.json() == {}
    assert Call.objects.get().agent == anna


def test_the_webhook_takes_form_fields_with_repeated_users(endpoint, anna):
    assert post(endpoint, event("newCall"), form=True).json() == {}
    fields = {**event("answer"), "user[]": ["Somebody", "anna"]}
    response = Client().post(
        f"/api/v1/cti/{endpoint.token}",
        "&".join(
            f"{k}={v}" for k, vs in fields.items() for v in (vs if isinstance(vs, list) else [vs])
        ),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.content
    call = Call.objects.get()
    assert call.agent == anna and call.users == ["Somebody", "anna"]


def test_a_blocked_caller_is_rejected_over_form_too(endpoint):
    BlockedNumber.objects.create(number="+32470123456")
    response = post(endpoint, event("newCall"), form=True)
    assert response.json() == {"action": "reject", "reason": "busy"}


def test_a_wrong_token_is_refused(endpoint):
    response = post(endpoint, event("newCall"), token="cti_wrong")
    assert response.status_code == 401
    assert response.json()["code"] == "bad_token"
    assert not Call.objects.exists()


def test_a_switched_off_endpoint_is_refused(endpoint):
    endpoint.is_active = False
    endpoint.save(update_fields=["is_active"])
    assert post(endpoint, event("newCall")).status_code == 401


def test_the_token_is_stored_hashed(endpoint):
    assert endpoint.token not in endpoint.token_sha256
    assert cti.endpoint_for_token(endpoint.token) == endpoint


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (event("newCall", direction="sideways"), "bad_direction"),
        ({k: v for k, v in event("newCall").items() if k != "direction"}, "bad_direction"),
        (event("ring"), "bad_event"),
        ({k: v for k, v in event("newCall").items() if k != "callId"}, "missing_call_id"),
        (event("newCall", "x" * 151), "bad_call_id"),
        (["newCall"], "bad_payload"),
        (event("newCall", queue={"a": 1}), "bad_field"),
    ],
)
def test_bad_events_get_422_with_a_code(endpoint, payload, code):
    response = post(endpoint, payload)
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert set(response.json()) >= {"detail", "code"}


def test_a_body_that_is_not_json_gets_422(endpoint):
    response = Client().post(
        f"/api/v1/cti/{endpoint.token}", b"\xff{", content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["code"] == "bad_payload"


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.text(max_size=300),
)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.text(max_size=5), scalars, max_size=2),
)
payloads = st.fixed_dictionaries(
    {},
    optional={
        "event": st.one_of(st.sampled_from(cti.EVENTS), values),
        "callId": st.one_of(st.sampled_from(["a", "b"]), values),
        "direction": st.one_of(st.sampled_from(["in", "out"]), values),
        "from": st.one_of(st.sampled_from(["0470123456", "anonymous", "+3292234567"]), values),
        "to": values,
        "user": values,
        "user[]": values,
        "queue": values,
        "cause": st.one_of(st.sampled_from(["normalClearing", "busy", "forwarded"]), values),
        "answeringNumber": values,
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(payload=payloads, form=st.booleans())
def test_no_payload_gives_a_server_error(endpoint, anna, payload, form):
    if form:
        payload = {
            k: [str(x) for x in v] if isinstance(v, list) else str(v)
            for k, v in payload.items()
            if v is not None and not isinstance(v, dict)
        }
        payload = {
            k: [x.replace("\x00", "") for x in v] if isinstance(v, list) else v.replace("\x00", "")
            for k, v in payload.items()
        }
    response = post(endpoint, payload, form=form)
    assert response.status_code in (200, 422), response.content
    assert isinstance(response.json(), dict)


# --- the published schema, fuzzed ------------------------------------------------------


@pytest.mark.schema
@pytest.mark.usefixtures("keep_test_connection")
@pytest.mark.parametrize(
    ("label", "mode"),
    [
        # The webhook declares no body (it reads JSON or form fields itself, fuzzed above).
        ("POST /api/v1/cti/{token}", "positive"),
        ("GET /api/v1/calls", "positive"),
        ("GET /api/v1/calls", "negative"),
        ("GET /api/v1/calls/metrics", "positive"),
        ("GET /api/v1/calls/metrics", "negative"),
    ],
)
def test_the_telephone_operations_never_answer_with_a_server_error(endpoint, sofie, label, mode):
    from schemathesis import GenerationMode

    from loket.accounts.services import issue_token
    from tests.api.test_schema_fuzz import fuzz

    def aim(case):
        if case.path_parameters and "token" in case.path_parameters and next(alternate):
            case.path_parameters["token"] = endpoint.token

    alternate = iter([True, False] * 100)
    fuzz(label, GenerationMode(mode), token=issue_token(sofie), aim=aim)


# --- concurrent events -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_events_of_one_call_make_one_call(anna):
    """Eight events of one call at once (PostgreSQL: real concurrent transactions)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    endpoint = cti.create_endpoint("Busy PBX")[0]
    names = ["newCall", "answer", "newCall", "answer", "hangup", "newCall", "answer", "hangup"]
    barrier = threading.Barrier(len(names))
    errors = []

    def send(name):
        try:
            barrier.wait()
            cti.handle_event(endpoint, event(name, "race", user="anna", cause="normalClearing"))
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    call = Call.objects.get(call_id="race")
    assert call.agent == anna
