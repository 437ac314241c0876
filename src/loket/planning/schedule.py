"""When a recurring task occurs. Schedules are wall-clock times of the desk's time zone
(``settings.TIME_ZONE``): "every Monday 08:00" stays 08:00 local across daylight saving
time changes. Results are aware datetimes in UTC."""

import calendar
import zoneinfo
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from django.conf import settings

from loket.planning.models import Frequency, RecurringTask

# A schedule occurs at least once a year (every N days allows N ≤ 366), so looking a
# little further than a year ahead always finds the next occurrence.
HORIZON_DAYS = 400


def desk_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def occurs_on(task: RecurringTask, day: date) -> bool:
    """Whether ``task`` has an occurrence on the local date ``day``."""
    if day < task.start_date:
        return False
    if task.frequency == Frequency.WEEKLY:
        return day.isoweekday() in (task.weekdays or [])
    if task.frequency == Frequency.MONTHLY:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.day == min(task.day_of_month or 1, last)
    if task.frequency == Frequency.EVERY_N_DAYS:
        return (day - task.start_date).days % (task.interval_days or 1) == 0
    return False


def at_local(task: RecurringTask, day: date) -> datetime:
    """The occurrence on ``day`` at the task's local time, in UTC. A time skipped by the
    spring-forward change happens an hour later; a repeated autumn time the first time."""
    local = datetime.combine(day, task.time_of_day, tzinfo=desk_zone())
    return local.astimezone(UTC)


def occurrences(
    task: RecurringTask, start: datetime, *, inclusive: bool = True
) -> Iterator[datetime]:
    """The task's occurrences from ``start`` on (``start`` itself too when inclusive), in
    order, for at most ``HORIZON_DAYS`` days."""
    day = max(task.start_date, start.astimezone(desk_zone()).date() - timedelta(days=1))
    end = day + timedelta(days=HORIZON_DAYS)
    while day <= end:
        if occurs_on(task, day):
            moment = at_local(task, day)
            if moment > start or (inclusive and moment == start):
                yield moment
        day += timedelta(days=1)


def next_after(
    task: RecurringTask, moment: datetime, *, inclusive: bool = False
) -> datetime | None:
    """The first occurrence after ``moment`` (or at it, when inclusive)."""
    return next(occurrences(task, moment, inclusive=inclusive), None)


def upcoming(task: RecurringTask, moment: datetime, count: int = 3) -> list[datetime]:
    """The next ``count`` occurrences from ``moment`` (shown on the task pages)."""
    found = []
    for occurrence in occurrences(task, moment):
        found.append(occurrence)
        if len(found) == count:
            break
    return found
