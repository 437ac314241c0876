"""The suggestions panel and its one-click actions: who may use them, what they show,
what sending or linking does to the ticket."""

import pytest
from django.urls import reverse

from loket.knowledge.models import ArticleUse
from loket.problems.models import ProblemLink
from loket.tickets.models import EventKind, Ticket
from tests.search import test_suggestions

desk = test_suggestions.desk  # the shared fixture: a realistic desk

PANEL = reverse("search:suggestions")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def anna_client(client, anna):
    client.force_login(anna)
    return client


@pytest.fixture
def vpn_ticket(anna, teams, contact_b, make_ticket):
    """Camille (French) calls about the VPN."""
    return make_ticket(
        acting_user=anna,
        team=teams["first"],
        assignee=anna,
        contact=contact_b,
        subject="VPN se déconnecte",
        description="The VPN drops every few minutes and the network drives disconnect.",
    )


def send(ticket, article):
    return reverse("search:send_article", args=[ticket.pk, article.pk])


def link_article(ticket, article):
    return reverse("search:link_article", args=[ticket.pk, article.pk])


def link_problem(ticket, problem):
    return reverse("search:link_problem", args=[ticket.pk, problem.pk])


def test_panel_shows_known_problems_first_then_articles_then_tickets(anna_client, desk):
    text = "VPN drops, printer prints blank pages"
    response = anna_client.get(PANEL, {"subject": text, "description": ""}, headers=HTMX)
    assert response.status_code == 200
    html = response.text
    assert html.index("sugg-problems") < html.index("sugg-articles") < html.index("sugg-tickets")
    assert "VPN gateway drops connections" in html
    assert "Printer prints blank pages" in html
    assert f'data-id="{desk["outage"].pk}" data-score="' in html
    assert "Link the new ticket to this problem" in html  # no ticket yet: chosen for creation


def test_panel_asks_for_more_text_below_three_characters(anna_client, desk):
    response = anna_client.get(PANEL, {"subject": "pr"}, headers=HTMX)
    assert "while you type" in response.text


def test_panel_for_a_ticket_uses_its_text_and_offers_the_actions(anna_client, desk, vpn_ticket):
    response = anna_client.get(PANEL, {"ticket": vpn_ticket.pk}, headers=HTMX)
    html = response.text
    assert "VPN gateway drops connections" in html
    assert link_problem(vpn_ticket, desk["outage"]) in html
    # The internal VPN article can be linked but not sent to the customer.
    assert link_article(vpn_ticket, desk["vpn"]) in html
    assert send(vpn_ticket, desk["vpn"]) not in html


def test_public_article_can_be_sent_from_a_ticket_panel(anna_client, desk, vpn_ticket):
    response = anna_client.get(PANEL, {"ticket": vpn_ticket.pk, "text": "mot de passe oublié"})
    assert send(vpn_ticket, desk["password"]) in response.text
    assert "Camille Dubois" in response.text  # the confirmation names who gets it


def test_an_article_already_sent_or_linked_is_not_offered_again(anna_client, desk, vpn_ticket):
    anna_client.post(send(vpn_ticket, desk["password"]), headers=HTMX)
    anna_client.post(link_article(vpn_ticket, desk["vpn"]), headers=HTMX)

    html = anna_client.get(PANEL, {"ticket": vpn_ticket.pk, "text": "mot de passe oublié"}).text
    assert send(vpn_ticket, desk["password"]) not in html
    assert "✓ Sent to the customer" in html
    html = anna_client.get(PANEL, {"ticket": vpn_ticket.pk}).text  # the ticket's own text
    assert link_article(vpn_ticket, desk["vpn"]) not in html
    assert "✓ Linked" in html


def test_customers_get_403_on_the_panel_and_the_actions(client, chris, desk, vpn_ticket):
    client.force_login(chris)
    assert client.get(PANEL, {"text": "printer blank"}).status_code == 403
    assert client.post(send(vpn_ticket, desk["password"])).status_code == 403
    assert client.post(link_article(vpn_ticket, desk["password"])).status_code == 403
    assert client.post(link_problem(vpn_ticket, desk["outage"])).status_code == 403
    assert not vpn_ticket.events.filter(kind__in=[EventKind.REPLY, EventKind.LINK]).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, desk):
    response = client.get(PANEL, {"text": "printer blank"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_bob_cannot_use_the_panel_or_act_on_a_ticket_he_cannot_see(client, bob, desk, vpn_ticket):
    client.force_login(bob)
    assert client.get(PANEL, {"ticket": vpn_ticket.pk}).status_code == 404
    assert client.post(link_problem(vpn_ticket, desk["outage"])).status_code == 404
    assert not ProblemLink.objects.exists()


def test_sending_an_article_replies_to_the_customer_in_their_language(
    anna_client, desk, vpn_ticket
):
    response = anna_client.post(send(vpn_ticket, desk["password"]), headers=HTMX)
    assert response.status_code == 200
    assert "The article was sent to Camille Dubois." in response.text
    reply = vpn_ticket.events.get(kind=EventKind.REPLY)
    assert reply.is_public
    assert reply.body.startswith("Mot de passe oublié")
    assert f"/portal/kb/{desk['password'].pk}/?lang=fr" in reply.body
    assert 'id="timeline"' in response.text and "Mot de passe oublié" in response.text


def test_an_internal_article_is_not_sent(anna_client, desk, vpn_ticket):
    response = anna_client.post(send(vpn_ticket, desk["vpn"]), headers=HTMX)
    assert response.status_code == 422
    assert "Only published, public articles" in response.text
    assert not vpn_ticket.events.filter(kind=EventKind.REPLY).exists()


def test_an_article_is_not_sent_on_a_ticket_without_contact(
    anna_client, anna, teams, desk, make_ticket
):
    ticket = make_ticket(acting_user=anna, team=teams["first"], subject="Printer blank")
    response = anna_client.post(send(ticket, desk["printer"]), headers=HTMX)
    assert response.status_code == 422
    assert "no contact" in response.text


def test_linking_an_article_reads_as_a_sentence_in_the_timeline(anna_client, desk, vpn_ticket):
    response = anna_client.post(link_article(vpn_ticket, desk["vpn"]), headers=HTMX)
    assert response.status_code == 200
    assert ArticleUse.objects.filter(ticket=vpn_ticket, article=desk["vpn"]).exists()
    assert "Linked the article" in response.text
    assert "VPN client cannot connect after a Windows update" in response.text


def test_linking_a_problem_links_the_ticket_and_shows_it(anna_client, desk, vpn_ticket):
    response = anna_client.post(link_problem(vpn_ticket, desk["outage"]), headers=HTMX)
    assert response.status_code == 200
    assert ProblemLink.objects.get(ticket=vpn_ticket).problem == desk["outage"]
    assert "Linked to the known problem" in response.text
    assert 'id="ticket-problem"' in response.text
    page = anna_client.get(reverse("tickets:detail", args=[vpn_ticket.number])).text
    assert "Connect to the backup gateway vpn2.example." in page
    panel = anna_client.get(PANEL, {"ticket": vpn_ticket.pk}).text
    assert "Linked to this ticket" in panel


def test_linking_to_a_resolved_problem_is_refused_with_a_message(anna_client, desk, vpn_ticket):
    response = anna_client.post(link_problem(vpn_ticket, desk["solved_problem"]), headers=HTMX)
    assert response.status_code == 422
    assert "resolved" in response.text
    assert not ProblemLink.objects.exists()


def test_without_htmx_an_action_goes_back_to_the_ticket_page(anna_client, desk, vpn_ticket):
    response = anna_client.post(link_problem(vpn_ticket, desk["outage"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:detail", args=[vpn_ticket.number])


def test_actions_reject_get(anna_client, desk, vpn_ticket):
    assert anna_client.get(link_problem(vpn_ticket, desk["outage"])).status_code == 405


def test_a_call_can_be_linked_to_the_chosen_problem_when_it_is_created(
    anna_client, desk, contact_b
):
    data = {
        "call_started": "",
        "subject": "VPN valt weg",
        "description": "",
        "contact": contact_b.pk,
        "type": "incident",
        "impact": 3,
        "urgency": 3,
        "action": "create",
        "link_problem": desk["outage"].pk,
    }
    response = anna_client.post(reverse("tickets:new_call"), data)
    assert response.status_code == 302, response.text[:2000]
    ticket = Ticket.objects.get(subject="VPN valt weg")
    assert ProblemLink.objects.get(ticket=ticket).problem == desk["outage"]


def test_the_workspace_shows_the_known_outages_and_the_panel(anna_client, desk):
    html = anna_client.get(reverse("tickets:new_call")).text
    assert "The VPN drops now and then." in html
    assert 'id="suggestions"' in html and reverse("search:suggestions") in html


def test_garbage_parameters_do_not_break_the_panel(anna_client, desk):
    params = {"text": "printer", "contact": "x", "category": "99999", "language": "zz"}
    assert anna_client.get(PANEL, params).status_code == 200
    assert anna_client.get(PANEL, {"ticket": "nope"}).status_code == 404
    assert anna_client.get(PANEL, {"text": "x" * 100_000}).status_code == 200


def test_a_resolved_ticket_offers_to_write_an_article_and_any_ticket_to_flag_one(anna_client, desk):
    resolved = anna_client.get(reverse("tickets:detail", args=[desk["blank"].number])).text
    assert reverse("knowledge:from_ticket", args=[desk["blank"].number]) in resolved
    assert "Write an article from this ticket" in resolved
    open_page = anna_client.get(reverse("tickets:detail", args=[desk["open_blank"].number])).text
    assert "Write an article from this ticket" not in open_page
    assert reverse("knowledge:request", args=[desk["open_blank"].number]) in open_page
