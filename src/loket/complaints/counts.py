"""Complaints counted per organisation, category and period.

The database groups and counts (one query per report, periods cut in the desk's time
zone); organisation and category names are read for the handful of ids found. A
complaint counts for the organisation and category its ticket had when it was
registered.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.complaints.models import UNFINISHED_STATUSES, Complaint
from loket.directory.models import Organisation
from loket.sla.reports import csv_cell, desk_time_zone
from loket.tickets.models import Category

MONTH = "month"
WEEK = "week"
PERIODS = [(MONTH, gettext_lazy("Month")), (WEEK, gettext_lazy("Week"))]
_TRUNC = {MONTH: TruncMonth, WEEK: TruncWeek}
# The status filter: one status, or "unfinished" (open or answered, follow-up to do).
UNFINISHED = "unfinished"
GROUPS = ("organisation", "category", "month", "week")


@dataclass(frozen=True, slots=True)
class Row:
    """How many complaints one organisation had in one category in one period."""

    organisation_id: int | None
    organisation: str
    category_id: int | None
    category: str
    count: int


@dataclass(slots=True)
class Period:
    kind: str
    start: date
    rows: list[Row] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return formats.date_format(self.start, "F Y")
        year, week, _day = self.start.isocalendar()
        return _("Week %(week)d, %(year)d") % {"week": week, "year": year}

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)


@dataclass(frozen=True, slots=True)
class Total:
    key: int | None
    label: str
    count: int


@dataclass(slots=True)
class CountsReport:
    period: str
    start: date
    end: date
    periods: list[Period]
    by_organisation: list[Total]
    by_category: list[Total]

    @property
    def total(self) -> int:
        return sum(p.total for p in self.periods)


def _range(start: date, end: date) -> tuple[datetime, datetime]:
    tz = desk_time_zone()
    since = datetime.combine(start, time.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    return since, until


def filtered(
    complaints: QuerySet[Complaint],
    *,
    start: date,
    end: date,
    organisation: Organisation | None = None,
    category: Category | None = None,
    status: str = "",
) -> QuerySet[Complaint]:
    """Complaints registered from ``start`` to ``end`` (days in the desk's time zone,
    inclusive), optionally of one organisation, category (with its sub-categories) and
    status."""
    since, until = _range(start, end)
    complaints = complaints.filter(registered_at__gte=since, registered_at__lt=until)
    if organisation is not None:
        complaints = complaints.filter(organisation=organisation)
    if category is not None:
        complaints = complaints.filter(category_id__in=_with_children(category))
    if status == UNFINISHED:
        complaints = complaints.filter(status__in=UNFINISHED_STATUSES)
    elif status:
        complaints = complaints.filter(status=status)
    return complaints


def _with_children(category: Category) -> list[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in Category.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    out, todo = [], [category.pk]
    while todo:
        node = todo.pop()
        if node not in out:
            out.append(node)
            todo.extend(children.get(node, ()))
    return out


def _names(organisation_ids: set, category_ids: set) -> tuple[dict, dict]:
    organisations = (
        dict(
            Organisation.objects.filter(pk__in=[i for i in organisation_ids if i]).values_list(
                "pk", "name"
            )
        )
        if any(organisation_ids)
        else {}
    )
    categories = (
        {
            c.pk: c.path
            for c in Category.objects.filter(pk__in=[i for i in category_ids if i]).select_related(
                "parent__parent"
            )
        }
        if any(category_ids)
        else {}
    )
    return organisations, categories


def complaint_counts(
    complaints: QuerySet[Complaint],
    *,
    start: date,
    end: date,
    period: str = MONTH,
    organisation: Organisation | None = None,
    category: Category | None = None,
    status: str = "",
) -> CountsReport:
    """Complaints per period, organisation and category, grouped by the database."""
    tz = desk_time_zone()
    rows = (
        filtered(
            complaints,
            start=start,
            end=end,
            organisation=organisation,
            category=category,
            status=status,
        )
        .annotate(bucket=_TRUNC[period]("registered_at", tzinfo=tz))
        .values("bucket", "organisation_id", "category_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    rows = list(rows)
    organisations, categories = _names(
        {r["organisation_id"] for r in rows}, {r["category_id"] for r in rows}
    )
    no_org, no_cat = _("No organisation"), _("No category")
    by_bucket: dict[date, list[Row]] = defaultdict(list)
    org_totals: dict[int | None, int] = defaultdict(int)
    cat_totals: dict[int | None, int] = defaultdict(int)
    for r in rows:
        row = Row(
            organisation_id=r["organisation_id"],
            organisation=organisations.get(r["organisation_id"], no_org),
            category_id=r["category_id"],
            category=categories.get(r["category_id"], no_cat),
            count=r["count"],
        )
        by_bucket[_local_date(r["bucket"], tz)].append(row)
        org_totals[row.organisation_id] += row.count
        cat_totals[row.category_id] += row.count
    periods = [Period(period, bucket) for bucket in _buckets(period, start, end)]
    for p in periods:
        p.rows = sorted(
            by_bucket.get(p.start, []),
            key=lambda row: (-row.count, row.organisation.casefold(), row.category.casefold()),
        )
    return CountsReport(
        period=period,
        start=start,
        end=end,
        periods=periods,
        by_organisation=_totals(org_totals, organisations, no_org),
        by_category=_totals(cat_totals, categories, no_cat),
    )


def _totals(counts: dict[int | None, int], names: dict, missing: str) -> list[Total]:
    totals = [Total(key, names.get(key, missing), n) for key, n in counts.items()]
    return sorted(totals, key=lambda t: (-t.count, t.label.casefold()))


def grouped(complaints: QuerySet[Complaint], group: str) -> list[Total]:
    """Counts of ``complaints`` by organisation, category, month or week, largest
    first (periods in time order), one grouped query plus the names."""
    if group in (MONTH, WEEK):
        tz = desk_time_zone()
        rows = (
            complaints.annotate(bucket=_TRUNC[group]("registered_at", tzinfo=tz))
            .values("bucket")
            .annotate(count=Count("pk"))
            .order_by("bucket")
        )
        return [Total(None, _local_date(r["bucket"], tz).isoformat(), r["count"]) for r in rows]
    column = "organisation_id" if group == "organisation" else "category_id"
    counts = dict(complaints.values_list(column).annotate(count=Count("pk")).order_by())
    if group == "organisation":
        names, _unused = _names(set(counts), set())
        return _totals(counts, names, _("No organisation"))
    _unused, names = _names(set(), set(counts))
    return _totals(counts, names, _("No category"))


def _local_date(value: datetime | date, tz) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value, tz).date() if timezone.is_aware(value) else value.date()
    return value


def _buckets(period: str, start: date, end: date) -> list[date]:
    """The first day of every period that overlaps ``start`` … ``end``."""
    current = start.replace(day=1) if period == MONTH else start - timedelta(start.weekday())
    out = []
    while current <= end:
        out.append(current)
        if period == WEEK:
            current += timedelta(days=7)
        else:
            current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def write_csv(report: CountsReport, out) -> None:
    """The counts as CSV: one row per period, organisation and category. Text cells a
    spreadsheet would run as a formula are defused."""
    writer = csv.writer(out)
    writer.writerow(
        [_("Period start"), _("Period"), _("Organisation"), _("Category"), _("Complaints")]
    )
    for period in report.periods:
        for row in period.rows:
            writer.writerow(
                [
                    period.start.isoformat(),
                    csv_cell(period.label),
                    csv_cell(row.organisation),
                    csv_cell(row.category),
                    str(row.count),
                ]
            )
    writer.writerow(["", csv_cell(_("Total")), "", "", str(report.total)])
