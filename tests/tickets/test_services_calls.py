"""log_call: a phone call on the ticket's timeline, with waiting and talking time."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from loket.core.errors import InvalidInput
from loket.tickets.models import EventKind
from loket.tickets.services import CallLog, log_call

START = datetime(2026, 4, 1, 9, 0, 0, tzinfo=UTC)


@pytest.fixture
def ticket(make_ticket, anna):
    return make_ticket(anna)


def test_answered_call_records_wait_and_talk_seconds(ticket, anna):
    call = CallLog(
        direction="in",
        started=START,
        answered=START + timedelta(seconds=42),
        ended=START + timedelta(minutes=5, seconds=42),
    )

    event = log_call(ticket, call=call, acting_user=anna, note="  Printer reset  ")

    assert event.kind == EventKind.CALL
    assert event.author == anna
    assert event.body == "Printer reset"
    assert event.created_at == call.ended
    assert not event.is_public
    assert event.data == {
        "direction": "in",
        "started": "2026-04-01T09:00:00+00:00",
        "answered": "2026-04-01T09:00:42+00:00",
        "ended": "2026-04-01T09:05:42+00:00",
        "wait_seconds": 42,
        "talk_seconds": 300,
    }


def test_unanswered_call_waits_until_it_ends_and_talks_zero(ticket, anna):
    call = CallLog(
        direction="out", started=START, answered=None, ended=START + timedelta(seconds=30)
    )

    event = log_call(ticket, call=call, acting_user=anna)

    assert event.data["answered"] is None
    assert event.data["wait_seconds"] == 30
    assert event.data["talk_seconds"] == 0


def test_times_in_other_zones_are_compared_as_instants(ticket, anna):
    brussels = ZoneInfo("Europe/Brussels")
    call = CallLog(
        direction="in",
        started=START,
        answered=(START + timedelta(seconds=10)).astimezone(brussels),
        ended=(START + timedelta(seconds=70)).astimezone(brussels),
    )

    event = log_call(ticket, call=call, acting_user=anna)

    assert (event.data["wait_seconds"], event.data["talk_seconds"]) == (10, 60)


def test_logging_a_call_leaves_the_version_alone(ticket, anna):
    version = ticket.version
    call = CallLog(direction="in", started=START, answered=START, ended=START)

    log_call(ticket, call=call, acting_user=anna)

    ticket.refresh_from_db()
    assert ticket.version == version


def naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (CallLog("sideways", START, None, START), "bad_direction"),
        (CallLog("in", naive(START), None, START), "naive_time"),
        (CallLog("in", START, naive(START), START), "naive_time"),
        (CallLog("in", START, None, naive(START)), "naive_time"),
        (CallLog("in", START, None, START - timedelta(seconds=1)), "bad_times"),
        (
            CallLog("in", START, START - timedelta(seconds=1), START + timedelta(minutes=1)),
            "bad_times",
        ),
        (
            CallLog("in", START, START + timedelta(minutes=2), START + timedelta(minutes=1)),
            "bad_times",
        ),
        (CallLog("in", START, None, START + timedelta(days=1, seconds=1)), "bad_times"),
    ],
    ids=[
        "unknown direction",
        "naive start",
        "naive answer",
        "naive end",
        "end before start",
        "answered before start",
        "answered after end",
        "longer than a day",
    ],
)
def test_impossible_call_is_refused_and_not_logged(ticket, anna, call, code):
    with pytest.raises(InvalidInput) as excinfo:
        log_call(ticket, call=call, acting_user=anna)

    assert excinfo.value.code == code
    assert not ticket.events.filter(kind=EventKind.CALL).exists()
