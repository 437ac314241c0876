"""The worker's sending of the outbox against a real SMTP server on 127.0.0.1: temporary
refusals are retried with growing pauses, permanent ones fail at once, and two workers
never send the same mail."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from loket.channels.models import OutboundMessage, SendStatus, TemplateKind
from loket.channels.sending import pause_after, send_due
from loket.directory.services import create_contact
from loket.tickets import services as tickets

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.channels.smtp_server"]

ADDRESS = "pat@acme.example"


@pytest.fixture
def queued(mailbox, org_a, anna):
    """One "received" mail queued for Pat, the way a new phone ticket queues it."""
    contact = create_contact(
        first_name="Pat", last_name="Peeters", organisation=org_a, emails=[ADDRESS]
    )
    ticket = tickets.create_ticket(acting_user=anna, subject="VPN drops", contact=contact)
    return OutboundMessage.objects.get(ticket=ticket)


def test_a_queued_mail_is_sent_once(smtp, queued):
    assert send_due() == {"sent": 1, "retried": 0, "failed": 0}
    assert send_due() == {"sent": 0, "retried": 0, "failed": 0}
    (mail,) = smtp.to(ADDRESS)
    assert mail["Message-ID"] == queued.message_id
    queued.refresh_from_db()
    assert queued.status == SendStatus.SENT
    assert queued.attempts == 1
    assert queued.sent_at is not None


def test_mail_that_is_not_due_yet_waits(smtp, queued):
    later = timezone.now() + timedelta(minutes=5)
    OutboundMessage.objects.filter(pk=queued.pk).update(next_attempt_at=later)
    assert send_due()["sent"] == 0
    assert send_due(now=later)["sent"] == 1


def test_a_temporary_refusal_is_retried_and_then_sent_once(smtp, queued):
    smtp.refuse(ADDRESS, "451 4.3.0 Mailbox busy, try again later", times=1)
    now = timezone.now()
    assert send_due(now=now) == {"sent": 0, "retried": 1, "failed": 0}
    queued.refresh_from_db()
    assert queued.status == SendStatus.QUEUED
    assert "451" in queued.last_error
    assert queued.next_attempt_at == now + timedelta(minutes=1)
    assert send_due(now=now + timedelta(seconds=30))["sent"] == 0  # still pausing
    assert send_due(now=now + timedelta(minutes=1)) == {"sent": 1, "retried": 0, "failed": 0}
    assert len(smtp.to(ADDRESS)) == 1
    queued.refresh_from_db()
    assert (queued.status, queued.attempts, queued.last_error) == (SendStatus.SENT, 2, "")


def test_a_permanent_refusal_fails_at_once(smtp, queued):
    smtp.refuse(ADDRESS, "550 5.1.1 No such user")
    assert send_due() == {"sent": 0, "retried": 0, "failed": 1}
    queued.refresh_from_db()
    assert queued.status == SendStatus.FAILED
    assert "550" in queued.last_error
    assert queued.next_attempt_at is None
    assert smtp.messages == []


def test_a_dead_server_is_retried_with_growing_pauses_then_given_up(dead_smtp, queued, settings):
    settings.MAIL_SEND_ATTEMPTS = 6
    now = timezone.now()
    pauses = []
    for _attempt in range(5):
        assert send_due(now=now) == {"sent": 0, "retried": 1, "failed": 0}
        queued.refresh_from_db()
        pauses.append(queued.next_attempt_at - now)
        assert "Connection" in queued.last_error or "refused" in queued.last_error.lower()
        now = queued.next_attempt_at
    assert pauses == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    assert send_due(now=now) == {"sent": 0, "retried": 0, "failed": 1}
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (SendStatus.FAILED, 6)
    assert send_due(now=now + timedelta(days=1))["failed"] == 0  # failed mail stays failed


def test_pauses_double_and_are_capped():
    assert [pause_after(n).total_seconds() // 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert pause_after(40) == timedelta(days=1)


def test_an_unwritable_address_fails_without_stopping_the_others(smtp, queued):
    bad = OutboundMessage.objects.create(
        kind=TemplateKind.RECEIVED,
        to_address="not an address\n@x",
        from_address="Loket <support@loket.example>",
        language="en",
        subject="Hello",
        body="Hello",
        message_id=f"<{uuid.uuid4().hex}@loket.example>",
        next_attempt_at=timezone.now() - timedelta(minutes=1),
        created_at=timezone.now(),
    )
    assert send_due() == {"sent": 1, "retried": 0, "failed": 1}
    bad.refresh_from_db()
    assert bad.status == SendStatus.FAILED
    assert len(smtp.to(ADDRESS)) == 1


def test_one_round_sends_at_most_the_limit(smtp, queued):
    rows = [
        OutboundMessage(
            kind=TemplateKind.RECEIVED,
            to_address=f"p{n}@acme.example",
            from_address="Loket <support@loket.example>",
            language="en",
            subject="Hello",
            body="Hello",
            message_id=f"<{uuid.uuid4().hex}@loket.example>",
            next_attempt_at=timezone.now(),
            created_at=timezone.now(),
        )
        for n in range(4)
    ]
    OutboundMessage.objects.bulk_create(rows)
    assert send_due(limit=3)["sent"] == 3
    assert send_due(limit=3)["sent"] == 2
    assert len(smtp.messages) == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_mail_once(smtp):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL")
    now = timezone.now()
    OutboundMessage.objects.bulk_create(
        OutboundMessage(
            kind=TemplateKind.RECEIVED,
            to_address=f"p{n}@acme.example",
            from_address="Loket <support@loket.example>",
            language="en",
            subject=f"Hello {n}",
            body="Hello",
            message_id=f"<{uuid.uuid4().hex}@loket.example>",
            next_attempt_at=now,
            created_at=now,
        )
        for n in range(40)
    )
    start = threading.Barrier(2)
    results = []

    def worker():
        try:
            start.wait()
            results.append(send_due(limit=25))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(r["sent"] for r in results) == 40
    ids = [m["Message-ID"] for m in smtp.messages]
    assert len(ids) == 40
    assert len(set(ids)) == 40
    assert OutboundMessage.objects.filter(status=SendStatus.SENT, attempts=1).count() == 40


def _upload(name: str, data: bytes, content_type: str = "application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def test_an_agents_reply_goes_out_with_its_files(smtp, mailbox, org_a, anna, settings):
    contact = create_contact(last_name="Peeters", organisation=org_a, emails=[ADDRESS])
    ticket = tickets.create_ticket(acting_user=anna, subject="Printer", contact=contact)
    send_due()  # the "received" mail
    settings.ATTACHMENT_MAX_BYTES = 1000
    tickets.add_reply(
        ticket,
        body="Here are the steps.",
        acting_user=anna,
        attachments=[_upload("steps.pdf", b"%PDF-1.4 steps"), _upload("big.pdf", b"x" * 999)],
    )

    assert send_due()["sent"] == 1
    mail = smtp.to(ADDRESS)[-1].message
    files = {part.get_filename(): part.get_content() for part in mail.iter_attachments()}
    assert files == {"steps.pdf": b"%PDF-1.4 steps"}
    # The one that did not fit is named in the text, in the contact's language (nl).
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Here are the steps." in body
    assert "Te groot om mee te sturen" in body and "- big.pdf" in body


def test_notes_files_never_go_out(smtp, mailbox, org_a, anna):
    contact = create_contact(last_name="Peeters", organisation=org_a, emails=[ADDRESS])
    ticket = tickets.create_ticket(acting_user=anna, subject="Printer", contact=contact)
    tickets.add_note(
        ticket, body="Internal log", acting_user=anna, attachments=[_upload("log.txt", b"x")]
    )
    send_due()
    assert all(not list(m.message.iter_attachments()) for m in smtp.to(ADDRESS))
