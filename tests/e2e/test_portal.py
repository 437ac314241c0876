"""The customer portal in a browser at phone width: search, read an article, say it did
not help, start a ticket and see suggestions appear while typing, then send it — all with
the keyboard."""

import os
import re

import pytest
from playwright.sync_api import expect

from loket.accounts.models import Role
from loket.accounts.services import create_user
from loket.knowledge import services as knowledge

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("LOKET_SCREENSHOTS", "")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/portal-{name}.png", full_page=True)


@pytest.fixture
def printer_article(transactional_db, categories):
    author = create_user(username="writer", role=Role.ADMIN, password="pw")
    article = knowledge.create_article(
        acting_user=author,
        translations={
            "en": {
                "title": "Printer prints blank pages",
                "summary": "Usually an empty toner cartridge.",
                "body": "1. Open the **front cover**.\n2. Replace the toner cartridge.",
            }
        },
        audience="public",
        category=categories["printing"],
    )
    return knowledge.publish_article(article, acting_user=author)


def log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.press("#id_password", "Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def tab_to(page, locator, limit=40):
    """Press Tab until ``locator`` has the focus: the page must be reachable by keyboard."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError("could not reach the element with Tab")


def test_customer_searches_reads_and_opens_a_ticket_on_a_phone(
    live_server, new_page, chris, default_policy, printer_article
):
    chris.language = "en"
    chris.save(update_fields=["language"])
    base = live_server.url
    page = new_page(width=375, height=740)
    log_in(page, base, "chris")
    page.goto(f"{base}/portal/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "home")

    # Search as you type: results appear without a page load.
    search = page.get_by_label("Search the help articles")
    search.focus()
    search.press_sequentially("printer bla", delay=30)
    result = page.locator("#results a", has_text="Printer prints blank pages")
    expect(result).to_be_visible()
    shot(page, "search")
    tab_to(page, result)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Printer prints blank pages")
    expect(page.locator(".article-body strong")).to_have_text("front cover")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "article")

    # "Did this help?": no, with a comment.
    page.get_by_label("Anything to add? (optional)").fill("There is no front cover")
    no = page.get_by_role("button", name="No", exact=True)
    tab_to(page, no)
    page.keyboard.press("Enter")
    expect(page.locator("#feedback")).to_contain_text("Thank you for your feedback")
    shot(page, "feedback")

    # A new ticket: suggestions appear while typing.
    page.goto(f"{base}/portal/tickets/new/")
    subject = page.get_by_label("Subject")
    subject.focus()
    subject.press_sequentially("My printer prints blank pages", delay=20)
    suggestion = page.locator("#suggestions a", has_text="Printer prints blank pages")
    expect(suggestion).to_be_visible()
    expect(page.locator("#suggestions")).to_contain_text("This solved my problem")
    expect(page.locator("#suggestion-hint")).to_contain_text("1 article may solve this")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "new-ticket")
    page.get_by_label("Description").fill("Every page comes out white since this morning.")
    send = page.get_by_role("button", name="Send my ticket")
    send.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#ticket-status")).to_have_text("We have received your request")
    expect(page.locator("#ticket-expectation")).to_contain_text("We aim to solve it by")
    shot(page, "ticket")

    page.goto(f"{base}/portal/tickets/")
    expect(
        page.get_by_role("link", name=re.compile("My printer prints blank pages"))
    ).to_be_visible()
    shot(page, "tickets")
