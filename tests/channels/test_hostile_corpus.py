"""A corpus of hostile and odd mail (tests/channels/corpus/*.eml) plus a giant attachment
made here: nothing crashes, nothing is lost (each message is stored byte for byte),
no script survives into stored HTML, and no automatic mail is answered automatically."""

import base64
from pathlib import Path

import pytest

from loket.channels.ingest import ingest
from loket.channels.models import InboundMessage, Mailbox, MessageKind, Outcome
from loket.tickets.models import Attachment, EventKind, TimelineEvent

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(CORPUS.glob("*.eml"))
AUTOMATIC = {"auto_reply.eml", "exchange_oof.eml", "dsn_bounce.eml", "list_mail.eml"}
DANGEROUS = (
    "<script",
    "onload",
    "onerror",
    "onclick",
    "javascript:",
    "<iframe",
    "<form",
    "<svg",
    "<object",
    "data:text",
    "tracker.example",
)


@pytest.fixture
def mailbox(teams):
    return Mailbox.objects.create(
        name="support", address="support@desk.example", team=teams["first"]
    )


@pytest.fixture
def acknowledged(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "loket.channels.outbound.acknowledge", lambda ticket, message: calls.append(message)
    )
    return calls


def stored(message: InboundMessage) -> bytes:
    with message.raw.open("rb") as handle:
        return handle.read()


def test_the_corpus_is_complete():
    names = {f.name for f in FILES}
    assert len(names) == 16
    assert names >= AUTOMATIC


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_message_is_kept_byte_for_byte_without_an_error(path, mailbox, acknowledged):
    raw = path.read_bytes()
    result = ingest(raw, mailbox=mailbox)

    assert InboundMessage.objects.count() == 1
    assert stored(result.message) == raw
    assert result.message.outcome in Outcome.values
    if result.message.outcome == Outcome.FLAGGED:
        assert result.message.problem
    if path.name in AUTOMATIC:
        assert result.message.kind != MessageKind.NORMAL or path.name == "exchange_oof.eml"
        assert acknowledged == []


def test_the_whole_corpus_in_one_go(mailbox, acknowledged, contact_a, contact_b):
    results = {path.name: ingest(path.read_bytes(), mailbox=mailbox) for path in FILES}

    # One row per message; the second copy of the duplicate is the first's row.
    assert InboundMessage.objects.count() == len(FILES) - 1
    assert results["duplicate_b.eml"].duplicate
    assert results["duplicate_b.eml"].message == results["duplicate_a.eml"].message
    for name, result in results.items():
        if name != "duplicate_b.eml":
            assert stored(result.message) == (CORPUS / name).read_bytes()
    # No mail to automatic senders; the people who wrote get their acknowledgement.
    answered = {m.message_id for m in acknowledged}
    for name in AUTOMATIC:
        assert results[name].message.message_id not in answered
    assert results["duplicate_a.eml"].message.message_id in answered
    # Mail without a usable sender is for an agent, not a ticket.
    assert results["no_from.eml"].message.outcome == Outcome.FLAGGED
    assert results["no_from.eml"].message.ticket is None
    # No script in anything stored for display.
    for event in TimelineEvent.objects.all():
        html = (event.data or {}).get("html", "").lower()
        assert not any(bad in html for bad in DANGEROUS), event.data["html"]
        assert "\x00" not in event.body
    script = results["html_script.eml"].message
    assert script.ticket is not None
    assert "<script>" in script.subject  # shown escaped, kept as written
    assert results["nested_50.eml"].message.ticket.description == "At the bottom." or (
        "nested deeper" in results["nested_50.eml"].message.problem
    )
    for name in ("auto_reply.eml", "exchange_oof.eml", "dsn_bounce.eml"):
        assert results[name].message.outcome == Outcome.IGNORED
    assert results["list_mail.eml"].message.outcome == Outcome.NEW_TICKET


def test_a_giant_attachment_is_refused_but_the_mail_is_kept(mailbox, acknowledged, settings):
    size = settings.ATTACHMENT_MAX_BYTES + 1024 * 1024
    encoded = base64.encodebytes(b"\x00\x01" * (size // 2))
    raw = (
        b"From: Chris <chris@acme.example>\r\nTo: support@desk.example\r\n"
        b"Subject: the full log\r\nMessage-ID: <giant@acme.example>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="g"\r\n\r\n--g\r\n'
        b"Content-Type: text/plain\r\n\r\nHere is the log.\r\n--g\r\n"
        b'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="log.bin"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + encoded + b"--g\r\n"
        b'Content-Type: text/plain\r\nContent-Disposition: attachment; filename="small.txt"\r\n\r\n'
        b"small\r\n--g--\r\n"
    )
    message = ingest(raw, mailbox=mailbox).message

    assert message.outcome == Outcome.NEW_TICKET
    assert stored(message) == raw
    assert list(Attachment.objects.values_list("filename", flat=True)) == ["small.txt"]
    note = message.ticket.events.get(kind=EventKind.NOTE)
    assert "log.bin was not kept" in note.body and not note.is_public
    assert len(acknowledged) == 1
