"""Mail in: new tickets, contacts, threading, reopening, attachments, duplicates and the
mail gate, through the real ingestion service on a real database."""

import io
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from loket.channels import addressing
from loket.channels import ingest as ingest_module
from loket.channels.ingest import ingest
from loket.channels.models import InboundMessage, Mailbox, MessageKind, OutboundMessage, Outcome
from loket.directory.models import Contact
from loket.tickets.models import Channel, EventKind, Status, Ticket
from loket.tickets.services import change_status, close_ticket, resolve_ticket

_counter = iter(range(1, 10**9))


def mail(
    *,
    sender="Chris Claes <chris@acme.example>",
    to="support@desk.example",
    subject="Printer on fire",
    body="The printer on the second floor is on fire.",
    message_id=None,
    headers=None,
    html=None,
    attachments=(),
) -> bytes:
    """A well-formed message, as a mail client would send it."""
    message = EmailMessage()
    if sender:
        message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = message_id or f"<m{next(_counter)}@client.example>"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    for filename, data, maintype, subtype in attachments:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


@pytest.fixture
def mailbox(teams, categories):
    return Mailbox.objects.create(
        name="support",
        address="support@desk.example",
        team=teams["first"],
        category=categories["hardware"],
        language="fr",
    )


@pytest.fixture
def acknowledged(monkeypatch):
    """The "ticket received" mails asked for: our own hook, recorded."""
    calls = []
    real = ingest_module.outbound.acknowledge

    def record(ticket, message):
        calls.append((ticket, message))
        return real(ticket, message)

    monkeypatch.setattr("loket.channels.outbound.acknowledge", record)
    return calls


def test_new_mail_opens_a_ticket_for_the_known_contact(mailbox, contact_a, acknowledged):
    result = ingest(mail(), mailbox=mailbox)

    message = result.message
    assert not result.duplicate
    assert message.outcome == Outcome.NEW_TICKET
    ticket = message.ticket
    assert ticket.channel == Channel.EMAIL
    assert ticket.contact == contact_a
    assert ticket.team == mailbox.team
    assert ticket.category == mailbox.category
    assert ticket.subject == "Printer on fire"
    assert ticket.description == "The printer on the second floor is on fire."
    reply = ticket.events.get(kind=EventKind.REPLY)
    assert reply.is_public and reply.author is None
    assert reply.data["from"] == "chris@acme.example"
    assert reply.data["inbound"] == message.pk
    assert message.event == reply
    assert acknowledged == [(ticket, message)]


def test_the_raw_message_is_stored_as_received(mailbox):
    raw = mail()
    message = ingest(raw, mailbox=mailbox).message
    with message.raw.open("rb") as handle:
        assert handle.read() == raw
    assert message.size == len(raw)


def test_an_unknown_sender_becomes_a_contact_of_the_organisation_of_their_domain(mailbox, org_a):
    ticket = ingest(mail(sender="Dana De Smet <Dana@ACME.example>"), mailbox=mailbox).message.ticket

    contact = ticket.contact
    assert (contact.first_name, contact.last_name) == ("Dana", "De Smet")
    assert contact.organisation == org_a
    assert contact.language == "fr"
    assert [e.address for e in contact.emails.all()] == ["dana@acme.example"]
    assert ticket.organisation == org_a


def test_an_unknown_sender_without_a_name_is_named_by_address(mailbox):
    contact = ingest(mail(sender="x@nowhere.example"), mailbox=mailbox).message.ticket.contact
    assert contact.last_name == "x@nowhere.example"
    assert contact.organisation is None


def test_the_same_message_twice_is_ingested_once(mailbox, acknowledged):
    raw = mail(message_id="<once@client.example>")
    first = ingest(raw, mailbox=mailbox)
    second = ingest(raw, mailbox=mailbox)

    assert second.duplicate and second.message == first.message
    assert InboundMessage.objects.count() == 1
    assert Ticket.objects.count() == 1
    assert len(acknowledged) == 1


def test_a_message_without_message_id_is_deduplicated_by_its_bytes(mailbox):
    raw = b"From: a@b.example\r\nSubject: hi\r\n\r\nhello\r\n"
    assert not ingest(raw, mailbox=mailbox).duplicate
    assert ingest(raw, mailbox=mailbox).duplicate
    assert not ingest(raw + b"again\r\n", mailbox=mailbox).duplicate


def _first(mailbox, **kwargs) -> Ticket:
    return ingest(mail(**kwargs), mailbox=mailbox).message.ticket


def test_a_reply_to_the_tokened_address_threads_whoever_sends_it(mailbox, contact_a):
    ticket = _first(mailbox)
    to = addressing.reply_address(mailbox.address, ticket.number)
    message = ingest(
        mail(sender="colleague@elsewhere.example", to=to, subject="about that"), mailbox=mailbox
    ).message

    assert message.outcome == Outcome.THREADED
    assert message.ticket == ticket
    assert ticket.events.filter(kind=EventKind.REPLY).count() == 2


def test_a_wrong_token_does_not_thread(mailbox, contact_a):
    ticket = _first(mailbox)
    to = f"support+{ticket.number}.aaaaaaaaaa@desk.example"
    message = ingest(mail(sender="x@elsewhere.example", to=to), mailbox=mailbox).message
    assert message.outcome == Outcome.NEW_TICKET and message.ticket != ticket


def test_a_reply_to_a_mail_loket_sent_threads_by_in_reply_to(mailbox, contact_a):
    ticket = _first(mailbox)
    OutboundMessage.objects.create(
        ticket=ticket,
        kind="reply",
        to_address="chris@acme.example",
        from_address="support@desk.example",
        language="nl",
        subject="Re",
        body="b",
        message_id="<loket.1@desk.example>",
        created_at=timezone.now(),
    )
    message = ingest(
        mail(subject="Re: anything", headers={"In-Reply-To": "<loket.1@desk.example>"}),
        mailbox=mailbox,
    ).message
    assert (message.outcome, message.ticket) == (Outcome.THREADED, ticket)


def test_a_reply_to_the_customers_own_first_mail_threads_by_references(mailbox, contact_a):
    ticket = _first(mailbox, message_id="<first@client.example>")
    message = ingest(
        mail(
            subject="forgot something",
            headers={"References": "<unknown@x.example> <first@client.example>"},
        ),
        mailbox=mailbox,
    ).message
    assert message.ticket == ticket


def test_the_subject_tag_threads_mail_from_the_tickets_contact(mailbox, contact_a):
    ticket = _first(mailbox)
    message = ingest(
        mail(sender="CHRIS@acme.example", subject=f"Re: [#{ticket.number}] Printer"),
        mailbox=mailbox,
    ).message
    assert (message.outcome, message.ticket) == (Outcome.THREADED, ticket)


def test_a_strangers_subject_tag_does_not_thread(mailbox, contact_a):
    ticket = _first(mailbox)
    message = ingest(
        mail(sender="mallory@evil.example", subject=f"Re: [#{ticket.number}] give me"),
        mailbox=mailbox,
    ).message
    assert message.outcome == Outcome.NEW_TICKET
    assert message.ticket != ticket
    assert not ticket.events.filter(body__contains="fire", data__from="mallory@evil.example")


def _reply(mailbox, ticket, now=None):
    return ingest(
        mail(subject=f"Re: [#{ticket.number}]", body="Still broken."), mailbox=mailbox, now=now
    ).message


def test_a_reply_while_waiting_on_the_customer_opens_the_ticket(mailbox, contact_a, anna):
    ticket = _first(mailbox)
    change_status(ticket, to=Status.OPEN, acting_user=anna, version=None)
    change_status(ticket, to=Status.WAITING_CUSTOMER, acting_user=anna, version=None)
    _reply(mailbox, ticket)
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_a_reply_within_the_reopen_window_reopens(mailbox, contact_a, anna, resolution_code):
    ticket = _first(mailbox)
    resolve_ticket(
        ticket, resolution="Unplugged", code=resolution_code, acting_user=anna, version=None
    )
    message = _reply(mailbox, ticket, now=timezone.now() + timedelta(days=13))

    ticket.refresh_from_db()
    assert message.outcome == Outcome.REOPENED
    assert ticket.status == Status.OPEN
    status = ticket.events.filter(kind=EventKind.STATUS).last()
    assert status.body == "Reopened by the customer's e-mail"


def test_a_reply_after_the_window_opens_a_follow_up_ticket(
    mailbox, contact_a, anna, resolution_code, acknowledged
):
    ticket = _first(mailbox)
    resolve_ticket(
        ticket, resolution="Unplugged", code=resolution_code, acting_user=anna, version=None
    )
    close_ticket(ticket, acting_user=anna, version=None)
    message = _reply(mailbox, ticket, now=timezone.now() + timedelta(days=15))

    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert message.outcome == Outcome.NEW_TICKET
    assert message.ticket != ticket
    assert message.ticket.description.startswith(f"Follow-up of #{ticket.number}")
    assert len(acknowledged) == 2


def test_attachments_and_inline_images_are_kept(mailbox, contact_a):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    raw = mail(
        html='<p>See <img src="cid:shot@client"></p>',
        attachments=[("report.pdf", b"%PDF-1.4 test", "application", "pdf")],
    )
    # An inline image, as mail clients send screenshots.
    from email import message_from_bytes, policy

    message = message_from_bytes(raw, policy=policy.default)
    html_part = next(p for p in message.walk() if p.get_content_type() == "text/html")
    html_part.add_related(png, maintype="image", subtype="png", cid="<shot@client>")
    inbound = ingest(message.as_bytes(), mailbox=mailbox).message

    event = inbound.event
    names = sorted(a.filename for a in event.attachments.all())
    assert names == ["image.png", "report.pdf"]
    assert "cid:shot@client" in event.data["html"]
    assert set(event.data["cids"]) == {"shot@client"}


def test_an_oversize_attachment_is_refused_with_a_note(mailbox, contact_a, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    raw = mail(
        attachments=[
            ("small.txt", b"small", "text", "plain"),
            ("huge.bin", b"x" * 5000, "application", "octet-stream"),
        ]
    )
    inbound = ingest(raw, mailbox=mailbox).message

    assert inbound.outcome == Outcome.NEW_TICKET
    assert [a.filename for a in inbound.event.attachments.all()] == ["small.txt"]
    note = inbound.ticket.events.get(kind=EventKind.NOTE)
    assert not note.is_public
    assert "huge.bin was not kept: larger than 0 MB" in note.body
    with inbound.raw.open("rb") as handle:
        assert handle.read() == raw


def test_a_message_over_the_mail_limit_is_kept_raw_and_flagged(mailbox, settings):
    settings.MAIL_MAX_BYTES = 2000
    raw = mail(body="x" * 5000)
    inbound = ingest(raw, mailbox=mailbox).message
    assert inbound.outcome == Outcome.FLAGGED
    assert "larger than" in inbound.problem
    assert inbound.ticket is None
    with inbound.raw.open("rb") as handle:
        assert handle.read() == raw


def test_an_auto_reply_to_a_ticket_is_an_internal_note_and_reopens_nothing(
    mailbox, contact_a, anna, resolution_code, acknowledged
):
    ticket = _first(mailbox)
    resolve_ticket(ticket, resolution="Done", code=resolution_code, acting_user=anna, version=None)
    inbound = ingest(
        mail(
            subject=f"Automatic reply: [#{ticket.number}]",
            headers={"Auto-Submitted": "auto-replied"},
        ),
        mailbox=mailbox,
    ).message

    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert inbound.kind == MessageKind.AUTO_REPLY
    assert inbound.outcome == Outcome.THREADED
    assert not inbound.event.is_public
    assert len(acknowledged) == 1


def test_an_auto_reply_to_nothing_is_ignored(mailbox, acknowledged):
    inbound = ingest(mail(headers={"Auto-Submitted": "auto-generated"}), mailbox=mailbox).message
    assert inbound.outcome == Outcome.IGNORED
    assert inbound.ticket is None
    assert acknowledged == []


def test_list_mail_makes_a_ticket_but_is_not_acknowledged(mailbox, acknowledged):
    inbound = ingest(mail(headers={"List-Id": "<news.example.com>"}), mailbox=mailbox).message
    assert inbound.kind == MessageKind.LIST
    assert inbound.outcome == Outcome.NEW_TICKET
    assert acknowledged == []


def test_a_sender_asking_for_no_auto_reply_is_not_acknowledged(mailbox, acknowledged):
    inbound = ingest(mail(headers={"X-Auto-Response-Suppress": "All"}), mailbox=mailbox).message
    assert inbound.outcome == Outcome.NEW_TICKET
    assert acknowledged == []


def test_mail_without_a_sender_is_flagged_without_a_ticket(mailbox):
    inbound = ingest(mail(sender=None), mailbox=mailbox).message
    assert inbound.outcome == Outcome.FLAGGED
    assert "sender" in inbound.problem
    assert not Ticket.objects.exists()


def test_odd_but_usable_mail_makes_a_ticket_and_keeps_the_problem(mailbox):
    raw = (
        b"From: a@b.example\r\nSubject: hi\r\nMessage-ID: <odd@x>\r\n"
        b"Content-Type: text/plain; charset=klingon\r\n\r\nhello\r\n"
    )
    inbound = ingest(raw, mailbox=mailbox).message
    assert inbound.outcome == Outcome.NEW_TICKET
    assert "klingon" in inbound.problem


def test_a_failure_while_ticketing_keeps_the_mail_flagged(mailbox, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("loket.tickets.services.create_ticket", broken)
    inbound = ingest(mail(), mailbox=mailbox).message

    inbound.refresh_from_db()
    assert inbound.outcome == Outcome.FLAGGED
    assert "RuntimeError" in inbound.problem
    assert inbound.ticket is None
    assert not Contact.objects.filter(last_name="Claes").exists()


# --- the mail gate ----------------------------------------------------------------------


def gate(raw: bytes, *args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("mailgate", *args, stdin=io.BytesIO(raw), stdout=out, stderr=io.StringIO())
    except SystemExit as exc:
        return int(exc.code), out.getvalue()
    return 0, out.getvalue()


def test_the_mail_gate_ingests_standard_input(mailbox, contact_a):
    code, out = gate(mail(), "--mailbox", "support")
    assert code == 0
    assert out.startswith("new_ticket")
    assert Ticket.objects.get().team == mailbox.team


def test_the_mail_gate_succeeds_for_duplicates_and_flagged_mail(mailbox):
    raw = mail(sender=None)
    code, out = gate(raw)
    assert code == 0 and out.startswith("flagged")
    code, out = gate(raw)
    assert code == 0 and out.startswith("duplicate")


def test_the_mail_gate_refuses_an_unknown_mailbox(mailbox):
    assert gate(mail(), "--mailbox", "nope")[0] == 64
    assert not InboundMessage.objects.exists()


def test_the_mail_gate_asks_to_retry_when_the_database_fails(mailbox, monkeypatch):
    from django.db import OperationalError

    def down(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr("loket.channels.management.commands.mailgate.ingest", down)
    assert gate(mail(), "--mailbox", "support")[0] == 75


# --- two deliveries at once ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_deliveries_make_one_message(teams, categories):
    """The IMAP poller and the mail gate may get the same mail at the same moment: the
    unique key lets one win; the other gets the winner's row."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    mailbox = Mailbox.objects.create(name="support", address="support@desk.example")
    raw = mail(message_id="<race@client.example>", sender="racer@race.example")
    barrier = threading.Barrier(4)
    results, errors = [], []

    def deliver():
        try:
            barrier.wait()
            results.append(ingest(raw, mailbox=mailbox))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert InboundMessage.objects.count() == 1
    assert Ticket.objects.count() == 1
    assert sorted(r.duplicate for r in results) == [False, True, True, True]
    assert len({r.message.pk for r in results}) == 1


def test_a_failing_acknowledgement_keeps_the_ticket(mailbox, monkeypatch):
    def broken(ticket, message):
        raise RuntimeError("template missing")

    monkeypatch.setattr("loket.channels.outbound.acknowledge", broken)
    inbound = ingest(mail(), mailbox=mailbox).message

    inbound.refresh_from_db()
    assert inbound.outcome == Outcome.NEW_TICKET
    assert inbound.ticket is not None
    assert "acknowledgement could not be queued" in inbound.problem
