"""The notifications page and the bell in the header: each user sees their own only."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loket.notifications.models import NotificationKind

from .conftest import T0

LIST = reverse("notifications:list")
BADGE = reverse("notifications:badge")


@pytest.fixture
def anna_client(client, anna):
    client.force_login(anna)
    return client


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [LIST, BADGE])
def test_customers_get_403(client, chris, url):
    client.force_login(chris)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("persona", ["anna", "sam", "sofie", "ad"])
def test_every_staff_member_has_a_notifications_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 200


def test_lists_own_notifications_newest_first_each_linking_to_its_ticket(
    anna_client, anna, ticket, send
):
    send(anna, ticket, now=T0)
    send(anna, ticket, NotificationKind.SLA_BREACH, escalated_to="Werkplek 2de lijn",
         now=T0 + timedelta(hours=1))  # fmt: skip
    response = anna_client.get(LIST)
    assert response.status_code == 200
    html = response.text
    breach = html.index("SLA breached:")
    warning = html.index("SLA warning:")
    assert breach < warning
    assert "escalated to Werkplek 2de lijn" in html
    link = f'<a href="{reverse("tickets:detail", args=[ticket.number])}">'
    assert html.count(link) == 2


def test_someone_elses_notifications_are_not_shown(anna_client, bob, ticket, send):
    send(bob, ticket, subject="Only for Bob")
    response = anna_client.get(LIST)
    assert "Only for Bob" not in response.text
    assert "No notifications." in response.text


def test_pages_of_25(anna_client, anna, ticket, send):
    for minute in range(30):
        send(anna, ticket, subject=f"Subject {minute:02d}", now=T0 + timedelta(minutes=minute))
    first = anna_client.get(LIST).text
    assert first.count('class="notification ') == 25
    assert "Subject 29" in first and "Subject 05" in first and "Subject 04" not in first
    assert "Page 1 of 2" in first
    second = anna_client.get(LIST, {"page": 2}).text
    assert second.count('class="notification ') == 5
    assert "Subject 04" in second and "Subject 00" in second
    for odd in ("abc", "-1", "99999", "1e9"):
        assert anna_client.get(LIST, {"page": odd}).status_code == 200


def test_list_query_count_does_not_grow(
    anna_client, anna, ticket, send, django_assert_max_num_queries
):
    send(anna, ticket)
    with django_assert_max_num_queries(6) as few:
        anna_client.get(LIST)
    for minute in range(20):
        send(anna, ticket, now=T0 + timedelta(minutes=minute))
    with django_assert_max_num_queries(len(few)):
        anna_client.get(LIST)


def test_htmx_page_change_gets_the_list_only(anna_client, anna, ticket, send):
    send(anna, ticket)
    response = anna_client.get(LIST, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div id="notifications">')


# --- the bell --------------------------------------------------------------------------------


def bell(html: str) -> str:
    match = re.search(r'<a id="notification-badge".*?</a>', html, re.S)
    return match.group(0) if match else ""


def test_bell_shows_the_unread_count_on_every_staff_page(anna_client, anna, bob, ticket, send):
    send(anna, ticket)
    send(anna, ticket)
    read = send(anna, ticket)
    read.read_at = T0
    read.save(update_fields=["read_at"])
    send(bob, ticket)
    for url in (reverse("tickets:queue"), reverse("directory:contacts"), LIST):
        badge = bell(anna_client.get(url).text)
        assert '<span class="bell-count" aria-hidden="true">2</span>' in badge
        assert "Notifications: 2 unread" in badge
        assert f'href="{LIST}"' in badge


def test_bell_without_unread_shows_no_number(anna_client):
    badge = bell(anna_client.get(reverse("tickets:queue")).text)
    assert badge and "bell-count" not in badge
    assert 'title="No unread notifications"' in badge


def test_bell_counts_99_plus(anna_client, anna, ticket, send):
    from loket.notifications.services import notify

    for _ in range(100):
        notify([anna], kind=NotificationKind.SLA_WARNING, ticket=ticket, data={}, now=T0)
    assert ">99+</span>" in bell(anna_client.get(LIST).text)


def test_customers_have_no_bell(client, chris):
    client.force_login(chris)
    assert bell(client.get(reverse("home")).text) == ""


def test_the_count_costs_one_query_and_none_for_htmx_fragments(anna_client, anna, ticket, send):
    send(anna, ticket)
    with CaptureQueriesContext(connection) as page:
        anna_client.get(reverse("tickets:queue"))
    counts = [q["sql"] for q in page.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT(" in counts[0]
    with CaptureQueriesContext(connection) as fragment:
        anna_client.get(reverse("tickets:queue"), headers={"HX-Request": "true"})
    assert not [q for q in fragment.captured_queries if "notifications_notification" in q["sql"]]


def test_badge_refresh_returns_the_bell_alone(anna_client, anna, ticket, send):
    send(anna, ticket)
    response = anna_client.get(BADGE, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.strip().startswith('<a id="notification-badge"')
    assert ">1</span>" in response.text
    assert 'hx-trigger="loket:refresh"' in response.text
