"""Mailboxes and incoming messages in the admin: for administrators only; the password
is write-only."""

from email.message import EmailMessage

import pytest
from django.contrib import admin
from django.urls import reverse

from loket.channels.ingest import ingest
from loket.channels.models import InboundMessage, Mailbox, Security
from loket.tickets.models import Ticket

pytest_plugins = ["tests.channels.imap_server"]
pytestmark = pytest.mark.django_db

SECRET = "correct-horse-battery-staple"


@pytest.fixture
def mailbox(teams):
    return Mailbox.objects.create(
        name="Support",
        address="support@loket.example",
        host="imap.loket.example",
        port=993,
        security=Security.SSL,
        username="support",
        secret=SECRET,
        team=teams["first"],
    )


def form_data(mailbox, **changes):
    data = {
        "name": mailbox.name,
        "address": mailbox.address,
        "is_active": "on",
        "host": mailbox.host,
        "port": mailbox.port,
        "security": mailbox.security,
        "folder": mailbox.folder,
        "username": mailbox.username,
        "secret": "",
        "team": mailbox.team_id or "",
        "category": "",
        "language": mailbox.language,
    }
    data.update(changes)
    return data


def change_url(mailbox):
    return reverse("admin:channels_mailbox_change", args=[mailbox.pk])


def test_the_password_is_never_shown(client, ad, mailbox):
    client.force_login(ad)

    page = client.get(change_url(mailbox))

    assert page.status_code == 200
    assert SECRET not in page.text
    assert 'type="password"' in page.text
    assert SECRET not in client.get(reverse("admin:channels_mailbox_changelist")).text


def test_a_blank_password_keeps_the_stored_one(client, ad, mailbox):
    client.force_login(ad)

    response = client.post(change_url(mailbox), form_data(mailbox, folder="Support"))

    assert response.status_code == 302
    mailbox.refresh_from_db()
    assert mailbox.folder == "Support"
    assert mailbox.secret == SECRET


def test_a_typed_password_replaces_the_stored_one(client, ad, mailbox):
    client.force_login(ad)

    client.post(change_url(mailbox), form_data(mailbox, secret="a-new-password"))

    mailbox.refresh_from_db()
    assert mailbox.secret == "a-new-password"


def test_a_new_mailbox_on_a_host_needs_a_password(client, ad, teams):
    client.force_login(ad)
    data = form_data(
        Mailbox(name="New", address="new@loket.example", host="imap.loket.example"),
        username="new",
    )

    response = client.post(reverse("admin:channels_mailbox_add"), data)

    assert response.status_code == 200
    assert "needs a password" in response.text
    assert not Mailbox.objects.filter(name="New").exists()


def test_plain_text_to_another_host_cannot_be_saved(client, ad, mailbox):
    client.force_login(ad)

    response = client.post(change_url(mailbox), form_data(mailbox, security=Security.NONE))

    assert response.status_code == 200
    assert "only allowed to this machine" in response.text
    mailbox.refresh_from_db()
    assert mailbox.security == Security.SSL


def test_the_list_shows_the_last_poll_and_error(client, ad, mailbox):
    Mailbox.objects.filter(pk=mailbox.pk).update(
        last_error="The server refused the user name or password of support."
    )
    client.force_login(ad)

    page = client.get(reverse("admin:channels_mailbox_changelist"))

    assert "refused the user name or password" in page.text


def test_staff_who_are_not_administrators_cannot_open_mailboxes(client, rf, sofie, mailbox):
    # A supervisor given Django's staff flag is still not a channels administrator.
    sofie.is_staff = True
    sofie.save(update_fields=["is_staff"])
    client.force_login(sofie)

    for url in (
        reverse("admin:channels_mailbox_changelist"),
        change_url(mailbox),
        reverse("admin:channels_inboundmessage_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    # And the pages themselves refuse, should the admin site ever let staff in.
    request = rf.get("/")
    request.user = sofie
    for model_admin in (admin.site._registry[Mailbox], admin.site._registry[InboundMessage]):
        assert not model_admin.has_module_permission(request)
        assert not model_admin.has_view_permission(request)
        assert not model_admin.has_change_permission(request, mailbox)


def test_agents_do_not_reach_the_admin(client, anna, mailbox):
    client.force_login(anna)

    assert client.get(change_url(mailbox)).status_code == 302


def test_test_connection_reports_the_unseen_count(client, ad, imap_account, teams):
    mailbox = imap_account.mailbox(team=teams["first"])
    imap_account.append(b"From: a@acme.example\r\nSubject: one\r\n\r\nHello\r\n")
    client.force_login(ad)

    response = client.post(
        reverse("admin:channels_mailbox_changelist"),
        {"action": "test_connection", "_selected_action": [mailbox.pk]},
        follow=True,
    )

    assert "connected and logged in; 1 unread message." in response.text
    assert len(imap_account.unseen()) == 1


def test_test_connection_reports_a_wrong_password(client, ad, imap_account, teams):
    mailbox = imap_account.mailbox(team=teams["first"], secret="wrong-one")
    client.force_login(ad)

    response = client.post(
        reverse("admin:channels_mailbox_changelist"),
        {"action": "test_connection", "_selected_action": [mailbox.pk]},
        follow=True,
    )

    assert "refused the user name or password" in response.text
    assert "wrong-one" not in response.text


def test_poll_now_reads_the_mailbox(client, ad, imap_account, teams):
    mailbox = imap_account.mailbox(team=teams["first"])
    imap_account.append(
        b"From: Chris <chris@acme.example>\r\nSubject: Polled from the admin\r\n"
        b"Message-ID: <admin-poll@acme.example>\r\n\r\nHello\r\n"
    )
    client.force_login(ad)

    response = client.post(
        reverse("admin:channels_mailbox_changelist"),
        {"action": "poll_now", "_selected_action": [mailbox.pk]},
        follow=True,
    )

    assert "1 read, 1 stored, 0 already known, 0 failed." in response.text
    assert Ticket.objects.filter(subject="Polled from the admin").exists()
    mailbox.refresh_from_db()
    assert mailbox.last_polled_at is not None


# --- incoming messages ------------------------------------------------------------------


@pytest.fixture
def inbound(mailbox):
    message = EmailMessage()
    message["From"] = "Chris <chris@acme.example>"
    message["Subject"] = "Printer on the second floor"
    message["Message-ID"] = "<inbound-admin@acme.example>"
    message.set_content("It prints blank pages.")
    return ingest(message.as_bytes(), mailbox=mailbox).message


def test_administrators_read_incoming_messages(client, ad, inbound):
    client.force_login(ad)

    listing = client.get(reverse("admin:channels_inboundmessage_changelist"))
    detail = client.get(reverse("admin:channels_inboundmessage_change", args=[inbound.pk]))

    assert listing.status_code == 200
    assert "Printer on the second floor" in listing.text
    assert detail.status_code == 200
    assert "chris@acme.example" in detail.text
    assert reverse("channels:mail_raw", args=[inbound.pk]) in detail.text
    assert reverse("channels:mail_raw", args=[inbound.pk]) in listing.text


def test_incoming_messages_filter_by_outcome_kind_and_mailbox(client, ad, inbound):
    client.force_login(ad)
    url = reverse("admin:channels_inboundmessage_changelist")

    assert "Printer" in client.get(url, {"outcome__exact": inbound.outcome}).text
    assert "Printer" not in client.get(url, {"outcome__exact": "dismissed"}).text
    assert "Printer" in client.get(url, {"kind__exact": "normal"}).text
    assert "Printer" not in client.get(url, {"kind__exact": "bounce"}).text
    assert "Printer" in client.get(url, {"mailbox__id__exact": inbound.mailbox_id}).text


def test_incoming_messages_cannot_be_added_changed_or_deleted(client, ad, inbound):
    client.force_login(ad)
    change = reverse("admin:channels_inboundmessage_change", args=[inbound.pk])

    assert client.get(reverse("admin:channels_inboundmessage_add")).status_code == 403
    assert client.post(change, {"subject": "changed"}).status_code == 403
    delete = reverse("admin:channels_inboundmessage_delete", args=[inbound.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    inbound.refresh_from_db()
    assert inbound.subject == "Printer on the second floor"
    assert InboundMessage.objects.count() == 1
