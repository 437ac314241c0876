"""Call metrics on a known set of calls: totals, per queue, per agent, per day."""

from datetime import UTC, date, datetime, timedelta

import pytest

from loket.channels import calls, cti
from loket.channels.models import Call, CallState

DAY1 = datetime(2026, 11, 16, 11, 0, tzinfo=UTC)
DAY2 = DAY1 + timedelta(days=1)


@pytest.fixture
def known_calls(db, anna, bob):
    endpoint = cti.create_endpoint("PBX")[0]
    rows = [
        # (started, queue, agent, wait, talk, wrap, state, cause, extra)
        (DAY1, "A", anna, 5, 100, 20, "ended", "normalClearing", {}),
        (DAY1, "A", bob, 30, 200, None, "ended", "normalClearing", {}),
        (DAY2, "A", None, 40, None, None, "ended", "cancel", {}),
        (DAY2, "A", None, 10, None, None, "ended", "forwarded", {}),
        (DAY2, "A", None, 0, None, None, "ended", "busy", {"blocked": True}),
        (DAY2, "A", anna, 3, 50, 0, "ended", "normalClearing", {"direction": "out"}),
        (DAY2, "B", anna, 15, 60, 0, "ended", "normalClearing", {}),
        (DAY2, "B", None, None, None, None, "ringing", "", {}),
    ]
    for number, (started, queue, agent, wait, talk, wrap, state, cause, extra) in enumerate(rows):
        answered = started + timedelta(seconds=wait) if talk is not None else None
        Call.objects.create(
            endpoint=endpoint,
            call_id=str(number),
            direction=extra.get("direction", "in"),
            blocked=extra.get("blocked", False),
            queue=queue,
            agent=agent,
            started_at=started,
            answered_at=answered,
            ended_at=started + timedelta(seconds=300) if state == "ended" else None,
            wait_seconds=wait,
            talk_seconds=talk,
            wrap_up_seconds=wrap,
            state=state,
            cause=cause,
        )
    return Call.objects.all()


def test_the_totals(known_calls):
    total = calls.metrics(known_calls, threshold=20)["total"]
    assert total == {
        "offered": 6,  # incoming, not blocked (the ringing one counts)
        "answered": 3,
        "abandoned": 1,  # the forwarded call is not abandoned
        "abandoned_rate": 16.7,
        "average_speed_of_answer": 16.7,  # (5 + 30 + 15) / 3
        "service_level": 33.3,  # 2 of 6 within 20 s
        "average_handle_time": 126.7,  # (100 + 20 + 200 + 60 + 0) / 3
    }


def test_a_higher_threshold_raises_the_service_level(known_calls):
    assert calls.metrics(known_calls, threshold=30)["total"]["service_level"] == 50.0
    assert calls.metrics(known_calls, threshold=4)["total"]["service_level"] == 0.0


def test_per_queue(known_calls):
    by_queue = {row["queue"]: row for row in calls.metrics(known_calls, threshold=20)["by_queue"]}
    assert by_queue["A"]["offered"] == 4 and by_queue["A"]["answered"] == 2
    assert by_queue["A"]["abandoned_rate"] == 25.0
    assert by_queue["A"]["average_speed_of_answer"] == 17.5
    assert by_queue["A"]["service_level"] == 25.0
    assert by_queue["A"]["average_handle_time"] == 160.0
    assert by_queue["B"]["offered"] == 2 and by_queue["B"]["service_level"] == 50.0
    assert by_queue["B"]["abandoned_rate"] == 0.0


def test_per_agent(known_calls, anna, bob):
    rows = calls.metrics(known_calls, threshold=20)["by_agent"]
    by_agent = {row["agent"]: row for row in rows}
    assert by_agent[anna.pk]["name"] == "Anna"
    assert by_agent[anna.pk]["answered"] == 2  # her outgoing call is not counted
    assert by_agent[anna.pk]["average_handle_time"] == 90.0
    assert by_agent[bob.pk]["average_speed_of_answer"] == 30.0
    assert by_agent[None]["answered"] == 0 and by_agent[None]["average_handle_time"] is None


def test_per_day(known_calls):
    rows = calls.metrics(known_calls, threshold=20)["by_day"]
    assert [(row["day"], row["offered"], row["answered"]) for row in rows] == [
        (date(2026, 11, 16), 2, 2),
        (date(2026, 11, 17), 4, 1),
    ]


def test_no_calls_give_no_rates(db):
    total = calls.metrics(Call.objects.none(), threshold=20)["total"]
    assert total["offered"] == 0
    assert total["service_level"] is None and total["average_speed_of_answer"] is None


def test_metrics_take_a_fixed_number_of_queries(known_calls, django_assert_num_queries):
    with django_assert_num_queries(4):
        calls.metrics(known_calls, threshold=20)


def test_wrap_up_runs_from_the_hang_up_to_the_ticket(known_calls, anna, make_ticket):
    call = known_calls.get(call_id="0")
    ticket = make_ticket(anna, subject="Follow-up")
    Call.objects.filter(pk=call.pk).update(wrap_up_seconds=None)
    call.refresh_from_db()
    calls.link_ticket(call, ticket, acting_user=anna, now=call.ended_at + timedelta(seconds=75))
    call.refresh_from_db()
    assert call.ticket == ticket and call.wrap_up_seconds == 75


def test_wrap_up_is_capped_at_half_an_hour(known_calls, anna, make_ticket):
    call = known_calls.get(call_id="6")
    ticket = make_ticket(anna, subject="Much later")
    Call.objects.filter(pk=call.pk).update(wrap_up_seconds=None)
    calls.link_ticket(call, ticket, acting_user=anna, now=call.ended_at + timedelta(hours=3))
    call.refresh_from_db()
    assert call.wrap_up_seconds == 1800


def test_only_the_agent_or_an_overseer_links_a_call(known_calls, bob, sofie, make_ticket, anna):
    from django.core.exceptions import PermissionDenied

    from loket.core.errors import TransitionNotAllowed

    call = known_calls.get(call_id="0")
    ticket = make_ticket(anna, subject="X")
    with pytest.raises(PermissionDenied):
        calls.link_ticket(call, ticket, acting_user=bob)
    calls.link_ticket(call, ticket, acting_user=sofie)
    with pytest.raises(TransitionNotAllowed):
        calls.link_ticket(call, make_ticket(anna, subject="Y"), acting_user=sofie)
    assert call.state == CallState.ENDED
