"""The SLA compliance report: how many first responses and resolutions were on time,
per period, team and priority.

- First response counts on tickets *created* in the period whose outcome is decided
  (``sla_first_response_met`` is set: answered, or already too late).
- Resolution counts on tickets *resolved* in the period whose outcome is decided
  (``sla_resolution_met`` is set).

Both read the SLA snapshot on the ticket and are grouped and counted by the database,
one query each, with periods cut in the desk's time zone: the report reads a handful of
rows whether the desk holds a thousand tickets or a million. A ticket counts for its
current team and priority.
"""

from __future__ import annotations

import csv
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.accounts.models import Team
from loket.tickets.models import Priority, Ticket

MONTH = "month"
WEEK = "week"
PERIODS = [(MONTH, gettext_lazy("Month")), (WEEK, gettext_lazy("Week"))]
_TRUNC = {MONTH: TruncMonth, WEEK: TruncWeek}
# Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def desk_time_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True, slots=True)
class Share:
    """How many of the decided outcomes met the target."""

    met: int = 0
    decided: int = 0

    def __add__(self, other: Share) -> Share:
        return Share(self.met + other.met, self.decided + other.decided)

    @property
    def percent(self) -> float | None:
        return 100 * self.met / self.decided if self.decided else None


@dataclass(slots=True)
class Line:
    """One team and priority in one period."""

    team_id: int | None
    team: str
    priority: str
    first_response: Share = Share()
    resolution: Share = Share()


@dataclass(slots=True)
class Period:
    kind: str
    start: date  # first day of the month or Monday of the week
    first_day: date  # the days of the period inside the report's range
    last_day: date
    lines: list[Line] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return formats.date_format(self.start, "F Y")
        year, week, _day = self.start.isocalendar()
        return _("Week %(week)d, %(year)d") % {"week": week, "year": year}

    @property
    def days(self) -> str:
        first = formats.date_format(self.first_day, "j M")
        last = formats.date_format(self.last_day, "j M")
        return first if first == last else f"{first} – {last}"

    @property
    def first_response(self) -> Share:
        return sum((line.first_response for line in self.lines), Share())

    @property
    def resolution(self) -> Share:
        return sum((line.resolution for line in self.lines), Share())


@dataclass(slots=True)
class ComplianceReport:
    period: str
    start: date
    end: date
    periods: list[Period]

    @property
    def first_response(self) -> Share:
        return sum((p.first_response for p in self.periods), Share())

    @property
    def resolution(self) -> Share:
        return sum((p.resolution for p in self.periods), Share())

    @property
    def is_empty(self) -> bool:
        return not any(p.lines for p in self.periods)


def sla_compliance(
    *,
    start: date,
    end: date,
    period: str = MONTH,
    team: Team | None = None,
    priority: str | None = None,
) -> ComplianceReport:
    """The report for the days ``start`` to ``end`` (inclusive, in the desk's time zone),
    optionally for one team and one priority."""
    tz = desk_time_zone()
    since = datetime.combine(start, time.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    tickets = Ticket.objects.all()
    if team is not None:
        tickets = tickets.filter(team=team)
    if priority:
        tickets = tickets.filter(priority=priority)
    first = _counts(tickets, "created_at", "sla_first_response_met", period, since, until)
    resolved = _counts(tickets, "resolved_at", "sla_resolution_met", period, since, until)

    names = _team_names({key[1] for key in (*first, *resolved)})
    lines: dict[date, list[Line]] = defaultdict(list)
    for key in sorted({*first, *resolved}, key=lambda k: _line_order(k, names)):
        bucket, team_id, prio = key
        lines[bucket].append(
            Line(
                team_id=team_id,
                team=names.get(team_id) or _("No team"),
                priority=prio,
                first_response=first.get(key, Share()),
                resolution=resolved.get(key, Share()),
            )
        )
    periods = [
        Period(period, bucket, max(bucket, start), min(_last_day(period, bucket), end))
        for bucket in _buckets(period, start, end)
    ]
    for p in periods:
        p.lines = lines.get(p.start, [])
    return ComplianceReport(period=period, start=start, end=end, periods=periods)


def _counts(
    tickets: QuerySet[Ticket],
    moment: str,
    outcome: str,
    period: str,
    since: datetime,
    until: datetime,
) -> dict[tuple[date, int | None, str], Share]:
    """Decided and met outcomes grouped by period, team and priority, in one query."""
    tz = since.tzinfo
    rows = (
        tickets.filter(
            **{f"{moment}__gte": since, f"{moment}__lt": until, f"{outcome}__isnull": False}
        )
        .annotate(bucket=_TRUNC[period](moment, tzinfo=tz))
        .values("bucket", "team_id", "priority")
        .annotate(decided=Count("pk"), met=Count("pk", filter=Q(**{outcome: True})))
        .order_by()
    )
    return {
        (_local_date(row["bucket"], tz), row["team_id"], row["priority"]): Share(
            row["met"], row["decided"]
        )
        for row in rows
    }


def _local_date(value: datetime | date, tz) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value, tz).date() if timezone.is_aware(value) else value.date()
    return value


def _team_names(ids: set[int | None]) -> dict[int | None, str]:
    wanted = [pk for pk in ids if pk is not None]
    if not wanted:
        return {}
    return dict(Team.objects.filter(pk__in=wanted).values_list("pk", "name"))


_PRIORITY_ORDER = {value: index for index, value in enumerate(Priority.values)}


def _line_order(key: tuple[date, int | None, str], names: dict[int | None, str]):
    bucket, team_id, prio = key
    # Teams by name, tickets without a team last; then P1 … P4.
    return (
        bucket,
        team_id is None,
        (names.get(team_id) or "").casefold(),
        _PRIORITY_ORDER.get(prio, 99),
        prio,
    )


def _buckets(period: str, start: date, end: date) -> list[date]:
    """The first day of every period that overlaps ``start`` … ``end``."""
    monday = start - timedelta(days=start.weekday())
    current = start.replace(day=1) if period == MONTH else monday
    out = []
    while current <= end:
        out.append(current)
        current = _last_day(period, current) + timedelta(days=1)
    return out


def _last_day(period: str, first: date) -> date:
    if period == WEEK:
        return first + timedelta(days=6)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


# --- CSV ---------------------------------------------------------------------------------


def csv_cell(value) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP's advice: prefix ')."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _percent(share: Share) -> str:
    # Not localised: a dot as decimal separator, whatever the reader's language.
    return "" if share.percent is None else f"{share.percent:.1f}"


def _numbers(share: Share) -> list[str]:
    return [str(share.met), str(share.decided), _percent(share)]


def write_csv(report: ComplianceReport, out) -> None:
    """The report as CSV: one row per period, team and priority, then the total."""
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Period start"),
            _("Period"),
            _("Team"),
            _("Priority"),
            _("First response met"),
            _("First response decided"),
            _("First response met (%)"),
            _("Resolution met"),
            _("Resolution decided"),
            _("Resolution met (%)"),
        ]
    )
    for period in report.periods:
        for line in period.lines:
            writer.writerow(
                [
                    period.start.isoformat(),
                    csv_cell(period.label),
                    csv_cell(line.team),
                    csv_cell(line.priority),
                    *_numbers(line.first_response),
                    *_numbers(line.resolution),
                ]
            )
    writer.writerow(
        [
            "",
            _("Total"),
            "",
            "",
            *_numbers(report.first_response),
            *_numbers(report.resolution),
        ]
    )
