"""What a business calendar means day by day, in words an administrator reads.

Holidays are stored by their English names from the ``holidays`` package (stable
whatever language the administrator uses); here they get their label in the active
language, and a calendar's coming days are spelled out for the preview in the admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from holidays.constants import BANK, PUBLIC

from loket.sla.businesstime import BusinessCalendar, public_holidays

COUNTRY = "BE"
# The interface languages and the holiday package's names for them.
HOLIDAY_LANGUAGES = {"nl": "nl", "fr": "fr", "en": "en_US"}
# Enough years for every holiday that moves with Easter or the weekday to show up.
_YEARS = range(2024, 2032)


@cache
def _labels(language: str) -> dict[str, str]:
    """English holiday name → its name in ``language``, in calendar order."""
    labels: dict[str, str] = {}
    for year in _YEARS:
        local = holidays.country_holidays(
            COUNTRY, years=year, categories=(PUBLIC, BANK), language=language
        )
        english = public_holidays(COUNTRY, year)
        by_day: dict[date, list[str]] = {}
        for day, name in english:
            by_day.setdefault(day, []).append(name)
        for day, names in by_day.items():
            # Two holidays on one day come in the same order in every language.
            for name, label in zip(names, local.get_list(day), strict=False):
                labels.setdefault(name, label)
    return labels


def _language() -> str:
    code = (get_language() or "nl").split("-")[0]
    return HOLIDAY_LANGUAGES.get(code, "en_US")


@cache
def _bank_only() -> frozenset[str]:
    """Bank holidays (banks close, most desks do not): Good Friday and the like."""
    public: set[str] = set()
    for year in _YEARS:
        table = holidays.country_holidays(
            COUNTRY, years=year, categories=(PUBLIC,), language="en_US"
        )
        public.update(name for day in table for name in table.get_list(day))
    return frozenset(set(_labels("en_US")) - public)


def holiday_choices() -> list[tuple[str, str]]:
    """Belgium's public and bank holidays as (stored English name, label in the active
    language), in the order they fall in the year."""
    local = _labels(_language())
    bank = _bank_only()
    choices = []
    for name in _labels("en_US"):  # in calendar order
        label = local.get(name, name)
        if name in bank:
            label = _("%(holiday)s (bank holiday)") % {"holiday": label}
        choices.append((name, label))
    return choices


def holiday_label(name: str) -> str:
    """The name of a stored holiday in the active language."""
    return _labels(_language()).get(name, name)


@dataclass(frozen=True)
class DayPreview:
    """One day of a calendar: its working intervals, or why it is closed."""

    day: date
    intervals: list[tuple[time, time]]
    closed_because: str  # a holiday or closure name; empty on an ordinary day
    business_seconds: float


def preview_days(calendar, days: int = 14, today: date | None = None) -> list[DayPreview]:
    """The next ``days`` days of a saved :class:`~loket.sla.models.Calendar`, from today
    in its time zone, as the SLA engine will count them."""
    from loket.sla.services import compile_calendar

    tz = ZoneInfo(calendar.time_zone)
    today = today or timezone.now().astimezone(tz).date()
    engine: BusinessCalendar = compile_calendar(calendar)
    closures = {
        c.date: c.name or pgettext("calendar day", "closed") for c in calendar.closures.all()
    }
    observed = set(calendar.holidays or ())
    holidays_by_day: dict[date, str] = {}
    for year in {today.year, (today + timedelta(days=days)).year}:
        for day, name in public_holidays(COUNTRY, year):
            if name in observed:
                holidays_by_day.setdefault(day, holiday_label(name))
    week: dict[int, list[tuple[time, time]]] = {}
    for hours in calendar.hours.all():
        week.setdefault(hours.weekday, []).append((hours.start, hours.end))
    out = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        start = datetime.combine(day, time(0), tz)
        end = datetime.combine(day + timedelta(days=1), time(0), tz)
        reason = ""
        intervals: list[tuple[time, time]] = []
        if calendar.always_open:
            intervals = [(time(0), time(0))]
        elif day in closures:
            reason = closures[day]
        elif day in holidays_by_day:
            reason = holidays_by_day[day]
        else:
            intervals = sorted(week.get(day.weekday(), []))
        out.append(
            DayPreview(
                day=day,
                intervals=intervals,
                closed_because=reason,
                business_seconds=engine.seconds_between(start, end),
            )
        )
    return out
