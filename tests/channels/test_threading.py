"""Which ticket a mail belongs to: token, Message-IDs, then a subject tag from the
ticket's contact only."""

import pytest
from django.utils import timezone

from loket.channels import addressing
from loket.channels.models import InboundMessage, OutboundMessage, Outcome
from loket.channels.parsing import ParsedMessage
from loket.channels.threading import find_ticket


@pytest.fixture
def ticket(make_ticket, contact_a):
    return make_ticket(contact=contact_a)


@pytest.fixture
def other(make_ticket, contact_b):
    return make_ticket(contact=contact_b, subject="Another one")


def sent(ticket, message_id):
    return OutboundMessage.objects.create(
        ticket=ticket,
        kind="reply",
        to_address="x@y.example",
        from_address="support@desk.example",
        language="nl",
        subject="s",
        body="b",
        message_id=message_id,
        created_at=timezone.now(),
    )


def test_a_tokened_address_finds_the_ticket_whoever_sends(ticket):
    parsed = ParsedMessage(
        sender="anyone@elsewhere.example",
        recipients=["support@desk.example", addressing.reply_address("s@d.example", ticket.number)],
    )
    assert find_ticket(parsed) == ticket


def test_a_forged_token_finds_nothing(ticket):
    parsed = ParsedMessage(recipients=[f"s+{ticket.number}.abcdefghij@d.example"])
    assert find_ticket(parsed) is None


def test_in_reply_to_a_mail_loket_sent(ticket):
    sent(ticket, "<loket.a@desk.example>")
    assert find_ticket(ParsedMessage(in_reply_to="<loket.a@desk.example>")) == ticket


def test_references_to_a_mail_received_on_a_ticket(ticket, other):
    InboundMessage.objects.create(
        dedupe_key="k" * 64,
        message_id="<first@client.example>",
        outcome=Outcome.NEW_TICKET,
        size=1,
        sha256="0" * 64,
        raw="mail/raw/x.eml",
        ticket=other,
        received_at=timezone.now(),
    )
    parsed = ParsedMessage(references=["<nobody@x.example>", "<first@client.example>"])
    assert find_ticket(parsed) == other


def test_the_newest_reference_wins(ticket, other):
    sent(ticket, "<old@desk.example>")
    sent(other, "<new@desk.example>")
    parsed = ParsedMessage(references=["<old@desk.example>", "<new@desk.example>"])
    assert find_ticket(parsed) == other


def test_the_token_wins_over_the_references(ticket, other):
    sent(other, "<x@desk.example>")
    parsed = ParsedMessage(
        recipients=[addressing.reply_address("s@d.example", ticket.number)],
        in_reply_to="<x@desk.example>",
    )
    assert find_ticket(parsed) == ticket


def test_a_subject_tag_from_the_contact_finds_the_ticket(ticket):
    parsed = ParsedMessage(sender="chris@acme.example", subject=f"Re: [#{ticket.number}] x")
    assert find_ticket(parsed) == ticket


def test_a_subject_tag_from_a_stranger_finds_nothing(ticket):
    parsed = ParsedMessage(sender="camille@brouwerij.example", subject=f"[#{ticket.number}]")
    assert find_ticket(parsed) is None


def test_a_subject_tag_of_a_ticket_without_contact_finds_nothing(make_ticket):
    orphan = make_ticket()
    parsed = ParsedMessage(sender="chris@acme.example", subject=f"[#{orphan.number}]")
    assert find_ticket(parsed) is None


def test_nothing_matches_a_new_conversation(ticket):
    assert find_ticket(ParsedMessage(sender="chris@acme.example", subject="Hello")) is None
