"""A new ticket from the portal: suggestions while typing, deflection, or a ticket."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loket.knowledge.models import Deflection
from loket.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_matching_public_articles_are_suggested_while_typing(client, chris, public_article):
    client.force_login(chris)
    response = client.get(
        reverse("portal:suggestions"),
        {"subject": "printer blank", "description": "all pages come out empty"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="suggestions"' in response.text
    assert "<html" not in response.text
    assert f"/portal/kb/{public_article.pk}/" in response.text
    assert "This solved my problem" in response.text


def test_short_text_gives_no_suggestions(client, chris, public_article):
    client.force_login(chris)
    response = client.get(reverse("portal:suggestions"), {"subject": "pr"})
    assert f"/portal/kb/{public_article.pk}/" not in response.text


def test_this_solved_my_problem_counts_a_deflection_and_opens_no_ticket(
    client, chris, org_a, public_article
):
    client.force_login(chris)
    response = client.post(
        reverse("portal:deflect"),
        {"article": public_article.pk, "query": "printer blank\npages"},
    )
    assert response.status_code == 200
    assert "No ticket was created" in response.text
    deflection = Deflection.objects.get()
    assert (deflection.article, deflection.user, deflection.organisation) == (
        public_article,
        chris,
        org_a,
    )
    assert "printer blank" in deflection.query
    assert not Ticket.objects.exists()


def test_submit_creates_a_portal_ticket_for_the_customer(client, chris, contact_a, categories):
    client.force_login(chris)
    response = client.post(
        reverse("portal:new_ticket"),
        {
            "subject": "Printer prints blank pages",
            "description": "Since this morning.",
            "category": categories["printing"].pk,
            "attachments": [SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\nrest")],
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:ticket", args=[ticket.number])
    assert (ticket.channel, ticket.contact, ticket.organisation, ticket.created_by) == (
        "portal",
        contact_a,
        contact_a.organisation,
        chris,
    )
    assert ticket.category == categories["printing"]
    event = ticket.events.get(kind="reply")
    assert event.is_public and event.attachments.get().filename == "photo.png"
    page = client.get(response["Location"])
    assert "photo.png" in page.text
    assert "We have received your request" in page.text


def test_customer_cannot_smuggle_internal_fields(client, chris, teams, anna):
    client.force_login(chris)
    client.post(
        reverse("portal:new_ticket"),
        {"subject": "Help", "team": teams["second"].pk, "assignee": anna.pk, "contact": 999},
    )
    ticket = Ticket.objects.get()
    assert (ticket.team, ticket.assignee, ticket.contact_id) == (None, None, chris.contact_id)


def test_missing_subject_shows_the_form_with_an_error(client, chris):
    client.force_login(chris)
    response = client.post(reverse("portal:new_ticket"), {"subject": "", "description": "x"})
    assert response.status_code == 422
    assert 'role="alert"' in response.text
    assert not Ticket.objects.exists()


def test_too_many_files_are_refused(client, chris):
    client.force_login(chris)
    files = [SimpleUploadedFile(f"f{i}.txt", b"x") for i in range(6)]
    response = client.post(reverse("portal:new_ticket"), {"subject": "Files", "attachments": files})
    assert response.status_code == 422
    assert not Ticket.objects.exists()
