"""Business-time arithmetic for one calendar, as a cumulative function of working time.

``worked(t)`` is the number of working seconds between a fixed anchor and the instant
``t`` (epoch seconds). It only grows, and grows only during working hours, so:

- the working time between two instants is ``worked(b) - worked(a)``;
- adding ``d`` working seconds to ``a`` is ``instant(worked(a) + d)``, the earliest
  instant at which that much working time has passed.

Working intervals are wall-clock times of the calendar's time zone, turned into UTC
instants day by day, so daylight-saving changes are exact: the 08:00–17:00 of the last
Sunday of March is still nine hours, the night in between is 23 hours long. Days are
tabulated per year on first use and the tables kept; lookups are a binary search.
"""

from __future__ import annotations

import threading
import zoneinfo
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import holidays
from holidays.constants import BANK, PUBLIC

Interval = tuple[time, time]

# Beyond this many years of searching without working time, a target is never due.
_MAX_YEARS_AHEAD = 5


@dataclass(frozen=True)
class CalendarSpec:
    """What a business calendar is: the data the arithmetic needs, nothing else.

    ``week`` maps a weekday (0 = Monday) to its working intervals in wall-clock time;
    an interval ending at 00:00 runs to midnight. ``closed`` tells whether a date is a
    holiday or closure day.
    """

    time_zone: str = "Europe/Brussels"
    week: Mapping[int, tuple[Interval, ...]] = field(default_factory=dict)
    always_open: bool = False
    closed_dates: frozenset[date] = frozenset()
    holidays: frozenset[str] = frozenset()  # English names from the ``holidays`` package
    country: str = "BE"


def public_holidays(country: str, year: int) -> list[tuple[date, str]]:
    """Public and bank holidays of ``country`` in ``year``, by their English names."""
    table = holidays.country_holidays(
        country, years=year, categories=(PUBLIC, BANK), language="en_US"
    )
    return sorted((day, name) for day in table for name in table.get_list(day))


class BusinessCalendar:
    """Working-time arithmetic for one :class:`CalendarSpec`."""

    def __init__(self, spec: CalendarSpec):
        self.spec = spec
        self.tz = zoneinfo.ZoneInfo(spec.time_zone)
        self.always_open = spec.always_open
        self.closed = set(spec.closed_dates)
        # Sorted here, not trusted: the day tables clamp each interval to start after the
        # previous one, so an unsorted week would silently lose working time.
        self.week = {day: tuple(sorted(spec.week.get(day, ()))) for day in range(7)}
        self.has_working_time = self.always_open or any(self.week.values())
        self._first_year = 0
        self._last_year = -1
        # (local midnight of each day plus one sentinel, working seconds before each day
        # plus the total, each day's working intervals); replaced whole, never mutated.
        self._tables: tuple[list[float], list[float], list[tuple[tuple[float, float], ...]]] = (
            [],
            [],
            [],
        )
        self._lock = threading.Lock()

    # -- tables ---------------------------------------------------------------

    def _midnight(self, day: date) -> float:
        return datetime.combine(day, time(0), self.tz).timestamp()

    def _day(self, day: date) -> tuple[float, tuple[tuple[float, float], ...]]:
        start = self._midnight(day)
        if day in self.closed:
            return start, ()
        out: list[tuple[float, float]] = []
        low = start
        for begin, end in self.week.get(day.weekday(), ()):
            s = datetime.combine(day, begin, self.tz).timestamp()
            e = (
                self._midnight(day + timedelta(days=1))
                if end == time(0)
                else datetime.combine(day, end, self.tz).timestamp()
            )
            # Wall times that do not exist (spring forward) may map out of order: clamp.
            s = max(s, low)
            e = max(e, s)
            if e > s:
                out.append((s, e))
                low = e
        return start, tuple(out)

    def _year(self, year: int):
        if self.spec.holidays:
            self.closed.update(
                day
                for day, name in public_holidays(self.spec.country, year)
                if name in self.spec.holidays
            )
        day = date(year, 1, 1)
        starts, ivs, totals = [], [], []
        while day.year == year:
            start, intervals = self._day(day)
            starts.append(start)
            ivs.append(intervals)
            totals.append(sum(e - s for s, e in intervals))
            day += timedelta(days=1)
        return starts, ivs, totals

    def _cover(self, year: int) -> None:
        """Make sure the tables include ``year``, keeping every existing value.

        New tables are built aside and swapped in as one tuple under a lock, so a reader
        in another thread (the worker's sweep beside its tasks) never sees a half-grown
        table."""
        with self._lock:
            starts, cum, ivs = self._tables
            if not starts:
                days, day_ivs, totals = self._year(year)
                self._first_year = self._last_year = year
                starts = [*days, self._midnight(date(year + 1, 1, 1))]
                ivs = day_ivs
                cum = [0.0]
                for total in totals:
                    cum.append(cum[-1] + total)
            else:
                starts, cum, ivs = list(starts), list(cum), list(ivs)
            while year > self._last_year:
                self._last_year += 1
                days, day_ivs, totals = self._year(self._last_year)
                starts = starts[:-1] + days
                starts.append(self._midnight(date(self._last_year + 1, 1, 1)))
                ivs += day_ivs
                for total in totals:
                    cum.append(cum[-1] + total)
            while year < self._first_year:
                self._first_year -= 1
                days, day_ivs, totals = self._year(self._first_year)
                before = [0.0] * (len(totals) + 1)
                before[-1] = cum[0]
                for i in range(len(totals) - 1, -1, -1):
                    before[i] = before[i + 1] - totals[i]
                starts = days + starts
                ivs = day_ivs + ivs
                cum = before[:-1] + cum
            self._tables = (starts, cum, ivs)

    def _year_of(self, ts: float) -> int:
        return datetime.fromtimestamp(ts, self.tz).year

    # -- the two primitives ---------------------------------------------------

    def worked(self, ts: float) -> float:
        """Working seconds from the anchor to the instant ``ts`` (epoch seconds)."""
        if self.always_open:
            return ts
        starts, cum, ivs = self._tables
        if not starts or ts < starts[0] or ts >= starts[-1]:
            self._cover(self._year_of(ts))
            starts, cum, ivs = self._tables
        i = bisect_right(starts, ts) - 1
        w = cum[i]
        for s, e in ivs[i]:
            if ts <= s:
                break
            w += (e if ts > e else ts) - s
        return w

    def instant(self, w: float) -> float | None:
        """The earliest instant at which ``worked`` reaches ``w``; None if never."""
        if self.always_open:
            return w
        if not self.has_working_time:
            return None
        if not self._tables[1]:
            self._cover(datetime.now(UTC).year)
        while w <= self._tables[1][0]:
            self._cover(self._first_year - 1)
        searched = 0
        while w > self._tables[1][-1]:
            cum = self._tables[1]
            if searched > _MAX_YEARS_AHEAD and cum[-1] == cum[-366]:
                return None  # a calendar closed for years on end
            self._cover(self._last_year + 1)
            searched += 1
        _starts, cum, ivs = self._tables
        j = bisect_left(cum, w)
        i = j - 1
        rem = w - cum[i]
        for s, e in ivs[i]:
            if rem <= e - s:
                return s + rem
            rem -= e - s
        return ivs[i][-1][1]  # pragma: no cover - rounding at the very end of a day

    # -- datetime helpers -----------------------------------------------------

    def seconds_between(self, start: datetime, end: datetime) -> float:
        """Working seconds from ``start`` to ``end`` (negative if ``end`` comes first)."""
        return self.worked(end.timestamp()) - self.worked(start.timestamp())

    def add(self, start: datetime, seconds: float) -> datetime | None:
        """The moment ``seconds`` of working time after ``start``; None if never."""
        if seconds <= 0:
            return start
        begin = start.timestamp()
        ts = self.instant(self.worked(begin) + seconds)
        if ts is None:
            return None
        # A duration too small to change the float sum would otherwise land at the end of
        # the previous working interval, before ``start``.
        return datetime.fromtimestamp(ts if ts >= begin else begin, UTC)

    def is_working(self, moment: datetime) -> bool:
        """Whether working time passes at ``moment`` (the instant after it)."""
        ts = moment.timestamp()
        return self.worked(ts + 1) > self.worked(ts)


def epoch(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)
