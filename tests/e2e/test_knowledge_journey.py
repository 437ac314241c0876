"""The browser journey of issue 4: a customer searches the portal without finding an
answer and opens a ticket; an agent sees the suggestions, sends an article and links the
ticket to the known problem; a supervisor resolves the problem and the customer reads,
in the portal, that the ticket is solved."""

import re

import pytest
from playwright.sync_api import expect

from loket.knowledge import services as knowledge
from loket.problems import services as problems
from loket.problems.models import ProblemStatus
from loket.tickets.models import Channel, Status, Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROBLEM_TITLE = "VPN drops after Tuesday's update"
ARTICLE_NL = "VPN-client opnieuw installeren na de update"
RESOLUTION = "The VPN gateway was rolled back; reconnect and it stays up."


def shot(page, name):
    page.screenshot(path=f"/tmp/journey-{name}.png", full_page=True)


def log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.press("#id_password", "Enter")
    expect(page.get_by_role("button", name=re.compile("Log out|Afmelden"))).to_be_attached()


@pytest.fixture
def vpn_outage(anna, sofie, chris, teams, default_policy, solved_code):
    """A public article about re-installing the VPN client, in three languages, and an
    active known problem with a notice on the portal."""
    for user in (anna, sofie):  # a stable interface language for the staff's steps
        user.language = "en"
        user.save(update_fields=["language"])
    article = knowledge.create_article(
        acting_user=anna,
        audience="public",
        translations={
            "nl": {
                "title": ARTICLE_NL,
                "summary": "Na de update van dinsdag moet de VPN-client opnieuw geïnstalleerd worden.",
                "body": "1. Verwijder de VPN-client.\n2. Installeer de nieuwe versie uit het softwarecentrum.",
            },
            "fr": {
                "title": "Réinstaller le client VPN après la mise à jour",
                "summary": "Après la mise à jour de mardi, réinstallez le client VPN.",
                "body": "1. Supprimez le client VPN.\n2. Installez la nouvelle version.",
            },
            "en": {
                "title": "Re-install the VPN client after the update",
                "summary": "After Tuesday's update the VPN client must be re-installed.",
                "body": "1. Remove the VPN client.\n2. Install the new version from the software centre.",
            },
        },
    )
    knowledge.publish_article(article, acting_user=sofie)
    problem = problems.create_problem(
        acting_user=sofie,
        title=PROBLEM_TITLE,
        symptoms="The VPN connection drops every few minutes since Tuesday's update.",
        workaround="Re-install the VPN client.",
        status="known_error",
        public_notice=True,
        notices={
            "nl": "De VPN valt soms weg sinds de update van dinsdag. We werken eraan.",
            "fr": "Le VPN se coupe depuis la mise à jour de mardi. Nous y travaillons.",
            "en": "The VPN drops now and then since Tuesday's update. We are on it.",
        },
        article=article,
    )
    return {"article": article, "problem": problem}


def test_customer_ticket_gets_an_article_and_is_solved_with_the_known_problem(
    live_server, new_page, chris, vpn_outage, settings
):
    base = live_server.url
    settings.SITE_URL = base  # the article link in the reply leads to this server
    problem = vpn_outage["problem"]
    assert chris.language == "nl"

    # 1. Chris: the outage notice, a search without answer, then a ticket.
    customer = new_page()
    log_in(customer, base, "chris")
    expect(customer).to_have_url(re.compile("/portal/"))
    outages = customer.locator(".portal-outages")
    expect(outages).to_contain_text(PROBLEM_TITLE)
    expect(outages).to_contain_text("De VPN valt soms weg")
    customer.locator("#portal-q").fill("koffiemachine lekt water")
    customer.locator("#portal-q").press("Enter")
    results = customer.locator("#results")
    expect(results.locator(".empty")).to_be_visible()
    expect(results.locator(".article-list")).to_have_count(0)
    shot(customer, "1-portal-no-results")

    customer.locator("#results a.button").click()  # "Still stuck? Open a ticket"
    expect(customer).to_have_url(re.compile("/portal/tickets/new/"))
    subject = customer.locator("#id_subject")
    subject.fill("")
    subject.press_sequentially("VPN valt steeds weg", delay=10)
    customer.locator("#id_description").fill(
        "Sinds dinsdag valt de VPN om de paar minuten weg, ook thuis. Printen lukt dan ook niet."
    )
    expect(customer.locator("#suggestions")).not_to_contain_text("Suggestions appear here")
    shot(customer, "1-portal-new-ticket")
    customer.locator("#new-ticket-form button[type=submit]").click()
    expect(customer.locator("#ticket-header h1")).to_have_text("VPN valt steeds weg")
    number = customer.locator("#ticket-header .number").inner_text().strip()
    ticket = Ticket.objects.get(number=number)
    assert ticket.channel == Channel.PORTAL
    assert ticket.contact_id == chris.contact_id
    customer.goto(f"{base}/portal/tickets/")
    expect(customer.locator(".portal-ticket", has_text=number)).to_contain_text(
        "VPN valt steeds weg"
    )
    shot(customer, "1-portal-my-tickets")

    # 2. Anna: suggestions on the ticket, send the article, link the problem.
    agent = new_page(1366, 900)
    agent.on("dialog", lambda dialog: dialog.accept())
    log_in(agent, base, "anna")
    agent.goto(f"{base}/tickets/{number}/")
    expect(agent.locator("#ticket-header")).to_contain_text("VPN valt steeds weg")
    panel = agent.locator("#suggestions")
    article_row = panel.locator(".sugg-article", has_text=ARTICLE_NL)
    problem_row = panel.locator(".sugg-problem", has_text=PROBLEM_TITLE)
    expect(article_row).to_be_visible()
    expect(problem_row).to_be_visible()
    shot(agent, "2-agent-suggestions")

    article_row.get_by_role("button", name="Send to customer").click()
    reply = agent.locator("#timeline").get_by_text(ARTICLE_NL)
    expect(reply.first).to_be_visible()
    expect(agent.locator("#timeline")).to_contain_text(f"/portal/kb/{vpn_outage['article'].pk}/")
    panel.locator(".sugg-problem", has_text=PROBLEM_TITLE).get_by_role(
        "button", name="Link to this problem"
    ).click()
    expect(agent.locator("#ticket-problem")).to_contain_text(PROBLEM_TITLE)
    expect(agent.locator("#timeline")).to_contain_text("Linked to the known problem")
    shot(agent, "2-agent-linked")

    # 3. Sofie resolves the problem, with its open tickets and telling the customers.
    supervisor = new_page(1366, 900)
    log_in(supervisor, base, "sofie")
    supervisor.goto(f"{base}/problems/{problem.pk}/")
    expect(supervisor.locator("h1")).to_contain_text(PROBLEM_TITLE)
    supervisor.get_by_role("link", name="Resolve", exact=True).click()
    expect(supervisor.locator(".affected")).to_contain_text("1 linked ticket is open")
    supervisor.get_by_label("Resolution").fill(RESOLUTION)
    expect(supervisor.get_by_label("Resolve the linked open tickets")).to_be_checked()
    expect(supervisor.get_by_label("Tell their customers the problem is solved")).to_be_checked()
    shot(supervisor, "3-supervisor-resolve")
    supervisor.get_by_role("button", name="Resolve problem").click()
    expect(supervisor).to_have_url(re.compile(rf"/problems/{problem.pk}/$"))
    expect(supervisor.locator("main")).to_contain_text(RESOLUTION)
    shot(supervisor, "3-supervisor-resolved")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED

    # 4. Chris: his ticket reads solved, with the article and the resolution notice.
    customer.reload()
    row = customer.locator(".portal-ticket", has_text=number)
    expect(row.locator(".badge")).to_have_text(re.compile("Solved|Opgelost"))
    shot(customer, "4-portal-my-tickets-solved")
    row.get_by_role("link").click()
    expect(customer.locator("#ticket-status")).to_have_text(re.compile("Solved|Opgelost"))
    timeline = customer.locator("#timeline")
    expect(timeline).to_contain_text(ARTICLE_NL)
    expect(timeline).to_contain_text(PROBLEM_TITLE)
    expect(timeline).to_contain_text(RESOLUTION)
    expect(customer.locator("#ticket-header .resolution")).to_contain_text(RESOLUTION)
    shot(customer, "4-portal-ticket-solved")
    timeline.locator(f"a[href*='/portal/kb/{vpn_outage['article'].pk}/']").click()
    expect(customer.locator("h1")).to_have_text(ARTICLE_NL)
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
