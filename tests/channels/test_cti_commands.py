"""loket cti-token and loket cti-simulate (against a live server on 127.0.0.1)."""

import io

import pytest
from django.core.management import CommandError, call_command

from loket.channels import cti
from loket.channels.models import BlockedNumber, Call, CtiEndpoint

SEED = 1  # a seed whose twelve calls mix answered and unanswered ones


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_cti_token_prints_the_token_once_and_the_url(db, settings):
    settings.SITE_URL = "https://desk.example"
    output = run("cti_token", "Office PBX")
    token = output.strip().splitlines()[-1]
    endpoint = CtiEndpoint.objects.get(name="Office PBX")
    assert f"https://desk.example/api/v1/cti/{token}" in output
    assert token not in endpoint.token_sha256
    assert cti.endpoint_for_token(token) == endpoint


def test_cti_token_refuses_a_name_twice(db):
    run("cti_token", "Office PBX")
    with pytest.raises(CommandError, match="exists already"):
        run("cti_token", "Office PBX")


@pytest.fixture
def token(transactional_db):
    return cti.create_endpoint("Simulated PBX")[1]


def test_cti_simulate_plays_answered_calls(live_server, token, anna, contact_a):
    output = run(
        "cti_simulate",
        url=live_server.url,
        token=token,
        flow="answered",
        count=2,
        agent="anna",
        caller="0470 12 34 56",
        delay=0,
    )
    assert output.count("→ 200 {}") == 6
    calls = Call.objects.all()
    assert calls.count() == 2
    assert all(
        c.agent == anna and c.contact == contact_a and c.talk_seconds is not None for c in calls
    )


def test_cti_simulate_sends_form_fields_and_is_rejected_for_a_blocked_number(live_server, token):
    BlockedNumber.objects.create(number="+32479000001")
    output = run(
        "cti_simulate",
        url=live_server.url,
        token=token,
        flow="blocked",
        caller="+32479000001",
        form=True,
        delay=0,
    )
    assert '"action": "reject"' in output and "rejected" in output
    assert Call.objects.get().blocked


def test_cti_simulate_mixes_flows(live_server, token, anna):
    run(
        "cti_simulate", url=live_server.url, token=token, count=12, agent="anna", delay=0, seed=SEED
    )
    assert Call.objects.count() == 12
    assert Call.objects.filter(answered_at__isnull=False).exists()
    assert Call.objects.filter(answered_at__isnull=True).exists()


def test_cti_simulate_stops_at_a_wrong_token(live_server, transactional_db):
    with pytest.raises(CommandError, match="refused"):
        run("cti_simulate", url=live_server.url, token="cti_nope", delay=0)
