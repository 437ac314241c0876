"""Consent by a one-time link: the e-mail, the contact's page, expiry and reuse."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from loket.core.errors import InvalidInput
from loket.notifications.models import Notification, NotificationKind
from loket.remote import links, services
from loket.remote.models import AuditAction, Consent, ConsentState, EndReason

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(ticket, tool, anna, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://loket.example"
    with django_capture_on_commit_callbacks(execute=True):
        consent = links.send_consent_link(ticket, tool=tool, acting_user=anna)
    return consent


def link_in_mail() -> str:
    assert len(mail.outbox) == 1
    found = re.search(r"https://loket\.example(/remote/consent/[^/\s]+/)", mail.outbox[0].body)
    assert found, mail.outbox[0].body
    return found[1]


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


def test_the_mail_goes_to_the_contact_in_their_language_with_a_working_link(sent, client, settings):
    message = mail.outbox[0]
    assert message.to == ["chris@acme.example"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert sent.ticket.number in message.subject
    assert sent.text in message.body
    path = link_in_mail()
    page = client.get(path)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    html = page.content.decode()
    assert 'lang="nl"' in html
    assert "Chris" in html and sent.ticket.number in html
    # Nothing personal beyond the first name and the ticket number.
    assert "Claes" not in html
    assert "chris@acme.example" not in html
    assert sent.ticket.subject not in html


def test_only_the_hash_of_the_token_is_stored(sent):
    token = token_of(link_in_mail())
    assert token not in (sent.token_hash or "")
    assert len(sent.token_hash) == 64
    assert Consent.objects.filter(token_hash__contains=token).count() == 0


def test_agreeing_on_the_page_gives_consent_and_allows_a_session(sent, client, anna):
    path = link_in_mail()
    response = client.post(path, {"answer": "agree", "lang": "nl"}, HTTP_USER_AGENT="Firefox")
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.state(timezone.now()) == ConsentState.VALID
    entry = sent.audit.get(action=AuditAction.GIVEN_BY_LINK)
    assert entry.by_contact and entry.actor is None
    assert entry.ip_address == "127.0.0.1"
    assert entry.user_agent == "Firefox"
    notification = Notification.objects.get(recipient=anna)
    assert notification.kind == NotificationKind.CONSENT
    session = services.start_session(sent.ticket, consent=sent, reference="42", acting_user=anna)
    assert session.is_running
    # The page now says how to withdraw.
    page = client.get(response["Location"])
    assert reverse("remote:consent_withdraw", args=[token_of(path)]) in page.content.decode()


def test_a_used_link_cannot_be_used_again(sent, client):
    token = token_of(link_in_mail())
    links.give_consent_by_link(token, ip="127.0.0.1", user_agent="x")
    with pytest.raises(InvalidInput) as refused:
        links.give_consent_by_link(token, ip="127.0.0.1", user_agent="x")
    assert refused.value.code == "link_used"
    response = client.post(link_in_mail(), {"answer": "decline"})
    assert response.status_code == 410
    sent.refresh_from_db()
    assert sent.refused_at is None and sent.given_at is not None


def test_an_expired_link_is_refused_with_a_clear_page(sent, client):
    token = token_of(link_in_mail())
    later = sent.link_expires_at + timedelta(seconds=1)
    with pytest.raises(InvalidInput) as refused:
        links.give_consent_by_link(token, ip=None, user_agent="", now=later)
    assert refused.value.code == "link_expired"
    Consent.objects.filter(pk=sent.pk).update(link_expires_at=timezone.now() - timedelta(minutes=1))
    page = client.get(link_in_mail())
    assert page.status_code == 410
    # The contact reads the page in their own language (Dutch here).
    assert "Deze link is vervallen." in page.content.decode()
    response = client.post(link_in_mail(), {"answer": "agree"})
    assert response.status_code == 410
    sent.refresh_from_db()
    assert sent.given_at is None


def test_an_unknown_link_gives_a_clear_page(client, db):
    for token in ("nope", "x" * 300):
        page = client.get(reverse("remote:consent", args=[token]))
        assert page.status_code == 404
        assert "does not work" in page.content.decode()
    with pytest.raises(InvalidInput) as refused:
        links.give_consent_by_link("nope", ip=None, user_agent="")
    assert refused.value.code == "link_invalid"


def test_the_link_lifetime_follows_the_setting(ticket, tool, anna, settings):
    settings.LOKET_CONSENT_LINK_MINUTES = 5
    consent = links.send_consent_link(ticket, tool=tool, acting_user=anna)
    assert consent.link_expires_at == consent.requested_at + timedelta(minutes=5)


def test_declining_means_no_session(sent, client, anna):
    client.post(link_in_mail(), {"answer": "decline"})
    sent.refresh_from_db()
    assert sent.state(timezone.now()) == ConsentState.REFUSED
    with pytest.raises(InvalidInput) as refused:
        services.start_session(sent.ticket, consent=sent, reference="1", acting_user=anna)
    assert refused.value.code == "no_consent"


def test_the_contact_withdraws_on_the_page_and_the_session_ends(sent, client, anna):
    path = link_in_mail()
    client.post(path, {"answer": "agree"})
    sent.refresh_from_db()
    session = services.start_session(sent.ticket, consent=sent, reference="9", acting_user=anna)
    response = client.post(path + "withdraw/", {"reason": "Done already", "lang": "en"})
    assert response.status_code == 302
    sent.refresh_from_db()
    session.refresh_from_db()
    assert sent.withdrawn_via_link and sent.withdrawn_by is None
    assert sent.withdrawal_reason == "Done already"
    assert session.end_reason == EndReason.CONSENT_WITHDRAWN
    assert "withdrawn" in client.get(response["Location"]).content.decode()


def test_the_page_switches_language_and_stores_the_text_agreed_to(sent, client):
    path = link_in_mail()
    page = client.get(path + "?lang=en")
    assert 'lang="en"' in page.content.decode()
    assert "I agree" in page.content.decode()
    client.post(path, {"answer": "agree", "lang": "en"})
    sent.refresh_from_db()
    assert sent.language == "en"
    assert "Quick Assist" in sent.text


def test_a_contact_without_e_mail_cannot_get_a_link(make_ticket, anna, tool, org_a):
    from loket.directory.services import create_contact

    contact = create_contact(first_name="Piet", last_name="Peeters", organisation=org_a)
    ticket = make_ticket(anna, contact=contact)
    with pytest.raises(InvalidInput) as refused:
        links.send_consent_link(ticket, tool=tool, acting_user=anna)
    assert refused.value.code == "email_required"


def test_links_are_rate_limited_per_ticket(ticket, tool, anna):
    for _ in range(links.LINKS_PER_HOUR):
        links.send_consent_link(ticket, tool=tool, acting_user=anna)
    with pytest.raises(links.TooManyLinks) as refused:
        links.send_consent_link(ticket, tool=tool, acting_user=anna)
    assert refused.value.code == "too_many_links"


def test_an_agent_cancels_an_unanswered_link(sent, client, anna):
    services.withdraw_consent(sent, acting_user=anna, reason="Solved without")
    response = client.post(link_in_mail(), {"answer": "agree"})
    assert response.status_code == 410
    sent.refresh_from_db()
    assert sent.given_at is None


def test_a_cancelled_link_says_so_on_the_page(sent, client, anna):
    services.withdraw_consent(sent, acting_user=anna)
    html = client.get(link_in_mail()).content.decode()
    assert "De servicedesk heeft deze aanvraag geannuleerd." in html
