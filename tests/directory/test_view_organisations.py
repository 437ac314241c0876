"""Organisation pages: list with search, the organisation with contacts and tickets."""

import pytest
from django.urls import reverse

ORGS = reverse("directory:organisations")


@pytest.fixture
def anna_client(client, anna):
    client.force_login(anna)
    return client


def test_list_and_search(anna_client, org_a, org_b):
    text = anna_client.get(ORGS, {"q": "acme"}).text
    assert "Acme Logistics" in text and "Brouwerij Bertem" not in text


def test_organisation_page_shows_contacts_and_tickets(
    anna_client, anna, org_a, contact_a, make_ticket
):
    make_ticket(acting_user=anna, subject="Server room too hot", contact=contact_a)
    text = anna_client.get(reverse("directory:organisation", args=[org_a.pk])).text
    assert "Chris Claes" in text
    assert "Server room too hot" in text


def test_customer_gets_no_organisation_pages(client, camille, org_a):
    client.force_login(camille)
    assert client.get(reverse("directory:organisation", args=[org_a.pk])).status_code == 403


def test_unknown_organisation_is_404(anna_client):
    assert anna_client.get(reverse("directory:organisation", args=[424242])).status_code == 404
