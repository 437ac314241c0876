"""The SLA clock in a browser: the panel on the ticket page and the column in the queue,
on a desktop and on a phone. Screenshots go to /tmp/sla-ui-*.png for a human look."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from loket.sla.models import Calendar, SlaPolicy, SlaTarget
from loket.tickets.models import EventKind, Status, TimelineEvent
from loket.tickets.services import add_reply, change_status, create_ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.press("#id_password", "Enter")
    expect(page.locator("button", has_text="Log out")).to_be_attached()


@pytest.fixture
def round_the_clock(transactional_db):
    """A 24/7 policy first in line, so the numbers follow the wall clock."""
    calendar = Calendar.objects.create(name="E2E 24/7", always_open=True)
    policy = SlaPolicy.objects.create(name="Round the clock", position=0, calendar=calendar)
    SlaTarget.objects.create(
        policy=policy,
        priority="P4",
        first_response_minutes=60,
        next_response_minutes=120,
        resolution_minutes=8 * 60,
    )
    return policy


@pytest.fixture
def desk(round_the_clock, anna, teams, contact_a):
    """Unassigned first-line tickets in every state, and one with a history."""
    now = timezone.now()
    ago = lambda minutes: now - timedelta(minutes=minutes)  # noqa: E731

    def make(subject, minutes):
        return create_ticket(
            acting_user=anna,
            subject=subject,
            team=teams["first"],
            contact=contact_a,
            channel="email",
            now=ago(minutes),
        )

    make("Keyboard missing keys", 10)
    make("Shared drive is slow since the update", 50)
    make("Mailbox full", 90)
    waiting = make("New phone for reception", 30)
    change_status(waiting, to=Status.WAITING_CUSTOMER, acting_user=anna, version=None, now=ago(20))
    vpn = make("VPN drops every hour for the whole sales team", 180)
    add_reply(vpn, body="Which client version?", acting_user=anna, version=None, now=ago(170))
    change_status(vpn, to=Status.WAITING_CUSTOMER, acting_user=anna, version=None, now=ago(165))
    change_status(vpn, to=Status.OPEN, acting_user=anna, version=None, now=ago(45))
    TimelineEvent.objects.create(
        ticket=vpn,
        kind=EventKind.SLA,
        created_at=ago(5),
        data={"target": "resolution", "action": "warning", "cycle": 0, "due_at": None},
    )
    anna.language = "en"
    anna.save(update_fields=["language"])
    return vpn


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_clock_panel_and_time_left_column_are_visible(live_server, new_page, desk, size):
    viewport = DESKTOP if size == "desktop" else PHONE
    page = new_page(**viewport)
    base = live_server.url
    log_in(page, base, "anna")

    page.goto(f"{base}/tickets/?tab=unassigned")
    rows = page.locator("table.tickets tbody tr")
    expect(rows).to_have_count(5)
    # Due first: the overdue ticket on top, the paused one last.
    expect(rows.first).to_contain_text("Mailbox full")
    expect(rows.first).to_contain_text("breached")
    expect(rows.last).to_contain_text("New phone for reception")
    expect(rows.last).to_contain_text("paused")
    shown = rows.nth(1).locator(".sla-col .sla" if size == "desktop" else ".sla-inline .sla")
    expect(shown).to_be_visible()
    expect(shown).to_contain_text(re.compile(r"\d+ min"))
    page.screenshot(path=f"/tmp/sla-ui-queue-{size}.png", full_page=True)

    page.get_by_role("link", name=re.compile("VPN drops")).first.click()
    clock = page.locator("#sla-clock")
    expect(clock).to_be_visible()
    expect(clock).to_contain_text("Round the clock")
    expect(clock).to_contain_text("First response")
    expect(clock).to_contain_text("Resolution")
    expect(clock).to_contain_text(re.compile(r"left of 8 h"))
    # On a phone the clock comes right after the header, before the composer.
    clock_top = clock.bounding_box()["y"]
    assert clock_top < page.locator(".composer").bounding_box()["y"] or size == "desktop"
    assert clock_top < 700
    page.locator("#sla-explain summary").click()
    expect(page.locator("#sla-explain")).to_contain_text("while “waiting on customer”")
    expect(page.locator("#timeline")).to_contain_text("Warning: resolution at 75 %.")
    page.screenshot(path=f"/tmp/sla-ui-ticket-{size}.png", full_page=True)

    # The panel refreshes itself (every minute; here at once); the explanation stays open.
    page.evaluate(
        "var el = document.getElementById('sla-clock');"
        "el.dataset.old = 'yes'; htmx.trigger(el, 'loket:refresh');"
    )
    expect(page.locator("#sla-clock:not([data-old])")).to_be_visible()
    expect(page.locator("#sla-explain")).to_have_attribute("open", "")

    # A paused ticket says so, with the reason, in the panel and in the queue.
    page.goto(f"{base}/tickets/?tab=unassigned&sla=breached")
    expect(page.locator("table.tickets tbody tr")).to_have_count(1)
    page.goto(f"{base}/tickets/?tab=unassigned")
    page.get_by_role("link", name=re.compile("New phone")).first.click()
    expect(clock.locator(".sla-state")).to_contain_text("Paused while “waiting on customer”")
    expect(clock).to_contain_text("No due time while the clock is paused.")
    page.screenshot(path=f"/tmp/sla-ui-ticket-paused-{size}.png", full_page=True)


def test_due_times_follow_the_viewers_time_zone(live_server, browser, desk):
    context = browser.new_context(timezone_id="America/New_York", locale="en-US")
    try:
        page = context.new_page()
        log_in(page, live_server.url, "anna")
        page.goto(f"{live_server.url}/tickets/{desk.number}/")
        due = page.locator("#sla-clock .sla-due time").last
        # Written for Brussels by the server, shown for New York by the browser.
        expect(due).to_have_attribute("data-localised", "true")
        expect(due).to_contain_text(re.compile(r"EST|EDT|GMT-[45]"))
    finally:
        context.close()
