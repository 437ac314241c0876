"""The journey of issue 2 §8: a call taken by first line, resolved by second line."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.press("#id_password", "Enter")
    expect(page.locator(".whoami")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name=re.compile("Log out|Afmelden|Déconnexion")).click()


def test_call_escalated_to_second_line_and_resolved(
    live_server, new_page, anna, sam, teams, contact_a, categories, solved_code
):
    base = live_server.url
    page = new_page()
    for user in (anna, sam):  # a stable interface language for the assertions below
        user.language = "en"
        user.save(update_fields=["language"])

    # Anna takes a call from a known contact.
    log_in(page, base, "anna")
    # The nav link carries accesskey N; headless Chromium ignores accesskeys, so go there
    # the other keyboard way: focus the link and press Enter.
    page.locator("nav.nav a[accesskey=n]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/tickets/new-call/"))
    search = page.locator("#caller-search")
    expect(search).to_be_focused()
    search.press_sequentially("0470 12 34 56", delay=20)
    expect(page.locator("#lookup [role=option]")).to_have_count(1)
    search.press("ArrowDown")
    search.press("Enter")
    expect(page.locator("#caller")).to_contain_text("Acme Logistics")
    expect(page.locator("#id_subject")).to_be_focused()

    page.keyboard.type("Cannot print to the floor printer")
    page.fill("#id_description", "Jobs stay in the queue since this morning.")
    page.select_option("#id_category", str(categories["printing"].pk))
    page.select_option("#id_impact", "1")
    page.select_option("#id_urgency", "2")
    expect(page.locator("#priority")).to_contain_text("P2")

    page.get_by_text("Create and escalate", exact=True).first.click()
    page.select_option("#id_escalate_team", str(teams["second"].pk))
    page.fill("#id_escalate_reason", "Print server needs a specialist")
    page.get_by_role("button", name="Create and escalate").click()

    expect(page.locator("#ticket-header")).to_contain_text("Werkplek 2de lijn")
    number = page.locator("#ticket-header .number").inner_text().strip()
    expect(page.locator("#timeline")).to_contain_text("Print server needs a specialist")
    expect(page.locator("#timeline")).to_contain_text("incoming call")
    log_out(page)

    # Sam finds it in his team's queue and resolves it.
    log_in(page, base, "sam")
    page.goto(f"{base}/tickets/?tab=teams")
    page.get_by_role("link", name=number).click()
    expect(page.locator("#ticket-header")).to_contain_text("Cannot print")
    page.locator("summary", has_text="Resolve").first.click()
    page.fill("#ticket details.action-resolve textarea[name=resolution]", "Restarted the spooler")
    page.select_option("#ticket details.action-resolve select[name=code]", str(solved_code.pk))
    page.locator("#ticket details.action-resolve button[type=submit]").click()
    expect(page.locator("#ticket-header")).to_contain_text("Resolved")
    log_out(page)

    # Anna sees it resolved.
    log_in(page, base, "anna")
    page.goto(f"{base}/tickets/?tab=raised&status=any&q={number}")
    expect(page.locator("#queue")).to_contain_text("Resolved")
    page.get_by_role("link", name=number).click()
    expect(page.locator("#ticket-header")).to_contain_text("Resolved")
    expect(page.locator("#timeline")).to_contain_text("Restarted the spooler")


def tab_to(page, selector, limit=40):
    """Press Tab until ``selector`` has the focus, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} was not reached with Tab")


def test_unknown_caller_created_and_helped_without_a_mouse(
    live_server, new_page, anna, org_a, solved_code
):
    anna.language = "en"
    anna.save(update_fields=["language"])
    page = new_page()
    log_in(page, live_server.url, "anna")
    page.goto(f"{live_server.url}/tickets/new-call/")

    # The search field has autofocus; type only once the browser has put the focus there.
    expect(page.locator("#caller-search")).to_be_focused()
    page.keyboard.type("0478 55 66 77")
    expect(page.locator("#lookup")).to_contain_text("Nobody found")
    expect(page.locator("#id_caller-phones")).to_have_value("0478 55 66 77")
    tab_to(page, "#id_caller-first_name")
    page.keyboard.type("Nora")
    page.keyboard.press("Tab")
    page.keyboard.type("Nieuwkomer")
    tab_to(page, "#id_caller-organisation")
    page.keyboard.press("ArrowDown")  # the first organisation: Acme Logistics
    tab_to(page, "#new-caller-submit")
    page.keyboard.press("Enter")
    expect(page.locator("#caller")).to_contain_text("Nora Nieuwkomer")
    expect(page.locator("#caller")).to_contain_text("+32 478 55 66 77")
    expect(page.locator("#id_subject")).to_be_focused()

    page.keyboard.type("How do I share my calendar?")
    tab_to(page, "#resolve-summary")
    page.keyboard.press("Enter")
    tab_to(page, "#id_resolution")
    page.keyboard.type("Explained calendar sharing step by step.")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # Enter inside the section submits that section

    expect(page.locator("#ticket-header")).to_contain_text("Resolved")
    expect(page.locator("#ticket-side-contact")).to_contain_text("Nora Nieuwkomer")
