"""Suggestions while typing: the agent sees the matching known problem and article appear
in the new-call workspace without a reload, then links a ticket to the problem."""

import re

import pytest
from playwright.sync_api import expect

from loket.knowledge import services as knowledge
from loket.problems import services as problems
from tests.e2e.test_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def vpn_desk(anna, sofie, teams, contact_b):
    for user in (anna, sofie):
        user.language = "en"
        user.save(update_fields=["language"])
    article = knowledge.create_article(
        acting_user=anna,
        audience="public",
        translations={
            "en": {
                "title": "Reconnect the VPN client",
                "summary": "What to do when the VPN drops.",
                "body": "Open the VPN client, choose the backup gateway and reconnect.",
            },
            "fr": {
                "title": "Reconnecter le client VPN",
                "summary": "Que faire quand le VPN se coupe.",
                "body": "Ouvrez le client VPN, choisissez la passerelle de secours.",
            },
        },
    )
    knowledge.publish_article(article, acting_user=sofie)
    problem = problems.create_problem(
        acting_user=sofie,
        title="VPN gateway drops connections",
        symptoms="The VPN connection drops every few minutes.",
        workaround="Connect to the backup gateway vpn2.example.",
        status="known_error",
        public_notice=True,
        notices={"en": "The VPN drops now and then; we are on it."},
    )
    for subject in ("Laptop will not boot", "Mailbox is full", "Screen flickers"):
        from loket.tickets.services import create_ticket

        create_ticket(acting_user=anna, subject=subject, team=teams["first"], assignee=anna)
    return {"article": article, "problem": problem}


def test_agent_sees_suggestions_while_typing_and_links_a_ticket_to_the_problem(
    live_server, new_page, anna, contact_b, vpn_desk, settings
):
    # Counts are not kept here: the ticket made below must count as a similar one at
    # once (kept, a zero would hide it from similar tickets for up to a minute).
    settings.SEARCH_DF_CACHE_SECONDS = 0
    base = live_server.url
    page = new_page(1280, 900)
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, base, "anna")
    page.goto(f"{base}/tickets/new-call/")
    expect(page.locator(".known-outages")).to_contain_text("The VPN drops now and then")
    panel = page.locator("#suggestions")
    expect(panel).to_contain_text("while you type")
    url_before = page.url

    page.locator("#id_subject").press_sequentially("VPN keeps dropping", delay=15)
    expect(panel.locator(".sugg-problem").first).to_contain_text("VPN gateway drops connections")
    expect(panel.locator(".sugg-article").first).to_contain_text("Reconnect the VPN client")
    expect(panel.locator(".sugg-problem").first).to_contain_text("vpn2.example")
    assert page.url == url_before  # no reload: the subject keeps what was typed
    expect(page.locator("#id_subject")).to_have_value("VPN keeps dropping")
    page.screenshot(path="/tmp/sugg-workspace-1280.png", full_page=True)

    # The ticket is created without a link; on its page the panel offers the problem.
    page.locator("#caller-search").fill("Dubois")
    expect(page.locator("#lookup [role=option]")).to_have_count(1)
    page.locator("#lookup [role=option]").first.click()
    expect(page.locator("#caller")).to_contain_text("Brouwerij")
    page.get_by_role("button", name="Create", exact=True).click()
    expect(page.locator("#ticket-header")).to_contain_text("VPN keeps dropping")

    side = page.locator("#suggestions")
    expect(side.locator(".sugg-problem").first).to_contain_text("VPN gateway drops connections")
    side.get_by_role("button", name="Link to this problem").first.click()
    expect(page.locator("#timeline")).to_contain_text("Linked to the known problem")
    expect(page.locator("#ticket-problem")).to_contain_text("VPN gateway drops connections")
    expect(page.locator("#suggestions")).to_contain_text("Linked to this ticket")
    page.screenshot(path="/tmp/sugg-ticket-1280.png", full_page=True)

    # The same pages on a phone.
    number = page.locator("#ticket-header .number").inner_text().strip()
    phone = new_page(375, 800)
    phone.goto(f"{base}/login/")  # log_in() waits for the name, hidden on a phone
    phone.fill("#id_username", "anna")
    phone.fill("#id_password", "pw")
    phone.press("#id_password", "Enter")
    expect(phone.locator("form[action='/logout/']")).to_have_count(1)
    phone.goto(f"{base}/tickets/new-call/")
    phone.locator("#id_subject").press_sequentially("VPN drops", delay=15)
    expect(phone.locator("#suggestions .sugg-problem").first).to_be_visible()
    # The known problem, the article, and the ticket just made as a similar one.
    expect(phone.locator("#sugg-jump")).to_contain_text("3 suggestions below")
    expect(phone.locator("#suggestions .sugg-tickets")).to_contain_text(number)
    phone.locator("#sugg-jump").click()
    expect(phone.locator("#suggestions .sugg-problem").first).to_be_in_viewport()
    phone.screenshot(path="/tmp/sugg-workspace-375.png", full_page=True)
    phone.goto(f"{base}/tickets/{number}/")
    expect(phone.locator("#suggestions .sugg").first).to_be_visible()
    phone.screenshot(path="/tmp/sugg-ticket-375.png", full_page=True)
    assert re.search(r"/tickets/\d{4}-\d+/", phone.url)
