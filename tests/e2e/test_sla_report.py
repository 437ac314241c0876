"""A supervisor reads the SLA report (filters by htmx, CSV download, a phone's width) and
works through her notifications with the keyboard.

Set LOKET_SCREENSHOTS=/some/dir to keep screenshots of the pages.
"""

import os
import re
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from loket.notifications.models import NotificationKind
from loket.notifications.services import notify
from loket.sla.reports import desk_time_zone
from loket.tickets.models import Channel
from loket.tickets.services import add_reply, create_ticket, resolve_ticket
from tests.e2e.test_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("LOKET_SCREENSHOTS")

# (team, impact × urgency, minutes to answer, minutes to resolve); None: not (yet) done
PATTERNS = [
    ("first", (3, 3), 20, 240),
    ("first", (2, 2), 30, 3000),
    ("second", (1, 1), 10, 180),
    ("second", (1, 1), 45, 400),
    ("network", (2, 3), 300, None),
    ("first", (3, 3), 2000, 4000),
    (None, (3, 3), 15, 60),
    ("network", (1, 2), 50, 1200),
]


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"sla-report-{name}.png"), full_page=True)


def build_desk(staff, teams, contact, code) -> list:
    """Tickets on the weekdays of the last ten weeks, answered and resolved at varied
    speeds (by the services, so the SLA outcome is set on each)."""
    tz = desk_time_zone()
    now = timezone.now()
    tickets = []
    for day in range(1, 75):
        moment = datetime.combine(timezone.localdate() - timedelta(days=day), time(9), tzinfo=tz)
        if moment.weekday() >= 5:
            continue
        team, (impact, urgency), answer, resolve = PATTERNS[day % len(PATTERNS)]
        ticket = create_ticket(
            acting_user=staff,
            subject=f"Request {day}",
            contact=contact,
            channel=Channel.EMAIL,
            team=teams[team] if team else None,
            impact=impact,
            urgency=urgency,
            now=moment,
        )
        if answer and moment + timedelta(minutes=answer) < now:
            add_reply(
                ticket, body="On it.", acting_user=staff, now=moment + timedelta(minutes=answer)
            )
        if resolve and moment + timedelta(minutes=resolve) < now:
            resolve_ticket(
                ticket, resolution="Done.", code=code, acting_user=staff, version=None,
                now=moment + timedelta(minutes=resolve),
            )  # fmt: skip
        tickets.append(ticket)
    return tickets


def test_supervisor_reads_the_report_and_her_notifications(
    live_server, new_page, default_policy, sofie, anna, teams, contact_a, solved_code
):
    sofie.language = "en"
    sofie.save(update_fields=["language"])
    tickets = build_desk(anna, teams, contact_a, solved_code)
    due = (timezone.now() + timedelta(minutes=20)).isoformat()
    for ticket, kind, escalated in [
        (tickets[0], NotificationKind.SLA_WARNING, None),
        (tickets[1], NotificationKind.SLA_BREACH, "Werkplek 2de lijn"),
        (tickets[2], NotificationKind.SLA_WARNING, None),
    ]:
        notify(
            [sofie],
            kind=kind,
            ticket=ticket,
            data={"target": "first_response", "number": ticket.number,
                  "subject": "Printer on floor 2 prints blank pages", "due_at": due,
                  "escalated_to": escalated},
        )  # fmt: skip
    base = live_server.url
    page = new_page()
    problems = []  # script errors and Content-Security-Policy refusals
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if "Refused" in m.text else None)
    log_in(page, base, "sofie")

    # The report from the navigation, by keyboard.
    page.locator("nav.nav a[accesskey=r]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/reports/sla-compliance/$"))
    report = page.locator("#report")
    expect(report.locator("tfoot")).to_contain_text("Total")
    expect(report).to_contain_text("Werkplek 2de lijn")
    expect(report).to_contain_text("Eerstelijn")
    shoot(page, "desktop")

    # A filter swaps the report in place: no page load, the address follows.
    page.evaluate("window.stayedOnPage = true")
    page.select_option("#id_team", label="Werkplek 2de lijn")
    expect(page).to_have_url(re.compile(f"team={teams['second'].pk}"))
    expect(report.locator("table")).not_to_contain_text("Eerstelijn")
    page.select_option("#id_period", "week")
    expect(report).to_contain_text("Week ")
    assert page.evaluate("window.stayedOnPage") is True

    with page.expect_download() as download:
        report.get_by_role("link", name="Download CSV").click()
    assert re.fullmatch(r"sla-compliance-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv",
                        download.value.suggested_filename)  # fmt: skip

    page.fill("#id_start", "2026-03-01")
    page.fill("#id_end", "2026-01-01")
    page.locator("#id_end").press("Enter")
    expect(report.get_by_role("alert")).to_contain_text("start date must be on or before")

    # On a phone's width the table stays readable.
    phone = new_page()
    log_in(phone, base, "sofie")
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(f"{base}/reports/sla-compliance/")
    expect(phone.locator("#report tfoot")).to_contain_text("Total")
    shoot(phone, "phone")

    # Notifications: the bell counts them; marking one read moves the focus to its link.
    bell = page.locator("#notification-badge")
    expect(bell.locator(".bell-count")).to_have_text("3")
    bell.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/notifications/$"))
    items = page.locator("li.notification")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text("SLA warning:")
    expect(page.locator("#notifications")).to_contain_text("escalated to Werkplek 2de lijn")
    shoot(page, "notifications")
    button = items.nth(0).get_by_role("button", name=re.compile("Mark as read"))
    button.focus()
    page.keyboard.press("Enter")
    expect(bell.locator(".bell-count")).to_have_text("2")
    expect(items.nth(0).locator("a")).to_be_focused()
    expect(items.nth(0)).not_to_have_class(re.compile("unread"))
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("status")).to_contain_text("All notifications are marked as read.")
    expect(bell.locator(".bell-count")).to_have_count(0)
    shoot(page, "notifications-read")
    assert problems == [], problems
