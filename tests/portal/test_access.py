"""The access matrix of the portal: chris (org A), camille (org B), olivia (organisation
administrator of org A) and staff. A customer never sees another organisation's tickets,
internal notes, or internal and unpublished articles."""

import pytest
from django.urls import reverse

from loket.tickets import services as tickets

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", ["portal:home", "portal:tickets", "portal:new_ticket"])
def test_staff_cannot_use_the_customer_portal(client, anna, page):
    assert login(client, anna).get(reverse(page)).status_code == 403


def test_customer_whose_contact_was_removed_cannot_use_portal(client, db):
    from loket.accounts.models import User

    # Deleting a contact leaves its user without one (on_delete SET_NULL).
    orphan = User.objects.create(username="orphan", role="customer")
    assert login(client, orphan).get(reverse("portal:home")).status_code == 403


def test_customer_sees_own_ticket(client, chris, chris_ticket):
    response = login(client, chris).get(reverse("portal:ticket", args=[chris_ticket.number]))
    assert response.status_code == 200
    assert "Chris cannot print" in response.text


def test_customer_cannot_see_other_organisations_ticket(client, chris, camille_ticket):
    login(client, chris)
    assert client.get(reverse("portal:ticket", args=[camille_ticket.number])).status_code == 404
    assert client.get(reverse("portal:ticket", args=[str(camille_ticket.pk)])).status_code == 404
    response = client.get(reverse("portal:tickets"))
    assert "Camille" not in response.text


def test_customer_cannot_reply_or_close_other_organisations_ticket(client, chris, camille_ticket):
    login(client, chris)
    reply = client.post(reverse("portal:reply", args=[camille_ticket.number]), {"body": "hi"})
    close = client.post(reverse("portal:close", args=[camille_ticket.number]), {})
    assert (reply.status_code, close.status_code) == (404, 404)
    assert camille_ticket.events.filter(author=chris).count() == 0


def test_camille_does_not_see_chris_ticket_in_her_list(client, camille, chris_ticket):
    response = login(client, camille).get(reverse("portal:tickets"))
    assert chris_ticket.number not in response.text


def test_internal_notes_never_reach_the_customer(client, chris, anna, chris_ticket):
    tickets.add_note(chris_ticket, body="Customer is grumpy, check the contract", acting_user=anna)
    tickets.add_reply(chris_ticket, body="We are looking at your printer", acting_user=anna)
    response = login(client, chris).get(reverse("portal:ticket", args=[chris_ticket.number]))
    assert "We are looking at your printer" in response.text
    assert "grumpy" not in response.text


def test_attachment_of_internal_note_cannot_be_downloaded(client, chris, anna, chris_ticket):
    from django.core.files.uploadedfile import SimpleUploadedFile

    note = tickets.add_note(
        chris_ticket,
        body="log",
        acting_user=anna,
        attachments=[SimpleUploadedFile("secret.txt", b"internal log")],
    )
    item = note.attachments.get()
    url = reverse("portal:attachment", args=[chris_ticket.number, item.pk])
    assert login(client, chris).get(url).status_code == 404


def test_attachment_of_public_reply_is_downloadable(client, chris, anna, chris_ticket):
    from django.core.files.uploadedfile import SimpleUploadedFile

    reply = tickets.add_reply(
        chris_ticket,
        body="Manual",
        acting_user=anna,
        attachments=[SimpleUploadedFile("manual.txt", b"how to print")],
    )
    item = reply.attachments.get()
    response = login(client, chris).get(
        reverse("portal:attachment", args=[chris_ticket.number, item.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"how to print"
    assert response["Content-Disposition"].startswith("attachment")


def test_organisation_admin_sees_organisation_tickets_on_request(
    client, olivia, chris_ticket, camille_ticket
):
    login(client, olivia)
    mine = client.get(reverse("portal:tickets"))
    assert chris_ticket.number not in mine.text
    organisation = client.get(reverse("portal:tickets") + "?scope=organisation")
    assert chris_ticket.number in organisation.text
    assert camille_ticket.number not in organisation.text
    assert client.get(reverse("portal:ticket", args=[chris_ticket.number])).status_code == 200
    assert client.get(reverse("portal:ticket", args=[camille_ticket.number])).status_code == 404


def test_plain_customer_cannot_ask_for_the_organisation_scope(client, chris, olivia, make_ticket):
    olivias = make_ticket(olivia, subject="Olivia's laptop", contact=olivia.contact)
    response = login(client, chris).get(reverse("portal:tickets") + "?scope=organisation")
    assert olivias.number not in response.text
    assert "My organisation" not in response.text


def test_public_article_opens(client, chris, public_article):
    response = login(client, chris).get(reverse("portal:article", args=[public_article.pk]))
    assert response.status_code == 200
    assert "<strong>front cover</strong>" in response.text or "voorklep" in response.text


@pytest.mark.parametrize("fixture", ["internal_article", "draft_article"])
def test_internal_and_unpublished_articles_are_not_found(client, chris, request, fixture):
    article = request.getfixturevalue(fixture)
    login(client, chris)
    assert client.get(reverse("portal:article", args=[article.pk])).status_code == 404
    feedback = client.post(
        reverse("portal:article_feedback", args=[article.pk]), {"helpful": "yes"}
    )
    assert feedback.status_code == 404
    deflect = client.post(reverse("portal:deflect"), {"article": article.pk, "query": "x"})
    assert deflect.status_code == 404


def test_search_never_lists_internal_or_draft_articles(
    client, chris, public_article, internal_article, draft_article
):
    response = login(client, chris).get(reverse("portal:home") + "?q=printer")
    assert "Printer prints blank pages" in response.text or "Printer drukt" in response.text
    assert "server restart" not in response.text
    assert "draft" not in response.text.lower().split("</header>", 1)[-1]


def test_suggestions_never_list_internal_articles(client, chris, public_article, internal_article):
    response = login(client, chris).get(
        reverse("portal:suggestions"), {"subject": "printer", "description": "admin password"}
    )
    assert "server restart" not in response.text
    assert f"/portal/kb/{public_article.pk}/" in response.text


def test_staff_following_a_portal_article_link_reads_it_in_the_knowledge_base(
    client, anna, public_article
):
    response = login(client, anna).get(reverse("portal:article", args=[public_article.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("knowledge:detail", args=[public_article.pk])


def test_anonymous_article_link_leads_to_login_and_back(client, public_article):
    url = reverse("portal:article", args=[public_article.pk]) + "?lang=nl"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "lang%3Dnl" in response["Location"]
