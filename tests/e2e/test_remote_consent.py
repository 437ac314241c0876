"""Browser journey: an agent asks consent by link, the contact agrees on their phone, the
agent's panel notices by itself, and the agent logs and ends a session."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def ticket(make_ticket, anna, teams, contact_a):
    return make_ticket(
        anna,
        subject="Outlook keeps asking for the password",
        team=teams["first"],
        assignee=anna,
        contact=contact_a,
    )


@pytest.fixture
def remote_tools(db):
    """The tools of migration remote 0002 (a transactional test's flush removes them)."""
    importlib.import_module("loket.remote.migrations.0002_default_tools").create(django_apps, None)


@pytest.fixture
def english_anna(anna):
    anna.language = "en"  # a stable interface language for the assertions
    anna.save(update_fields=["language"])
    return anna


def log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.press("#id_password", "Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_consent_by_link_then_a_session(
    live_server,
    new_page,
    settings,
    english_anna,
    ticket,
    remote_tools,
):
    settings.SITE_URL = live_server.url
    base = live_server.url
    agent = new_page()
    log_in(agent, base, "anna")
    agent.goto(f"{base}/tickets/{ticket.number}/")
    panel = agent.locator("#remote-panel")
    expect(panel.get_by_text("Read this to the caller")).to_be_hidden()
    panel.locator("summary", has_text="Ask consent").click()
    expect(panel.get_by_text("Read this to the caller")).to_be_visible()
    panel.get_by_role("button", name="Send consent link by e-mail").click()
    expect(panel.get_by_text("Waiting for the contact…")).to_be_visible()

    link = re.search(r"http://\S+/remote/consent/\S+/", mail.outbox[-1].body)[0]
    contact = new_page(390, 844)
    contact.goto(link)
    expect(contact.locator("html")).to_have_attribute("lang", "nl")
    # The contact (Dutch) reads and answers in Dutch.
    contact.get_by_role("button", name="Ik ga akkoord", exact=True).click()
    expect(contact.get_by_role("button", name="Mijn toestemming intrekken")).to_be_visible()

    # The agent's panel polls every 5 seconds and redraws the ticket on its own.
    expect(agent.get_by_text("The contact gave consent.")).to_be_visible(timeout=12_000)
    panel = agent.locator("#remote-panel")
    panel.get_by_label("Session reference").fill("482 913")
    panel.get_by_role("button", name="Start remote session").click()
    expect(agent.get_by_text("The remote session was started.")).to_be_visible()
    agent.locator("#remote-panel").get_by_role("button", name="End session").click()
    expect(agent.get_by_text("The remote session was ended.")).to_be_visible()
    expect(agent.locator("#timeline")).to_contain_text("via the link")


def test_verbal_consent_needs_the_tick(
    live_server,
    new_page,
    english_anna,
    ticket,
    remote_tools,
):
    base = live_server.url
    page = new_page()
    log_in(page, base, "anna")
    page.goto(f"{base}/tickets/{ticket.number}/")
    panel = page.locator("#remote-panel")
    panel.locator("summary", has_text="Ask consent").click()
    panel.get_by_label("Tool").select_option(label="AnyDesk")
    expect(page.locator("#remote-panel .remote-text")).to_contain_text("AnyDesk")
    page.locator("#remote-panel").get_by_label(
        "I read this text to the caller and they agreed"
    ).check()
    page.locator("#remote-panel").get_by_role("button", name="Record consent").click()
    expect(page.get_by_text("The consent was recorded.")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("given verbally")
