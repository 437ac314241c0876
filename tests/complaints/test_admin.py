"""Complaints in the admin: readable by administrators, changed only through the flow."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_administrators_read_complaints_in_the_admin(client, ad, register, ticket):
    complaint = register(ticket).complaint
    client.force_login(ad)
    listing = client.get(reverse("admin:complaints_complaint_changelist"))
    assert listing.status_code == 200
    assert ticket.number in listing.text
    change = reverse("admin:complaints_complaint_change", args=[complaint.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"paraphrase": "changed"}).status_code == 403
    assert client.get(reverse("admin:complaints_complaint_add")).status_code == 403
    complaint.refresh_from_db()
    assert complaint.paraphrase != "changed"


def test_agents_do_not_reach_the_admin(client, anna):
    client.force_login(anna)
    response = client.get(reverse("admin:complaints_complaint_changelist"))
    assert response.status_code == 302
