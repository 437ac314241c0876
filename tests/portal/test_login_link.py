"""Logging in with a link by e-mail: one-time, 15 minutes, neutral answer, rate limit."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from loket.portal import services
from loket.portal.models import PortalLoginToken

pytestmark = pytest.mark.django_db

NEUTRAL = "If this address belongs to a customer account"


def ask(client, address, capture):
    with capture(execute=True):
        return client.post(reverse("portal:magic_link"), {"email": address})


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def link_in(message) -> str:
    return re.search(r"http://testserver(/portal/login/link/[^/\s]+/)", message.body).group(1)


def test_contact_address_gets_a_one_time_link(client, chris, django_capture_on_commit_callbacks):
    response = ask(client, "Chris@Acme.example ", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert NEUTRAL in response.text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["chris@acme.example"]
    assert "15 minuten" in mail.outbox[0].body  # chris reads Dutch
    assert link_in(mail.outbox[0])


def test_unknown_address_gets_the_same_answer_and_no_mail(
    client, chris, django_capture_on_commit_callbacks
):
    known = ask(client, "chris@acme.example", django_capture_on_commit_callbacks)
    unknown = ask(client, "nobody@acme.example", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 200
    assert main_of(known.text) == main_of(unknown.text)
    assert len(mail.outbox) == 1


def test_staff_address_gets_no_link(client, anna, django_capture_on_commit_callbacks):
    anna.email = "anna@loket.example"
    anna.save(update_fields=["email"])
    response = ask(client, "anna@loket.example", django_capture_on_commit_callbacks)
    assert NEUTRAL in response.text
    assert mail.outbox == []


def test_link_logs_in_once(client, chris, django_capture_on_commit_callbacks):
    ask(client, "chris@acme.example", django_capture_on_commit_callbacks)
    path = link_in(mail.outbox[0])
    # Opening the link (a mail scanner would) does not use it up.
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200
    client.logout()
    assert client.post(path).status_code == 410
    assert client.get(reverse("portal:home")).status_code == 302


def test_link_expires_after_fifteen_minutes(chris):
    start = timezone.now()
    sent = []
    services.request_login_link(
        "chris@acme.example", link_for=lambda raw: sent.append(raw) or raw, now=start
    )
    assert services.login_link_is_valid(sent[0], now=start + timedelta(minutes=14))
    assert not services.login_link_is_valid(sent[0], now=start + timedelta(minutes=15))
    with pytest.raises(Exception, match="does not work"):
        services.redeem_login_link(sent[0], now=start + timedelta(minutes=16))


def test_only_the_hash_of_the_link_is_stored(chris):
    sent = []
    services.request_login_link("chris@acme.example", link_for=lambda raw: sent.append(raw) or raw)
    token = PortalLoginToken.objects.get()
    assert sent[0] not in token.token_hash


def test_at_most_five_links_per_address_per_hour(chris):
    now = timezone.now()
    results = [
        services.request_login_link("chris@acme.example", link_for=str, now=now) for _ in range(6)
    ]
    assert results == [True] * 5 + [False]
    later = now + timedelta(hours=1, minutes=1)
    assert services.request_login_link("chris@acme.example", link_for=str, now=later)


def test_deactivated_customer_cannot_use_a_link_sent_before(chris):
    sent = []
    services.request_login_link("chris@acme.example", link_for=lambda raw: sent.append(raw) or raw)
    chris.is_active = False
    chris.save(update_fields=["is_active"])
    assert not services.login_link_is_valid(sent[0])


def test_garbage_token_is_refused_without_error(client):
    assert client.get(reverse("portal:magic_login", args=["x" * 300])).status_code == 410
    assert client.post(reverse("portal:magic_login", args=["nope"])).status_code == 410


def test_invalid_address_shows_the_form_again(client):
    response = client.post(reverse("portal:magic_link"), {"email": "not an address"})
    assert response.status_code == 422
    assert 'role="alert"' in response.text
