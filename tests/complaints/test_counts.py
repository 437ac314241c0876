"""Complaints counted per organisation, category and period, grouped by the database,
and the CSV export."""

import io
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.complaints import counts
from loket.complaints.models import Complaint

pytestmark = pytest.mark.django_db

JANUARY = datetime(2026, 1, 14, 9, 0, tzinfo=UTC)
FEBRUARY = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)
# 23:30 UTC on 31 March is already 1 April in Brussels: it counts for April.
LATE_MARCH = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)


@pytest.fixture
def spread(make_ticket, register, anna, contact_a, contact_b, categories, teams):
    """Acme: two printing complaints in January, one account complaint in February;
    Brouwerij: one account complaint in February and one at the turn of April."""

    def complain(contact, category, when):
        ticket = make_ticket(
            anna, contact=contact, category=category, team=teams["first"], assignee=anna
        )
        return register(ticket, now=when).complaint

    return [
        complain(contact_a, categories["printing"], JANUARY),
        complain(contact_a, categories["printing"], JANUARY),
        complain(contact_a, categories["account"], FEBRUARY),
        complain(contact_b, categories["account"], FEBRUARY),
        complain(contact_b, None, LATE_MARCH),
    ]


def report(**filters):
    filters.setdefault("start", date(2026, 1, 1))
    filters.setdefault("end", date(2026, 4, 30))
    return counts.complaint_counts(Complaint.objects.all(), **filters)


def test_counts_per_organisation(spread):
    totals = {t.label: t.count for t in report().by_organisation}
    assert totals == {"Acme Logistics": 3, "Brouwerij Bertem": 2}


def test_counts_per_category(spread):
    totals = {t.label: t.count for t in report().by_category}
    assert totals == {"Hardware › Printing": 2, "Account & access": 2, "No category": 1}


def test_counts_per_month_in_the_desk_time_zone(spread):
    periods = {p.start: p.total for p in report().periods}
    assert periods == {
        date(2026, 1, 1): 2,
        date(2026, 2, 1): 2,
        date(2026, 3, 1): 0,
        date(2026, 4, 1): 1,
    }


def test_counts_per_week(spread):
    weeks = {p.start: p.total for p in report(period="week").periods if p.total}
    assert weeks == {date(2026, 1, 12): 2, date(2026, 2, 9): 2, date(2026, 3, 30): 1}


def test_rows_per_period_organisation_and_category(spread):
    january = report().periods[0]
    assert [(r.organisation, r.category, r.count) for r in january.rows] == [
        ("Acme Logistics", "Hardware › Printing", 2)
    ]


def test_filters(spread, org_b, categories):
    assert report(organisation=org_b).total == 2
    # A parent category counts its sub-categories.
    assert report(category=categories["hardware"]).total == 2
    assert report(status="unfinished").total == 5
    assert report(status="closed").total == 0
    assert report(start=date(2026, 2, 1), end=date(2026, 2, 28)).total == 2


def test_grouping_is_done_by_the_database(spread):
    with CaptureQueriesContext(connection) as queries:
        report()
    # The grouped counts, the organisation names, the category names.
    assert len(queries) == 3


def test_grouped_for_the_api(spread):
    complaints = Complaint.objects.all()
    assert [(t.label, t.count) for t in counts.grouped(complaints, "organisation")] == [
        ("Acme Logistics", 3),
        ("Brouwerij Bertem", 2),
    ]
    assert [(t.label, t.count) for t in counts.grouped(complaints, "month")] == [
        ("2026-01-01", 2),
        ("2026-02-01", 2),
        ("2026-04-01", 1),
    ]


def test_the_csv_has_one_row_per_period_organisation_and_category(spread):
    out = io.StringIO()
    counts.write_csv(report(), out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Period start,Period,Organisation,Category,Complaints"
    assert "2026-01-01,January 2026,Acme Logistics,Hardware › Printing,2" in lines
    assert lines[-1] == ",Total,,,5"


def test_the_csv_defuses_formulas(make_ticket, register, anna):
    from loket.directory.services import create_organisation

    evil = create_organisation(name='=HYPERLINK("http://x")')
    ticket = make_ticket(anna, organisation=evil, assignee=anna)
    register(ticket, now=JANUARY)
    out = io.StringIO()
    counts.write_csv(report(), out)
    assert "'=HYPERLINK" in out.getvalue()
    assert ",=HYPERLINK" not in out.getvalue()
