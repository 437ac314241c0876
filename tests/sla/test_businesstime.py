"""Business-time arithmetic holds on realistic calendars.

Properties checked with hypothesis on every calendar below: what is added can be measured
back, working time never decreases, adding in steps equals adding at once, measuring is
additive over a midpoint, closed days count nothing, and the answers do not depend on the
order in which the year tables were built. A minute-by-minute count in wall-clock time is
the independent reference for day lengths (daylight-saving changes included).
"""

import importlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from loket.sla.businesstime import BusinessCalendar, CalendarSpec, public_holidays

BRUSSELS = ZoneInfo("Europe/Brussels")
HOUR = 3600.0
MS = 0.001

# The public holidays the default calendar observes (migration 0002).
BELGIAN_HOLIDAYS = frozenset(
    {
        "New Year's Day",
        "Easter Sunday",
        "Easter Monday",
        "Labor Day",
        "Ascension Day",
        "Pentecost",
        "Pentecost Monday",
        "National Day",
        "Assumption Day",
        "All Saints' Day",
        "Armistice Day",
        "Christmas Day",
    }
)
# Bridge days and the day before Christmas, a few years running.
CLOSURES = frozenset(
    {date(year, 12, 24) for year in range(2022, 2031)}
    | {date(2025, 5, 2), date(2025, 5, 30), date(2026, 5, 15), date(2024, 11, 2)}
)
SPLIT_DAY = ((time(8), time(12)), (time(13), time(17)))

SPECS = {
    # Office hours in Brussels with a lunch break, Belgian holidays and closure days.
    "brussels_office": CalendarSpec(
        week=dict.fromkeys(range(5), SPLIT_DAY),
        holidays=BELGIAN_HOLIDAYS,
        closed_dates=CLOSURES,
    ),
    # The default calendar of a fresh install: Mon–Fri 08:00–17:00.
    "brussels_plain": CalendarSpec(
        week=dict.fromkeys(range(5), ((time(8), time(17)),)), holidays=BELGIAN_HOLIDAYS
    ),
    # 24/7: every second counts.
    "always_open": CalendarSpec(always_open=True),
    # 24/7 as wall-clock days (00:00–00:00 every day): must agree with always_open.
    "wall_clock_days": CalendarSpec(week=dict.fromkeys(range(7), ((time(0), time(0)),))),
    # An evening desk whose intervals end at midnight, plus Saturday morning.
    "evening_desk": CalendarSpec(
        week={**dict.fromkeys(range(5), ((time(18), time(0)),)), 5: ((time(9), time(13)),)},
        closed_dates=CLOSURES,
    ),
    # Another time zone, with its own daylight-saving dates.
    "new_york": CalendarSpec(
        time_zone="America/New_York",
        week=dict.fromkeys(range(5), ((time(9), time(12, 30)), (time(13, 30), time(17)))),
        closed_dates=frozenset({date(2025, 7, 4), date(2025, 11, 27), date(2026, 7, 3)}),
    ),
}
CALENDARS = {name: BusinessCalendar(spec) for name, spec in SPECS.items()}

names = st.sampled_from(sorted(SPECS))
instants = st.datetimes(
    min_value=datetime(2022, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
# Up to 60 office days: whole seconds (due times of real targets) and fractions.
durations = st.one_of(
    st.integers(min_value=0, max_value=60 * 9 * 3600).map(float),
    st.floats(min_value=0, max_value=60 * 9 * 3600, allow_nan=False, allow_infinity=False),
)
days = st.dates(min_value=date(2022, 1, 1), max_value=date(2030, 12, 31))

properties = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


_closed: dict[tuple[int, int], set[date]] = {}


def closed_days(spec: CalendarSpec, year: int) -> set[date]:
    """Holidays the calendar observes and its closure days, straight from the package."""
    key = (id(spec), year)
    if key not in _closed:
        holidays = public_holidays(spec.country, year)
        _closed[key] = {day for day, name in holidays if name in spec.holidays}
        _closed[key] |= set(spec.closed_dates)
    return _closed[key]


def reference_seconds(spec: CalendarSpec, start: datetime, end: datetime) -> float:
    """Working seconds between two whole-minute instants, counted minute by minute from
    what the wall clock of the calendar's time zone reads."""
    tz = ZoneInfo(spec.time_zone)
    total = 0.0
    moment = start
    while moment < end:
        local = moment.astimezone(tz)
        if spec.always_open:
            total += 60
        elif local.date() not in closed_days(spec, local.year):
            wall = local.time()
            for begin, until in spec.week.get(local.weekday(), ()):
                if begin <= wall and (until == time(0) or wall < until):
                    total += 60
                    break
        moment += timedelta(minutes=1)
    return total


def local_midnight(day: date, tz: ZoneInfo = BRUSSELS) -> datetime:
    return datetime.combine(day, time(0), tz)


def last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


# -- adding and measuring -------------------------------------------------------------


@properties
@given(name=names, start=instants, duration=durations)
def test_adding_then_measuring_gives_the_duration_back(name, start, duration):
    calendar = CALENDARS[name]
    due = calendar.add(start, duration)
    assert due is not None
    assert calendar.seconds_between(start, due) == pytest.approx(duration, abs=MS)


@properties
@given(name=names, a=instants, b=instants)
def test_working_time_never_decreases(name, a, b):
    calendar = CALENDARS[name]
    early, late = sorted((a, b))
    assert calendar.seconds_between(early, late) >= 0
    assert calendar.seconds_between(late, early) == -calendar.seconds_between(early, late)


@properties
@given(name=names, a=instants, b=instants, d1=durations, d2=durations)
def test_a_later_start_or_a_longer_duration_never_ends_earlier(name, a, b, d1, d2):
    calendar = CALENDARS[name]
    early, late = sorted((a, b))
    short, long = sorted((d1, d2))
    assert calendar.add(early, short) <= calendar.add(late, short)
    assert calendar.add(early, short) <= calendar.add(early, long)
    assert calendar.add(early, short) >= early


@properties
@given(name=names, start=instants, d1=durations, d2=durations)
def test_adding_in_two_steps_equals_adding_at_once(name, start, d1, d2):
    calendar = CALENDARS[name]
    in_steps = calendar.add(calendar.add(start, d1), d2)
    at_once = calendar.add(start, d1 + d2)
    assert abs((in_steps - at_once).total_seconds()) <= MS


@properties
@given(name=names, a=instants, b=instants, c=instants)
def test_measuring_is_additive_over_a_midpoint(name, a, b, c):
    calendar = CALENDARS[name]
    whole = calendar.seconds_between(a, c)
    parts = calendar.seconds_between(a, b) + calendar.seconds_between(b, c)
    assert whole == pytest.approx(parts, abs=MS)


@properties
@given(name=names, start=instants, duration=durations)
def test_a_due_moment_ends_a_stretch_of_working_time(name, start, duration):
    """Nothing is ever due on a weekend, holiday or closure day, nor in a lunch break:
    the last millisecond before a due moment is working time."""
    assume(duration >= 1)
    calendar = CALENDARS[name]
    due = calendar.add(start, duration)
    assert calendar.seconds_between(due - timedelta(milliseconds=1), due) > 0


# -- closed days and day lengths ----------------------------------------------------------


@properties
@given(name=names, day=days)
def test_a_day_counts_what_its_wall_clock_hours_say(name, day):
    spec = SPECS[name]
    tz = ZoneInfo(spec.time_zone)
    start, end = local_midnight(day, tz), local_midnight(day + timedelta(days=1), tz)
    expected = reference_seconds(spec, start.astimezone(UTC), end.astimezone(UTC))
    assert CALENDARS[name].seconds_between(start, end) == expected


@settings(max_examples=40, deadline=None)
@given(
    name=names,
    start=st.datetimes(
        min_value=datetime(2022, 1, 1), max_value=datetime(2030, 12, 28), timezones=st.just(UTC)
    ).map(lambda moment: moment.replace(second=0, microsecond=0)),
    minutes=st.integers(min_value=0, max_value=3 * 24 * 60),
)
def test_working_time_between_two_moments_matches_a_minute_by_minute_count(name, start, minutes):
    end = start + timedelta(minutes=minutes)
    expected = reference_seconds(SPECS[name], start, end)
    assert CALENDARS[name].seconds_between(start, end) == expected


@properties
@given(day=days)
def test_no_working_time_on_weekends_holidays_or_closure_days(day):
    calendar = CALENDARS["brussels_office"]
    start, end = local_midnight(day), local_midnight(day + timedelta(days=1))
    closed = day.weekday() >= 5 or day in closed_days(SPECS["brussels_office"], day.year)
    assert calendar.seconds_between(start, end) == (0 if closed else 8 * HOUR)
    assert calendar.is_working(datetime.combine(day, time(10), BRUSSELS)) is not closed
    assert not calendar.is_working(datetime.combine(day, time(12, 30), BRUSSELS))


@pytest.mark.parametrize(
    ("day", "what"),
    [
        (date(2025, 1, 1), "New Year's Day"),
        (date(2025, 4, 21), "Easter Monday"),
        (date(2025, 5, 1), "Labour Day"),
        (date(2025, 5, 29), "Ascension Day"),
        (date(2025, 6, 9), "Whit Monday"),
        (date(2025, 7, 21), "National Day"),
        (date(2025, 8, 15), "Assumption"),
        (date(2025, 11, 11), "Armistice Day"),
        (date(2025, 12, 25), "Christmas"),
        (date(2025, 5, 2), "a closure day (bridge)"),
        (date(2025, 12, 24), "a closure day (Christmas Eve)"),
    ],
)
def test_belgian_holidays_and_closure_days_count_nothing(day, what):
    calendar = CALENDARS["brussels_office"]
    start, end = local_midnight(day), local_midnight(day + timedelta(days=1))
    assert calendar.seconds_between(start, end) == 0, what


def test_holidays_not_chosen_for_the_calendar_are_working_days():
    # Good Friday and 26 December are bank holidays in the package, not in our list.
    calendar = CALENDARS["brussels_plain"]
    for day in (date(2025, 4, 18), date(2025, 12, 26)):
        start, end = local_midnight(day), local_midnight(day + timedelta(days=1))
        assert calendar.seconds_between(start, end) == 9 * HOUR


def test_the_lunch_break_does_not_count():
    calendar = CALENDARS["brussels_office"]
    start = datetime(2025, 3, 3, 11, 30, tzinfo=BRUSSELS)
    assert calendar.add(start, HOUR) == datetime(2025, 3, 3, 13, 30, tzinfo=BRUSSELS)


def test_intervals_may_be_given_in_any_order():
    shuffled = BusinessCalendar(CalendarSpec(week={0: (SPLIT_DAY[1], SPLIT_DAY[0])}))
    monday = date(2025, 3, 3)
    end = local_midnight(monday + timedelta(days=1))
    assert shuffled.seconds_between(local_midnight(monday), end) == 8 * HOUR


def test_a_calendar_without_working_hours_is_never_due():
    calendar = BusinessCalendar(CalendarSpec(week={}))
    start = datetime(2025, 3, 3, 9, tzinfo=BRUSSELS)
    assert calendar.add(start, 60) is None
    assert calendar.seconds_between(start, start + timedelta(days=30)) == 0


def test_adding_nothing_stays_put_even_outside_working_hours():
    saturday = datetime(2025, 3, 8, 10, tzinfo=BRUSSELS)
    assert CALENDARS["brussels_office"].add(saturday, 0) == saturday


# -- daylight saving ------------------------------------------------------------------------

YEARS = range(2022, 2031)


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("name", ["always_open", "wall_clock_days"])
def test_round_the_clock_days_are_23_and_25_hours_long_when_the_clocks_change(name, year):
    calendar = CALENDARS[name]
    spring, autumn = last_sunday(year, 3), last_sunday(year, 10)

    def length(day):
        return calendar.seconds_between(
            local_midnight(day), local_midnight(day + timedelta(days=1))
        )

    assert length(spring) == 23 * HOUR
    assert length(autumn) == 25 * HOUR
    assert length(spring - timedelta(days=1)) == 24 * HOUR
    assert length(autumn + timedelta(days=1)) == 24 * HOUR


@pytest.mark.parametrize("year", YEARS)
def test_office_hours_are_unchanged_around_the_clock_changes(year):
    calendar = CALENDARS["brussels_office"]
    closed = closed_days(SPECS["brussels_office"], year)
    for sunday in (last_sunday(year, 3), last_sunday(year, 10)):
        friday, monday = sunday - timedelta(days=2), sunday + timedelta(days=1)
        if monday in closed:  # Easter Monday right after the change (2024, 2027)
            monday += timedelta(days=1)
        for day in (friday, monday):
            start, end = local_midnight(day), local_midnight(day + timedelta(days=1))
            assert calendar.seconds_between(start, end) == 8 * HOUR
        # Two hours from Friday 16:00: one on Friday, one on the next working day 08–09.
        due = calendar.add(datetime.combine(friday, time(16), BRUSSELS), 2 * HOUR)
        assert due == datetime.combine(monday, time(9), BRUSSELS)


def test_a_day_on_the_24_7_calendar_ends_at_the_same_wall_time_across_a_change():
    calendar = CALENDARS["always_open"]
    # Saturday noon + 24 h lands at Sunday 13:00 when the clocks went forward that night.
    start = datetime(2025, 3, 29, 12, tzinfo=BRUSSELS)
    assert calendar.add(start, 24 * HOUR) == datetime(2025, 3, 30, 13, tzinfo=BRUSSELS)
    start = datetime(2025, 10, 25, 12, tzinfo=BRUSSELS)
    assert calendar.add(start, 24 * HOUR) == datetime(2025, 10, 26, 11, tzinfo=BRUSSELS)


def test_an_evening_interval_ending_at_midnight_across_a_clock_change():
    calendar = CALENDARS["evening_desk"]
    # Friday 18:00–00:00 before the October change is six hours; Saturday 09:00–13:00.
    friday = datetime(2025, 10, 24, 18, tzinfo=BRUSSELS)
    assert calendar.add(friday, 7 * HOUR) == datetime(2025, 10, 25, 10, tzinfo=BRUSSELS)
    # Saturday 12:00 + 2 h: one hour on Saturday, then Monday from 18:00.
    saturday = datetime(2025, 10, 25, 12, tzinfo=BRUSSELS)
    assert calendar.add(saturday, 2 * HOUR) == datetime(2025, 10, 27, 19, tzinfo=BRUSSELS)
    # A due moment at the very end of the evening is midnight, not the next evening.
    monday = datetime(2025, 10, 27, 18, tzinfo=BRUSSELS)
    assert calendar.add(monday, 6 * HOUR) == datetime(2025, 10, 28, 0, tzinfo=BRUSSELS)


def test_an_interval_through_the_missing_or_repeated_hour_takes_real_time():
    calendar = BusinessCalendar(CalendarSpec(week={6: ((time(1), time(4)),)}))
    for sunday, hours in ((last_sunday(2025, 3), 2), (last_sunday(2025, 10), 4)):
        start, end = local_midnight(sunday), local_midnight(sunday + timedelta(days=1))
        assert calendar.seconds_between(start, end) == hours * HOUR


def test_another_time_zone_keeps_its_own_office_hours():
    calendar = CALENDARS["new_york"]
    new_york = ZoneInfo("America/New_York")
    # 15:00 in Brussels is 09:00 in New York; 4 h of work: 09:00–12:30 and 13:30–14:00.
    start = datetime(2025, 3, 3, 15, tzinfo=BRUSSELS)
    assert calendar.add(start, 4 * HOUR) == datetime(2025, 3, 3, 14, tzinfo=new_york)
    # The American change (9 March 2025) leaves the office day at seven hours.
    monday = date(2025, 3, 10)
    assert (
        calendar.seconds_between(
            local_midnight(monday, new_york), local_midnight(monday + timedelta(days=1), new_york)
        )
        == 7 * HOUR
    )


# -- years and the order of the tables ------------------------------------------------------


def test_a_target_runs_over_new_year():
    calendar = CALENDARS["brussels_office"]
    # Wednesday 31 December 2025, 16:00 + 2 h: 1 h that day, New Year's Day is a holiday,
    # then Friday 2 January 08:00–09:00.
    start = datetime(2025, 12, 31, 16, tzinfo=BRUSSELS)
    due = calendar.add(start, 2 * HOUR)
    assert due == datetime(2026, 1, 2, 9, tzinfo=BRUSSELS)
    assert calendar.seconds_between(start, due) == 2 * HOUR


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=names,
    moments=st.lists(instants, min_size=2, max_size=8),
    duration=durations,
    order=st.randoms(use_true_random=False),
)
def test_answers_do_not_depend_on_the_order_the_years_were_tabulated(
    name, moments, duration, order
):
    """One calendar sees the moments in one order, a fresh one in another (tables extended
    backwards and forwards differently): every answer is the same."""
    shuffled = list(moments)
    order.shuffle(shuffled)

    def answers(calendar, seen):
        due = {m: calendar.add(m, duration) for m in seen}
        between = {(a, b): calendar.seconds_between(a, b) for a in seen for b in seen}
        return due, between

    first = answers(BusinessCalendar(SPECS[name]), moments)
    second = answers(BusinessCalendar(SPECS[name]), shuffled[::-1])
    assert first == second


@pytest.mark.parametrize("name", sorted(SPECS))
def test_tables_extended_backwards_and_forwards_agree_with_a_fresh_calendar(name):
    spec = SPECS[name]
    late_first = BusinessCalendar(spec)
    early_first = BusinessCalendar(spec)
    moments = [datetime(year, 12, 31, 16, 30, tzinfo=BRUSSELS) for year in range(2022, 2031)]
    for moment in reversed(moments):
        late_first.add(moment, 40 * HOUR)
    for moment in moments:
        early_first.add(moment, 40 * HOUR)
    for a in moments:
        assert late_first.add(a, 40 * HOUR) == early_first.add(a, 40 * HOUR)
        for b in moments:
            assert late_first.seconds_between(a, b) == early_first.seconds_between(a, b)


# -- holiday names ------------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_every_default_holiday_is_known_to_the_holidays_package(year):
    """Calendars store holidays by their English names; a package upgrade that renamed
    one would silently open the desk on that day."""
    default = importlib.import_module("loket.sla.migrations.0002_default_calendar_and_policy")
    names = {name for _day, name in public_holidays("BE", year)}
    assert set(default.BELGIAN_PUBLIC_HOLIDAYS) == BELGIAN_HOLIDAYS
    assert names >= BELGIAN_HOLIDAYS
