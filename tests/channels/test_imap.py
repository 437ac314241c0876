"""Reading mailboxes over IMAP, against a real dovecot on 127.0.0.1."""

import socket
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from django.db import DatabaseError
from django.utils import timezone

from loket.channels import imap
from loket.channels import ingest as ingest_module
from loket.channels.models import InboundMessage, Mailbox, Security
from loket.tickets.models import Channel, Ticket

pytest_plugins = ["tests.channels.imap_server"]
pytestmark = pytest.mark.django_db


def mail(subject, *, message_id, sender="Chris Claes <chris@acme.example>", body=None):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@loket.example"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(timezone.now())
    message.set_content(body or f"Hello,\n\n{subject}.\n\nChris\n")
    return message.as_bytes()


def test_poll_turns_new_mail_into_tickets_and_marks_it_seen(imap_account, teams):
    mailbox = imap_account.mailbox(team=teams["first"])
    imap_account.append(mail("The printer prints blank pages", message_id="<p1@acme.example>"))
    imap_account.append(mail("VPN drops every hour", message_id="<v1@acme.example>"))

    result = imap.poll(mailbox)

    assert result.as_dict() == {"fetched": 2, "ingested": 2, "duplicates": 0, "failed": 0}
    tickets = Ticket.objects.filter(channel=Channel.EMAIL)
    assert sorted(tickets.values_list("subject", flat=True)) == [
        "The printer prints blank pages",
        "VPN drops every hour",
    ]
    assert set(tickets.values_list("team", flat=True)) == {teams["first"].pk}
    assert imap_account.unseen() == []
    assert imap_account.seen_count() == 2


def test_a_second_poll_reads_only_new_mail(imap_account, teams):
    mailbox = imap_account.mailbox(team=teams["first"])
    imap_account.append(mail("Screen flickers", message_id="<s1@acme.example>"))
    imap.poll(mailbox)
    imap_account.append(mail("Keyboard missing keys", message_id="<k1@acme.example>"))

    result = imap.poll(mailbox)

    assert result.fetched == 1
    assert Ticket.objects.count() == 2


def test_mail_already_read_in_a_mail_client_is_left_alone(imap_account, teams):
    mailbox = imap_account.mailbox(team=teams["first"])
    imap_account.append(mail("Read by a person", message_id="<r1@acme.example>"), flags=[b"\\Seen"])

    assert imap.poll(mailbox).fetched == 0
    assert not Ticket.objects.exists()


def test_a_message_whose_ingestion_fails_stays_unseen_and_is_read_next_time(
    imap_account, teams, monkeypatch
):
    mailbox = imap_account.mailbox(team=teams["first"])
    imap_account.append(mail("Mail that breaks", message_id="<b1@acme.example>"))
    imap_account.append(mail("Mail that works", message_id="<w1@acme.example>"))
    real_ingest = ingest_module.ingest

    def ingest_failing_once(raw, **kwargs):
        if b"Mail that breaks" in raw:
            raise DatabaseError("could not write: disk full")
        return real_ingest(raw, **kwargs)

    monkeypatch.setattr(ingest_module, "ingest", ingest_failing_once)
    result = imap.poll(mailbox)

    assert result.as_dict() == {"fetched": 2, "ingested": 1, "duplicates": 0, "failed": 1}
    assert "disk full" in result.problem
    assert list(Ticket.objects.values_list("subject", flat=True)) == ["Mail that works"]
    [still_unseen] = imap_account.unseen()
    assert b"Mail that breaks" in still_unseen

    monkeypatch.setattr(ingest_module, "ingest", real_ingest)
    again = imap.poll(mailbox)

    assert again.as_dict() == {"fetched": 1, "ingested": 1, "duplicates": 0, "failed": 0}
    assert Ticket.objects.count() == 2
    assert imap_account.unseen() == []


def test_the_same_message_delivered_twice_makes_one_ticket(imap_account, teams):
    mailbox = imap_account.mailbox(team=teams["first"])
    raw = mail("Delivered twice", message_id="<twice@acme.example>")
    imap_account.append(raw)
    imap_account.append(raw)

    result = imap.poll(mailbox)

    assert result.as_dict() == {"fetched": 2, "ingested": 1, "duplicates": 1, "failed": 0}
    assert Ticket.objects.count() == 1
    assert InboundMessage.objects.count() == 1
    assert imap_account.unseen() == []


def test_poll_reads_the_configured_folder(imap_server, teams):
    account = imap_server.add_account(folder="Support")
    mailbox = account.mailbox(team=teams["first"])
    account.append(mail("In the support folder", message_id="<f1@acme.example>"))
    account.append(mail("In the inbox", message_id="<f2@acme.example>"), folder="INBOX")

    assert imap.poll(mailbox).fetched == 1
    assert list(Ticket.objects.values_list("subject", flat=True)) == ["In the support folder"]


def test_plain_text_to_another_host_is_refused_before_connecting(db):
    mailbox = Mailbox.objects.create(
        name="Remote",
        address="support@loket.example",
        host="imap.loket.example",
        port=143,
        security=Security.NONE,
        username="support",
        secret="s3cret-password",
    )

    with pytest.raises(imap.MailboxError) as refused:
        imap.poll(mailbox)

    assert refused.value.code == "mailbox_insecure"
    assert "imap.loket.example" in refused.value.message
    assert "STARTTLS" in refused.value.message


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("10.0.0.1", False),
        ("imap.example.com", False),
        ("localhost.example.com", False),
        ("", False),
    ],
)
def test_only_loopback_hosts_count_as_loopback(host, loopback):
    assert imap.is_loopback(host) is loopback


def test_starttls_is_refused_when_the_server_does_not_offer_it(imap_account, teams):
    mailbox = imap_account.mailbox(team=teams["first"], security=Security.STARTTLS)

    with pytest.raises(imap.MailboxError) as refused:
        imap.poll(mailbox)

    assert refused.value.code == "mailbox_no_starttls"


def test_a_wrong_password_is_a_readable_error(imap_account, teams):
    mailbox = imap_account.mailbox(team=teams["first"], secret="not-the-password")

    with pytest.raises(imap.MailboxError) as refused:
        imap.poll(mailbox)

    assert refused.value.code == "mailbox_login"
    assert imap_account.username in refused.value.message
    assert "not-the-password" not in refused.value.message


def test_a_missing_folder_is_a_readable_error(imap_account, teams):
    mailbox = imap_account.mailbox(team=teams["first"], folder="Nowhere")

    with pytest.raises(imap.MailboxError) as refused:
        imap.poll(mailbox)

    assert refused.value.code == "mailbox_folder"
    assert "Nowhere" in refused.value.message


def test_nothing_listening_is_a_readable_error(db):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = Mailbox.objects.create(
        name="Closed", address="s@loket.example", host="127.0.0.1", port=port, security="none"
    )

    with pytest.raises(imap.MailboxError) as refused:
        imap.poll(mailbox)

    assert "refused the connection" in refused.value.message


def test_check_connection_counts_unseen_mail_and_marks_nothing(imap_account, teams):
    mailbox = imap_account.mailbox(team=teams["first"])
    imap_account.append(mail("One", message_id="<c1@acme.example>"))
    imap_account.append(mail("Two", message_id="<c2@acme.example>"))

    assert imap.check_connection(mailbox) == 2
    assert len(imap_account.unseen()) == 2
    assert not InboundMessage.objects.exists()


# --- poll_due: the worker's round -------------------------------------------------------


def test_poll_due_records_a_wrong_password_and_still_polls_the_next_mailbox(
    imap_server,
    teams,
):
    broken = imap_server.add_account()
    working = imap_server.add_account()
    first = broken.mailbox(name="A broken", team=teams["first"], secret="wrong-password-123")
    second = working.mailbox(name="B working", team=teams["first"])
    broken.append(mail("Lost?", message_id="<l1@acme.example>"))
    working.append(mail("Arrives", message_id="<a1@acme.example>"))
    now = timezone.now()

    totals = imap.poll_due(now=now)

    assert totals["mailboxes"] == 2
    assert totals["failed_mailboxes"] == 1
    assert totals["ingested"] == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert "refused the user name or password" in first.last_error
    assert "wrong-password-123" not in first.last_error
    assert first.last_polled_at >= now
    assert second.last_error == ""
    assert list(Ticket.objects.values_list("subject", flat=True)) == ["Arrives"]
    assert len(broken.unseen()) == 1


def test_poll_due_clears_the_last_error_once_the_mailbox_works_again(imap_account, teams):
    mailbox = imap_account.mailbox(team=teams["first"], secret="wrong")
    now = timezone.now()
    imap.poll_due(now=now)
    mailbox.refresh_from_db()
    assert mailbox.last_error

    Mailbox.objects.filter(pk=mailbox.pk).update(secret=imap_account.password)
    imap.poll_due(now=now + timedelta(minutes=5))

    mailbox.refresh_from_db()
    assert mailbox.last_error == ""


def test_poll_due_waits_for_the_polling_interval(imap_account, teams, settings):
    settings.MAIL_POLL_SECONDS = 60
    now = timezone.now()
    mailbox = imap_account.mailbox(team=teams["first"], last_polled_at=now - timedelta(seconds=30))
    imap_account.append(mail("Not yet", message_id="<n1@acme.example>"))

    assert imap.poll_due(now=now)["mailboxes"] == 0
    assert not Ticket.objects.exists()

    later = now + timedelta(seconds=31)
    assert imap.poll_due(now=later)["mailboxes"] == 1
    assert Ticket.objects.count() == 1
    mailbox.refresh_from_db()
    assert mailbox.last_polled_at >= later


def test_poll_due_skips_inactive_mailboxes_and_those_without_a_host(imap_account, teams):
    imap_account.mailbox(team=teams["first"], is_active=False)
    Mailbox.objects.create(name="Gate only", address="gate@loket.example", host="")
    imap_account.append(mail("Ignored", message_id="<i1@acme.example>"))

    assert imap.poll_due()["mailboxes"] == 0
    assert len(imap_account.unseen()) == 1


def test_poll_due_turned_off_with_a_zero_interval(imap_account, teams, settings):
    settings.MAIL_POLL_SECONDS = 0
    imap_account.mailbox(team=teams["first"])
    imap_account.append(mail("Off", message_id="<o1@acme.example>"))

    assert imap.poll_due()["mailboxes"] == 0
    assert not Ticket.objects.exists()


def test_poll_due_records_a_plain_text_mailbox_on_another_host(db):
    mailbox = Mailbox.objects.create(
        name="Remote", address="s@loket.example", host="192.0.2.10", security=Security.NONE
    )

    imap.poll_due()

    mailbox.refresh_from_db()
    assert "only allowed to this machine" in mailbox.last_error


def test_of_two_workers_only_one_claims_a_mailbox(db):
    mailbox = Mailbox.objects.create(name="Shared", address="s@loket.example", host="127.0.0.1")
    now = timezone.now()

    # Both workers listed the mailbox as never polled; the first claim wins.
    first = imap._Claim(mailbox.pk, now).take(None)
    second = imap._Claim(mailbox.pk, now).take(None)

    assert first is not None
    assert second is None
    mailbox.refresh_from_db()
    assert mailbox.last_polled_at == now


def test_poll_now_polls_whatever_the_interval_and_records_it(imap_account, teams):
    now = timezone.now()
    mailbox = imap_account.mailbox(team=teams["first"], last_polled_at=now)
    imap_account.append(mail("Right now", message_id="<rn1@acme.example>"))

    result = imap.poll_now(mailbox, now=now + timedelta(seconds=1))

    assert result.ingested == 1
    assert mailbox.last_polled_at >= now + timedelta(seconds=1)
    assert mailbox.last_error == ""
