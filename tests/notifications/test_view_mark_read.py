"""Marking notifications read: by POST with a CSRF token, one or all, one's own only."""

import pytest
from django.test import Client
from django.urls import reverse

from loket.notifications.models import Notification

LIST = reverse("notifications:list")
READ_ALL = reverse("notifications:read_all")


def read_url(notification) -> str:
    return reverse("notifications:read", args=[notification.pk])


@pytest.fixture
def anna_client(client, anna):
    client.force_login(anna)
    return client


def unread(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def test_mark_one_read(anna_client, anna, ticket, send):
    first, second = send(anna, ticket), send(anna, ticket)
    response = anna_client.post(read_url(first))
    assert response.status_code == 302
    assert response["Location"] == LIST
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None
    page = anna_client.get(LIST).text
    assert "The notification is marked as read." in page
    assert '<span class="bell-count" aria-hidden="true">1</span>' in page


def test_mark_one_read_returns_to_the_same_page(anna_client, anna, ticket, send):
    n = send(anna, ticket)
    response = anna_client.post(read_url(n), {"page": "2"})
    assert response["Location"] == f"{LIST}?page=2"
    response = anna_client.post(read_url(n), {"page": "nonsense"})
    assert response["Location"] == LIST


def test_marking_someone_elses_notification_is_404_and_changes_nothing(
    anna_client, bob, ticket, send
):
    bobs = send(bob, ticket)
    assert anna_client.post(read_url(bobs)).status_code == 404
    bobs.refresh_from_db()
    assert bobs.read_at is None


def test_unknown_notification_is_404(anna_client, db):
    assert anna_client.post(reverse("notifications:read", args=[999999])).status_code == 404


def test_mark_all_read_marks_only_ones_own(anna_client, anna, bob, ticket, send):
    send(anna, ticket)
    send(anna, ticket)
    send(bob, ticket)
    response = anna_client.post(READ_ALL, {"page": "1"})
    assert response.status_code == 302
    assert unread(anna) == 0
    assert unread(bob) == 1
    page = anna_client.get(LIST).text
    assert "All notifications are marked as read." in page
    assert "bell-count" not in page
    assert "Mark all as read" not in page


@pytest.mark.parametrize("url_of", [read_url, lambda n: READ_ALL])
def test_marking_needs_post(anna_client, anna, ticket, send, url_of):
    n = send(anna, ticket)
    assert anna_client.get(url_of(n)).status_code == 405
    n.refresh_from_db()
    assert n.read_at is None


@pytest.mark.parametrize("url_of", [read_url, lambda n: READ_ALL])
def test_marking_needs_a_csrf_token(anna, ticket, send, url_of):
    n = send(anna, ticket)
    client = Client(enforce_csrf_checks=True)
    client.force_login(anna)
    assert client.post(url_of(n)).status_code == 403
    n.refresh_from_db()
    assert n.read_at is None
    page = client.get(LIST)
    token = page.cookies["csrftoken"].value
    assert client.post(url_of(n), {"csrfmiddlewaretoken": token}).status_code == 302
    n.refresh_from_db()
    assert n.read_at is not None


def test_customers_cannot_mark(client, chris, anna, ticket, send):
    n = send(anna, ticket)
    client.force_login(chris)
    assert client.post(read_url(n)).status_code == 403
    assert client.post(READ_ALL).status_code == 403
    assert unread(anna) == 1


def test_anonymous_cannot_mark(client, anna, ticket, send):
    n = send(anna, ticket)
    response = client.post(read_url(n))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert unread(anna) == 1


def test_page_offers_buttons_only_for_unread(anna_client, anna, ticket, send):
    n = send(anna, ticket)
    page = anna_client.get(LIST).text
    assert f'action="{read_url(n)}"' in page
    assert "Mark all as read" in page
    assert "csrfmiddlewaretoken" in page
    anna_client.post(read_url(n))
    page = anna_client.get(LIST).text
    assert f'action="{read_url(n)}"' not in page
    assert "Mark all as read" not in page


# --- with htmx ----------------------------------------------------------------------------


def test_htmx_mark_one_swaps_the_item_and_updates_the_bell(anna_client, anna, ticket, send):
    n, _other = send(anna, ticket), send(anna, ticket)
    response = anna_client.post(read_url(n), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith(
        f'<li id="notification-{n.pk}" class="notification kind-sla_warning">'
    )
    assert "autofocus" in html  # keyboard focus lands on the item's link, not the page top
    assert 'hx-swap-oob="true"' in html
    assert '<span class="bell-count" aria-hidden="true">1</span>' in html


def test_htmx_mark_all_swaps_the_list_and_clears_the_bell(anna_client, anna, ticket, send):
    send(anna, ticket)
    response = anna_client.post(READ_ALL, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith('<div id="notifications">')
    assert "All notifications are marked as read." in html
    assert 'id="notification-badge"' in html and "bell-count" not in html
    assert unread(anna) == 0
