"""The clock derived from a timeline: pauses, stops, responses, cycles, warnings, breaches.

Pure ``derive()``: no database. Times are Brussels wall-clock times on an office calendar
with a lunch break (Mon–Fri 08:00–12:00 and 13:00–17:00) and Belgian public holidays.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loket.sla.businesstime import BusinessCalendar, CalendarSpec
from loket.sla.clock import FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION, Event, Rules, derive

BRUSSELS = ZoneInfo("Europe/Brussels")
MINUTE, HOUR = 60.0, 3600.0
PAUSES = frozenset({"waiting_customer", "waiting_third_party"})
OFFICE = BusinessCalendar(
    CalendarSpec(
        week=dict.fromkeys(range(5), ((time(8), time(12)), (time(13), time(17)))),
        holidays=frozenset({"Labor Day", "Easter Monday", "Christmas Day", "New Year's Day"}),
    )
)
TARGETS = {FIRST_RESPONSE: 1 * HOUR, NEXT_RESPONSE: 4 * HOUR, RESOLUTION: 16 * HOUR}


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> float:
    """An instant in 2025, Brussels time (3 March 2025 is a Monday)."""
    return datetime(2025, month, day, hour, minute, tzinfo=BRUSSELS).timestamp()


def rules(targets=None, pause=PAUSES, warning=75) -> Rules:
    return Rules(
        calendar=OFFICE,
        targets=dict(TARGETS if targets is None else targets),
        pause_statuses=frozenset(pause),
        warning_percent=warning,
    )


def status(moment: float, value: str) -> Event:
    return Event(at=moment, kind="status", staff=True, value=value)


def staff_reply(moment: float, public: bool = True) -> Event:
    return Event(at=moment, kind="reply", staff=True, public=public)


def customer_reply(moment: float) -> Event:
    return Event(at=moment, kind="reply", staff=False)


def staff_call(moment: float) -> Event:
    return Event(at=moment, kind="call", staff=True)


def created(moment: float, channel: str = "email", staff: bool = False) -> Event:
    return Event(at=moment, kind="created", staff=staff, value=channel)


CREATED = at(3, 9)  # Monday 3 March 2025, 09:00


def clock_at(events, now, **kwargs):
    return derive(CREATED, [created(CREATED), *events], kwargs.pop("rules", rules()), now=now)


# -- running in business hours --------------------------------------------------------------


def test_the_clock_runs_in_business_hours_only():
    # Monday 09:00 → Tuesday 10:00: 7 h on Monday (lunch excluded), 2 h on Tuesday.
    clock = clock_at([], now=at(4, 10))
    resolution = clock.target(RESOLUTION)
    assert resolution.elapsed == 9 * HOUR
    assert resolution.running
    # 16 h: 7 on Monday, 8 on Tuesday, 1 on Wednesday.
    assert resolution.due_at == at(5, 9)


def test_the_weekend_does_not_count():
    friday = at(7, 16, 30)
    clock = derive(friday, [created(friday)], rules(), now=at(10, 8, 15))
    assert clock.target(FIRST_RESPONSE).elapsed == 45 * MINUTE
    assert clock.target(FIRST_RESPONSE).due_at == at(10, 8, 30)


# -- pauses -----------------------------------------------------------------------------------


@pytest.mark.parametrize("pause_status", sorted(PAUSES))
def test_a_pause_status_of_the_policy_stops_the_clock(pause_status):
    events = [status(at(3, 10), pause_status)]
    clock = clock_at(events, now=at(4, 16))
    resolution = clock.target(RESOLUTION)
    assert clock.paused
    assert clock.state == pause_status
    assert resolution.elapsed == 1 * HOUR
    assert not resolution.running
    assert resolution.due_at is None  # unknown until the clock runs again
    assert resolution.remaining == 15 * HOUR


def test_a_status_the_policy_does_not_pause_on_keeps_the_clock_running():
    events = [status(at(3, 10), "waiting_third_party")]
    clock = clock_at(events, now=at(4, 16), rules=rules(pause={"waiting_customer"}))
    assert not clock.paused
    assert clock.target(RESOLUTION).elapsed == 14 * HOUR
    assert clock.target(RESOLUTION).running


def test_a_pause_over_a_night_and_a_holiday_counts_nothing_and_resumes_where_it_stood():
    start = at(30, 9, month=4)  # Wednesday 30 April 2025; 1 May is Labour Day
    events = [
        created(start),
        status(at(30, 15, month=4), "waiting_customer"),
        customer_reply(at(2, 10, month=5)),  # Friday 2 May
        status(at(2, 10, month=5), "open"),
    ]
    clock = derive(start, events, rules(), now=at(2, 12, month=5))
    resolution = clock.target(RESOLUTION)
    # Wednesday 09:00–15:00 is 5 h (lunch excluded), Friday 10:00–12:00 is 2 h.
    assert resolution.elapsed == 7 * HOUR
    running, paused, running_again = clock.stretches
    assert (running.state, paused.state, running_again.state) == (
        "running",
        "waiting_customer",
        "running",
    )
    # Paused: Wednesday 15:00–17:00 and Friday 08:00–10:00 (the holiday counts nothing).
    assert paused.business == 4 * HOUR
    # 9 h left from Friday 12:00: Friday 13:00–17:00, Monday 08:00–12:00 and 13:00–14:00.
    assert resolution.due_at == at(5, 14, month=5)


def test_a_target_overdue_before_the_pause_keeps_its_due_moment():
    events = [status(at(3, 11), "waiting_customer")]
    clock = clock_at(events, now=at(4, 9))
    first = clock.target(FIRST_RESPONSE)
    assert first.breached
    assert first.due_at == at(3, 10)
    assert first.remaining == -1 * HOUR
    assert not first.running


def test_moving_between_two_pause_statuses_stays_paused():
    events = [status(at(3, 10), "waiting_customer"), status(at(4, 10), "waiting_third_party")]
    clock = clock_at(events, now=at(5, 10))
    assert [s.state for s in clock.stretches] == [
        "running",
        "waiting_customer",
        "waiting_third_party",
    ]
    assert clock.target(RESOLUTION).elapsed == 1 * HOUR


def test_a_policy_may_pause_while_the_ticket_is_new():
    pause_on_new = rules(pause={"new", "waiting_customer"})
    events = [created(CREATED), status(at(3, 14), "open")]
    clock = derive(CREATED, events, pause_on_new, now=at(3, 16), initial_status="new")
    assert clock.target(RESOLUTION).elapsed == 2 * HOUR
    assert [s.state for s in clock.stretches] == ["new", "running"]
    # Created with an assignee, the ticket starts open and the clock runs at once.
    clock = derive(CREATED, [created(CREATED)], pause_on_new, now=at(3, 16), initial_status="open")
    assert clock.target(RESOLUTION).elapsed == 6 * HOUR


# -- resolution, reopening --------------------------------------------------------------------


def test_resolving_stops_the_clock_and_meets_the_target():
    events = [staff_reply(at(3, 9, 30)), status(at(4, 11), "resolved")]
    clock = clock_at(events, now=at(7, 16))
    resolution = clock.target(RESOLUTION)
    assert clock.stopped and not clock.paused
    assert resolution.done_at == at(4, 11)
    assert resolution.elapsed == 10 * HOUR
    assert resolution.met is True
    assert resolution.remaining == 6 * HOUR  # met with 6 h to spare
    assert clock.current == []  # nothing left to count
    assert clock.next_due is None


def test_reopening_resumes_the_resolution_clock_where_it_stood():
    events = [
        staff_reply(at(3, 9, 30)),
        status(at(4, 11), "resolved"),
        status(at(6, 9), "open"),  # reopened on Thursday
    ]
    clock = clock_at(events, now=at(6, 11))
    resolution = clock.target(RESOLUTION)
    assert resolution.running and resolution.done_at is None
    # 10 h before the resolution, 2 h since reopening; the resolved stretch counts nothing.
    assert resolution.elapsed == 12 * HOUR
    assert resolution.due_at == at(6, 16)
    # The first response stays met.
    assert clock.target(FIRST_RESPONSE).done_at == at(3, 9, 30)


def test_a_ticket_resolved_again_after_reopening_is_measured_to_the_last_resolution():
    events = [
        status(at(3, 10), "resolved"),
        status(at(4, 9), "open"),
        status(at(4, 11), "resolved"),
        status(at(5, 9), "closed"),
    ]
    clock = clock_at(events, now=at(10, 9))
    resolution = clock.target(RESOLUTION)
    assert resolution.done_at == at(4, 11)
    assert resolution.elapsed == 3 * HOUR
    assert clock.state == "closed"


# -- first response ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "answered"),
    [
        (staff_reply(at(3, 9, 20)), True),
        (staff_call(at(3, 9, 20)), True),
        (status(at(3, 9, 20), "resolved"), True),
        (customer_reply(at(3, 9, 20)), False),
        (staff_reply(at(3, 9, 20), public=False), False),
        (status(at(3, 9, 20), "waiting_customer"), False),
    ],
    ids=[
        "staff reply",
        "staff call",
        "resolution",
        "customer reply",
        "staff message the customer cannot see",
        "status change",
    ],
)
def test_what_counts_as_the_first_response(event, answered):
    first = clock_at([event], now=at(3, 11)).target(FIRST_RESPONSE)
    if answered:
        assert first.done_at == at(3, 9, 20)
        assert first.met is True
        assert first.remaining == 40 * MINUTE
    else:
        assert first.done_at is None


@pytest.mark.parametrize(
    ("channel", "staff", "answered"),
    [
        ("phone", True, True),
        ("walk_in", True, True),
        ("chat", True, True),
        ("email", True, False),
        ("portal", False, False),
        ("phone", False, False),  # created by the system (no staff member on the line)
    ],
)
def test_a_ticket_staff_open_during_a_conversation_was_answered_at_once(channel, staff, answered):
    clock = derive(CREATED, [created(CREATED, channel, staff)], rules(), now=at(3, 11))
    first = clock.target(FIRST_RESPONSE)
    assert (first.done_at == CREATED) is answered
    assert first.met is answered  # unanswered after 2 h: missed


def test_only_the_first_staff_response_counts():
    events = [staff_reply(at(3, 9, 10)), staff_reply(at(3, 16))]
    first = clock_at(events, now=at(3, 17)).target(FIRST_RESPONSE)
    assert first.done_at == at(3, 9, 10)


# -- next response cycles --------------------------------------------------------------------


def test_each_customer_message_after_an_answer_opens_a_next_response_cycle():
    events = [
        staff_reply(at(3, 9, 30)),
        customer_reply(at(3, 14)),
        staff_reply(at(3, 16)),
        customer_reply(at(4, 10)),
        customer_reply(at(4, 11)),  # still unanswered: no new cycle
    ]
    clock = clock_at(events, now=at(4, 15))
    cycles = [t for t in clock.targets if t.name == NEXT_RESPONSE]
    assert [(t.cycle, t.start, t.done_at) for t in cycles] == [
        (1, at(3, 14), at(3, 16)),
        (2, at(4, 10), None),
    ]
    assert cycles[0].met is True and cycles[0].elapsed == 2 * HOUR
    # Cycle 2: Tuesday 10:00–12:00 and 13:00–15:00.
    assert cycles[1].elapsed == 4 * HOUR
    assert cycles[1].due_at == at(4, 15)
    assert clock.target(NEXT_RESPONSE) is cycles[1]


def test_a_customer_message_before_the_first_response_opens_no_cycle():
    events = [customer_reply(at(3, 9, 30)), staff_reply(at(3, 11))]
    clock = clock_at(events, now=at(4, 12))
    assert clock.target(NEXT_RESPONSE) is None
    assert clock.target(FIRST_RESPONSE).done_at == at(3, 11)


@pytest.mark.parametrize(
    "answer",
    [staff_call(at(3, 15)), status(at(3, 15), "resolved")],
    ids=["staff call", "resolution"],
)
def test_a_call_or_the_resolution_answers_a_cycle(answer):
    events = [staff_reply(at(3, 9, 30)), customer_reply(at(3, 14)), answer]
    cycle = clock_at(events, now=at(4, 9)).target(NEXT_RESPONSE)
    assert cycle.done_at == at(3, 15)
    assert cycle.met is True


def test_a_pause_holds_a_next_response_cycle_too():
    events = [
        staff_reply(at(3, 9, 30)),
        customer_reply(at(3, 14)),
        status(at(3, 15), "waiting_third_party"),
    ]
    cycle = clock_at(events, now=at(5, 9)).target(NEXT_RESPONSE)
    assert cycle.elapsed == 1 * HOUR
    assert not cycle.running


# -- priorities, warnings, breaches -----------------------------------------------------------


def test_a_new_priority_applies_its_targets_from_the_start():
    """The same timeline under the targets of a higher priority: due earlier, counted from
    creation, and overdue at once if that much time has already passed."""
    events = [staff_reply(at(3, 9, 30))]
    normal = clock_at(events, now=at(3, 13, 30))
    urgent = clock_at(
        events, now=at(3, 13, 30), rules=rules({FIRST_RESPONSE: 1800, RESOLUTION: 4 * HOUR})
    )
    assert normal.target(RESOLUTION).due_at == at(5, 9)
    assert normal.target(RESOLUTION).remaining == 12.5 * HOUR
    assert urgent.target(RESOLUTION).due_at == at(3, 14)
    assert urgent.target(RESOLUTION).remaining == 30 * MINUTE
    later = clock_at(
        events, now=at(3, 16), rules=rules({FIRST_RESPONSE: 1800, RESOLUTION: 4 * HOUR})
    )
    assert later.target(RESOLUTION).breached
    assert later.target(RESOLUTION).remaining == -2 * HOUR


@pytest.mark.parametrize(
    ("percent", "warn_at"),
    [(75, at(3, 9, 45)), (50, at(3, 9, 30)), (90, at(3, 9, 54)), (None, None)],
)
def test_the_warning_comes_at_the_policy_percentage(percent, warn_at):
    first = clock_at([], now=at(3, 9, 5), rules=rules(warning=percent)).target(FIRST_RESPONSE)
    assert first.warn_at == warn_at
    assert first.due_at == at(3, 10)


def test_a_warning_counts_business_time_too():
    # 16 h resolution from Friday 16:00: 75 % (12 h) is reached Tuesday 11:00
    # (1 h on Friday, 8 h on Monday, 3 h on Tuesday).
    friday = at(7, 16)
    clock = derive(friday, [created(friday)], rules(), now=at(7, 16, 30))
    assert clock.target(RESOLUTION).warn_at == at(11, 11)


def test_a_breach_tells_by_how_much():
    clock = clock_at([], now=at(3, 14, 15))
    first = clock.target(FIRST_RESPONSE)
    assert first.breached
    assert first.met is False
    assert first.elapsed == 4 * HOUR + 15 * MINUTE
    assert first.remaining == -(3 * HOUR + 15 * MINUTE)
    assert first.due_at == at(3, 10)
    assert clock.breached


def test_a_late_answer_stays_missed_by_how_late_it_was():
    clock = clock_at([staff_reply(at(3, 11, 20))], now=at(5, 9))
    first = clock.target(FIRST_RESPONSE)
    assert first.done_at == at(3, 11, 20)
    assert first.met is False
    assert first.remaining == -80 * MINUTE


def test_an_early_answer_is_met_with_time_to_spare():
    first = clock_at([staff_reply(at(3, 9, 35))], now=at(5, 9)).target(FIRST_RESPONSE)
    assert first.met is True
    assert not first.breached
    assert first.remaining == 25 * MINUTE
    assert not first.running


def test_exactly_on_time_is_not_a_breach():
    first = clock_at([staff_reply(at(3, 10))], now=at(3, 12)).target(FIRST_RESPONSE)
    assert first.met is True
    assert first.remaining == 0


# -- derived, hence repeatable -----------------------------------------------------------------


def test_the_same_timeline_always_gives_the_same_clock():
    events = [staff_reply(at(3, 9, 30)), status(at(3, 10), "waiting_customer")]
    assert clock_at(events, now=at(4, 9)) == clock_at(list(events), now=at(4, 9))


def test_events_stamped_before_creation_count_from_creation():
    events = [status(CREATED - 600, "waiting_customer"), status(at(3, 11), "open")]
    clock = clock_at(events, now=at(3, 12))
    assert clock.target(RESOLUTION).elapsed == 1 * HOUR


def test_a_target_the_policy_does_not_set_is_absent():
    clock = clock_at([], now=at(3, 12), rules=rules({RESOLUTION: 8 * HOUR}))
    assert [t.name for t in clock.targets] == [RESOLUTION]


# -- a property: the clock is the business time of its running stretches ----------------------

timelines = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=14 * 24 * 60),  # minutes after creation
        st.sampled_from(["open", "waiting_customer", "waiting_third_party"]),
    ),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(changes=timelines, now_after=st.integers(min_value=0, max_value=20 * 24 * 60))
def test_elapsed_time_is_the_business_time_of_the_running_stretches(changes, now_after):
    events = [created(CREATED)] + [
        status(CREATED + minutes * MINUTE, value) for minutes, value in sorted(changes)
    ]
    now = CREATED + now_after * MINUTE
    clock = derive(CREATED, events, rules(), now=now)
    resolution = clock.target(RESOLUTION)

    def business(start, end):
        return max(0.0, OFFICE.worked(min(end, now)) - OFFICE.worked(start))

    running = [s for s in clock.stretches if s.state == "running"]
    assert resolution.elapsed == pytest.approx(sum(business(s.start, s.end) for s in running))
    paused = [s for s in clock.stretches if s.state != "running"]
    assert sum(s.business for s in paused) == pytest.approx(
        sum(business(s.start, s.end) for s in paused)
    )
    if resolution.running:
        # Running business time from creation to the due moment is the target.
        due = resolution.due_at
        counted = sum(
            max(0.0, OFFICE.worked(min(s.end, due)) - OFFICE.worked(s.start)) for s in running
        )
        assert counted == pytest.approx(TARGETS[RESOLUTION], abs=0.001)
        assert (resolution.warn_at is not None) and resolution.warn_at <= due
    else:
        assert resolution.due_at is None or resolution.due_at <= now


def test_pauses_are_only_subtracted_in_working_hours():
    # Paused from Friday 16:00 to Monday 09:00: only 2 business hours were paused.
    events = [status(at(7, 16), "waiting_customer"), status(at(10, 9), "open")]
    clock = clock_at(events, now=at(10, 10))
    paused = next(s for s in clock.stretches if s.state == "waiting_customer")
    assert paused.business == 2 * HOUR
    assert paused.end - paused.start == (timedelta(days=2, hours=17)).total_seconds()
