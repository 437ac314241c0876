"""The SLA compliance report: numbers checked by hand, periods, filters, page, CSV.

The default policy "Standaard" applies (office hours in Brussels, Mon–Fri 08:00–17:00):
P1 first response 30 min, resolution 4 h; P4 first response 9 h, resolution 45 h. The
tickets come in by e-mail (a phone ticket is answered at once) and are built through the
services with ``now=``, which set the SLA outcome on each ticket.

    ticket  created (Brussels)   team       prio  first response      resolution
    jan-1   Mon 12 Jan 09:00     Eerstelijn  P4   10:00   met         Tue 13 Jan 10:00  met
    jan-2   Mon 12 Jan 09:00     Eerstelijn  P4   Wed 14 Jan  late    Mon 2 Feb 10:00   late
    jan-3   Mon 12 Jan 09:00     Eerstelijn  P4   —       undecided   —
    jan-4   Tue 13 Jan 09:00     Werkplek    P1   09:10   met         15:00 (6 h)       late
    feb-1   Sun 1 Feb 00:30      Eerstelijn  P4   Mon 08:30 met       —
    feb-2   Mon 2 Feb 09:00      Eerstelijn  P4   09:30   met         11:00             met
    mar-1   Mon 2 Mar 09:00      (no team)   P4   09:05   met         —

By month, 1 January – 31 March 2026:
    January   Eerstelijn P4  first response 1 of 2   resolution 1 of 1
              Werkplek   P1  first response 1 of 1   resolution 0 of 1
    February  Eerstelijn P4  first response 2 of 2   resolution 1 of 2 (jan-2 resolved in Feb)
    March     no team    P4  first response 1 of 1   resolution —
    Total                    first response 5 of 6   resolution 2 of 4
"""

import csv
import html
import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from loket.accounts.models import Team, TeamKind
from loket.sla.forms import default_range, today
from loket.sla.reports import MONTH, WEEK, Share, csv_cell, sla_compliance
from loket.tickets.models import Channel
from loket.tickets.services import add_reply, create_ticket, resolve_ticket

BRUSSELS = ZoneInfo("Europe/Brussels")
REPORT = reverse("sla:report")
CSV = reverse("sla:report_csv")
Q1 = {"start": "2026-01-01", "end": "2026-03-31"}


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BRUSSELS)


def text_of(page: str) -> str:
    """The page as a reader sees it: no tags, entities decoded, single spaces."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture
def desk(anna, sam, teams, contact_a, resolution_code):
    """The tickets of the table above; returns them by name."""

    def ticket(name, created, *, team=None, p1=False, reply=None, resolved=None, by=anna):
        t = create_ticket(
            acting_user=by,
            subject=f"Ticket {name}",
            contact=contact_a,
            channel=Channel.EMAIL,
            team=team,
            impact=1 if p1 else 3,
            urgency=1 if p1 else 3,
            now=created,
        )
        if reply:
            add_reply(t, body="We are on it.", acting_user=by, now=reply)
        if resolved:
            resolve_ticket(
                t, resolution="Done.", code=resolution_code, acting_user=by, version=None,
                now=resolved,
            )  # fmt: skip
        t.refresh_from_db()
        return t

    first, second = teams["first"], teams["second"]
    made = {
        "jan-1": ticket(
            "jan-1", at(1, 12, 9), team=first, reply=at(1, 12, 10), resolved=at(1, 13, 10)
        ),
        "jan-2": ticket(
            "jan-2", at(1, 12, 9), team=first, reply=at(1, 14, 9), resolved=at(2, 2, 10)
        ),
        "jan-3": ticket("jan-3", at(1, 12, 9), team=first),
        "jan-4": ticket(
            "jan-4",
            at(1, 13, 9),
            team=second,
            p1=True,
            reply=at(1, 13, 9, 10),
            resolved=at(1, 13, 15),
            by=sam,
        ),
        "feb-1": ticket("feb-1", at(2, 1, 0, 30), team=first, reply=at(2, 2, 8, 30)),
        "feb-2": ticket(
            "feb-2", at(2, 2, 9), team=first, reply=at(2, 2, 9, 30), resolved=at(2, 2, 11)
        ),
        "mar-1": ticket("mar-1", at(3, 2, 9), reply=at(3, 2, 9, 5)),
    }
    return made


def lines_of(report):
    """{(period start, team, priority): (first response, resolution)}"""
    return {
        (p.start, line.team, line.priority): (line.first_response, line.resolution)
        for p in report.periods
        for line in p.lines
    }


def test_the_services_set_the_outcomes_of_the_hand_built_desk(desk):
    """The premise of the numbers below: what the SLA engine decided for each ticket."""
    outcomes = {name: (t.sla_first_response_met, t.sla_resolution_met) for name, t in desk.items()}
    assert outcomes == {
        "jan-1": (True, True),
        "jan-2": (False, False),
        "jan-3": (None, None),
        "jan-4": (True, False),
        "feb-1": (True, None),
        "feb-2": (True, True),
        "mar-1": (True, None),
    }
    assert desk["jan-4"].priority == "P1"
    assert desk["jan-1"].priority == "P4"


def test_monthly_numbers_match_the_hand_count(desk):
    report = sla_compliance(start=date(2026, 1, 1), end=date(2026, 3, 31), period=MONTH)

    assert [p.start for p in report.periods] == [
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]
    assert lines_of(report) == {
        (date(2026, 1, 1), "Eerstelijn", "P4"): (Share(1, 2), Share(1, 1)),
        (date(2026, 1, 1), "Werkplek 2de lijn", "P1"): (Share(1, 1), Share(0, 1)),
        (date(2026, 2, 1), "Eerstelijn", "P4"): (Share(2, 2), Share(1, 2)),
        (date(2026, 3, 1), "No team", "P4"): (Share(1, 1), Share(0, 0)),
    }
    january = report.periods[0]
    assert (january.first_response, january.resolution) == (Share(2, 3), Share(1, 2))
    assert (report.first_response, report.resolution) == (Share(5, 6), Share(2, 4))
    assert round(report.first_response.percent, 1) == 83.3
    assert report.resolution.percent == 50
    assert Share(0, 0).percent is None


def test_periods_are_cut_at_midnight_in_brussels_not_utc(desk):
    """feb-1 was created on 1 February 00:30 in Brussels, still 31 January in UTC."""
    report = sla_compliance(start=date(2026, 1, 1), end=date(2026, 2, 28), period=MONTH)
    february = lines_of(report)[(date(2026, 2, 1), "Eerstelijn", "P4")]
    assert february[0] == Share(2, 2)


def test_weeks_start_on_monday_and_are_named_by_iso_week(desk):
    report = sla_compliance(start=date(2026, 1, 12), end=date(2026, 2, 8), period=WEEK)

    assert [p.start for p in report.periods] == [
        date(2026, 1, 12),
        date(2026, 1, 19),
        date(2026, 1, 26),
        date(2026, 2, 2),
    ]
    assert report.periods[0].label == "Week 3, 2026"
    lines = lines_of(report)
    assert lines[(date(2026, 1, 12), "Eerstelijn", "P4")] == (Share(1, 2), Share(1, 1))
    # Sunday 1 February belongs to the week of Monday 26 January.
    assert lines[(date(2026, 1, 26), "Eerstelijn", "P4")] == (Share(1, 1), Share(0, 0))
    assert lines[(date(2026, 2, 2), "Eerstelijn", "P4")] == (Share(1, 1), Share(1, 2))
    assert report.periods[1].lines == []  # a quiet week is still listed


def test_a_period_cut_by_the_range_counts_only_its_days_in_range(desk):
    report = sla_compliance(start=date(2026, 1, 13), end=date(2026, 1, 31), period=MONTH)
    (january,) = report.periods
    assert (january.first_day, january.last_day) == (date(2026, 1, 13), date(2026, 1, 31))
    # Only jan-4 was created on or after the 13th; jan-1 was resolved on the 13th.
    assert (january.first_response, january.resolution) == (Share(1, 1), Share(1, 2))


def test_filter_by_team(desk, teams):
    report = sla_compliance(start=date(2026, 1, 1), end=date(2026, 3, 31), team=teams["second"])
    assert lines_of(report) == {
        (date(2026, 1, 1), "Werkplek 2de lijn", "P1"): (Share(1, 1), Share(0, 1)),
    }


def test_filter_by_priority(desk):
    report = sla_compliance(start=date(2026, 1, 1), end=date(2026, 3, 31), priority="P4")
    assert (report.first_response, report.resolution) == (Share(4, 5), Share(2, 3))


def test_default_range_is_this_month_and_the_two_before():
    assert default_range(date(2026, 3, 17)) == (date(2026, 1, 1), date(2026, 3, 17))
    assert default_range(date(2026, 1, 5)) == (date(2025, 11, 1), date(2026, 1, 5))
    assert default_range(date(2026, 2, 28)) == (date(2025, 12, 1), date(2026, 2, 28))


# --- the page -------------------------------------------------------------------------


@pytest.fixture
def sofie_client(client, sofie):
    client.force_login(sofie)
    return client


def test_page_shows_percentages_with_counts_and_a_total(sofie_client, desk):
    response = sofie_client.get(REPORT, Q1)
    assert response.status_code == 200
    text = text_of(response.text)
    assert "January 2026" in text and "February 2026" in text and "March 2026" in text
    assert "Werkplek 2de lijn P1 100 % 1 of 1 0 % 0 of 1" in text
    assert "Eerstelijn P4 50 % 1 of 2 100 % 1 of 1" in text
    assert "No team P4 100 % 1 of 1 —" in text
    assert "Total 83.3 % 5 of 6 50 % 2 of 4" in text


def test_page_numbers_follow_the_readers_language(sofie_client, desk):
    sofie_client.post(reverse("set_language"), {"language": "nl"})
    response = sofie_client.get(REPORT, Q1)
    assert "83,3 %" in text_of(response.text)
    assert "januari 2026" in text_of(response.text)


def test_without_filters_the_page_shows_the_last_three_months(sofie_client, desk):
    response = sofie_client.get(REPORT)
    assert response.status_code == 200
    start, end = default_range(today())
    assert response.context["report"].start == start
    assert response.context["report"].end == end
    assert response.context["report"].period == MONTH


def test_htmx_filter_gets_only_the_report(sofie_client, desk, teams):
    response = sofie_client.get(
        REPORT, {**Q1, "team": teams["second"].pk}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="report"')
    assert "<html" not in response.text
    text = text_of(response.text)
    assert "Werkplek 2de lijn" in text and "Eerstelijn P4" not in text
    # The download link carries the same filters.
    assert f"team={teams['second'].pk}" in response.text
    assert "start=2026-01-01&amp;end=2026-03-31" in response.text


def test_an_empty_desk_reads_as_nothing_decided(sofie_client):
    response = sofie_client.get(REPORT, Q1)
    assert response.status_code == 200
    assert text_of(response.text).count("No decided tickets in this period.") == 3


@pytest.mark.parametrize(
    "params, message",
    [
        ({"start": "yesterday"}, "From: Enter a valid date."),
        ({"end": "2026-02-30"}, "Until: Enter a valid date."),
        ({"start": "2026-03-01", "end": "2026-01-01"}, "The start date must be on or before"),
        ({"period": "year"}, "Per: Select a valid choice."),
        ({"team": "abc"}, "Team: Select a valid choice."),
        ({"team": "999999"}, "Team: Select a valid choice."),
        ({"priority": "P9"}, "Priority: Select a valid choice."),
        ({"start": "0001-01-01", "end": "0001-01-31"}, "Choose dates between 1970-01-01"),
        ({"start": "9999-12-01", "end": "9999-12-31"}, "Choose dates between 1970-01-01"),
        ({"start": "2000-01-01", "end": "2026-01-01"}, "at most three years"),
        ({"start": "2026-01-01\x00"}, "From: Enter a valid date."),
    ],
)
def test_bad_filters_give_a_message_not_a_500(sofie_client, params, message):
    for url in (REPORT, CSV):
        response = sofie_client.get(url, params)
        assert response.status_code == 422
        assert response["Content-Type"].startswith("text/html")
        assert message in text_of(response.text)
    fragment = sofie_client.get(REPORT, params, headers={"HX-Request": "true"})
    assert fragment.status_code == 422  # htmx swaps it in (see base.html)
    assert 'role="alert"' in fragment.text


def test_page_query_count_does_not_grow_with_tickets(
    sofie_client, desk, teams, contact_a, anna, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9) as few:
        sofie_client.get(REPORT, Q1)
    for day in range(5, 10):
        t = create_ticket(
            acting_user=anna,
            subject="More",
            contact=contact_a,
            channel=Channel.EMAIL,
            team=teams["network"],
            now=at(3, day, 9),
        )
        add_reply(t, body="Hi", acting_user=anna, now=at(3, day, 10))
    with django_assert_max_num_queries(len(few)):
        response = sofie_client.get(REPORT, Q1)
    assert "Netwerk" in response.text


# --- CSV --------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # so that spreadsheets read it as UTF-8
    return list(csv.reader(io.StringIO(body[1:])))


def test_csv_holds_the_same_numbers_as_the_page(sofie_client, desk):
    response = sofie_client.get(CSV, Q1)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="sla-compliance-2026-01-01-2026-03-31.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == [
        "Period start",
        "Period",
        "Team",
        "Priority",
        "First response met",
        "First response decided",
        "First response met (%)",
        "Resolution met",
        "Resolution decided",
        "Resolution met (%)",
    ]
    assert rows[1:] == [
        ["2026-01-01", "January 2026", "Eerstelijn", "P4", "1", "2", "50.0", "1", "1", "100.0"],
        ["2026-01-01", "January 2026", "Werkplek 2de lijn", "P1", "1", "1", "100.0", "0", "1", "0.0"],
        ["2026-02-01", "February 2026", "Eerstelijn", "P4", "2", "2", "100.0", "1", "2", "50.0"],
        ["2026-03-01", "March 2026", "No team", "P4", "1", "1", "100.0", "0", "0", ""],
        ["", "Total", "", "", "5", "6", "83.3", "2", "4", "50.0"],
    ]  # fmt: skip


def test_csv_numbers_are_not_localised(sofie_client, desk):
    sofie_client.post(reverse("set_language"), {"language": "fr"})
    response = sofie_client.get(CSV, {**Q1, "period": "week"})
    assert response["Content-Language"] == "fr"
    rows = read_csv(response)
    assert rows[-1][-6:] == ["5", "6", "83.3", "2", "4", "50.0"]
    assert all("," not in cell for row in rows[1:] for cell in row[4:])


def test_csv_follows_the_filters(sofie_client, desk, teams):
    rows = read_csv(sofie_client.get(CSV, {**Q1, "team": teams["first"].pk, "priority": "P4"}))
    assert {row[2] for row in rows[1:-1]} == {"Eerstelijn"}
    assert rows[-1][4:] == ["3", "4", "75.0", "2", "3", "66.7"]


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x")', "+32 team", "-2 lijn", "@SUM(A1)", "\tTab", "\rCR"]
)
def test_csv_team_names_cannot_run_as_formulas(sofie_client, anna, contact_a, name):
    team = Team.objects.create(name=name, kind=TeamKind.SPECIALISED)
    t = create_ticket(
        acting_user=anna,
        subject="Formula",
        contact=contact_a,
        channel=Channel.EMAIL,
        team=team,
        now=at(1, 12, 9),
    )
    add_reply(t, body="Hi", acting_user=anna, now=at(1, 12, 10))
    rows = read_csv(sofie_client.get(CSV, Q1))
    assert rows[1][2] == f"'{name}"


def test_csv_cell_leaves_plain_text_alone():
    assert csv_cell("Eerstelijn") == "Eerstelijn"
    assert csv_cell("2de lijn") == "2de lijn"
    assert csv_cell(None) == ""
