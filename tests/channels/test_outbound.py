"""Mail to contacts and agents: queued with the ticket's change, sent by the worker to a
real SMTP server on 127.0.0.1, in the recipient's language, threaded."""

from datetime import timedelta

import pytest
from django.utils import timezone

from loket.accounts.models import Role
from loket.accounts.services import add_to_team, create_user
from loket.channels import addressing, outbound
from loket.channels.models import (
    InboundMessage,
    Mailbox,
    MailTemplate,
    OutboundMessage,
    SendStatus,
    TemplateKind,
)
from loket.channels.sending import send_due
from loket.directory.services import create_contact
from loket.tickets import services as tickets
from loket.tickets.models import Channel, Status

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.channels.smtp_server"]

# A phrase of each contact mail's shipped text, per language.
PHRASES = {
    "received": {"nl": "goed ontvangen", "fr": "bien reçu", "en": "We have received"},
    "reply": {"nl": "antwoorden", "fr": "répondre directement", "en": "simply reply"},
    "waiting": {"nl": "informatie van u nodig", "fr": "complémentaires", "en": "more information"},
    "resolved": {"nl": "binnen 14 dagen", "fr": "dans les 14 jours", "en": "within 14 days"},
}


@pytest.fixture
def customer(org_a):
    def make(language="nl", emails=("pat@acme.example",)):
        return create_contact(
            first_name="Pat",
            last_name="Peeters",
            organisation=org_a,
            emails=emails,
            language=language,
        )

    return make


@pytest.fixture
def staff_mail(anna, sofie, sam):
    """The personas with e-mail addresses (they have none by default)."""
    for user, language in ((anna, "nl"), (sofie, "fr"), (sam, "en")):
        user.email = f"{user.username}@desk.example"
        user.language = language
        user.save(update_fields=["email", "language"])
    return {"anna": anna, "sofie": sofie, "sam": sam}


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_every_contact_mail_goes_to_the_contact_in_their_language(
    smtp, mailbox, customer, anna, teams, resolution_code, language
):
    contact = customer(language)
    ticket = tickets.create_ticket(
        acting_user=anna, subject="VPN drops", contact=contact, team=teams["first"]
    )
    tickets.add_reply(ticket, body="Could you send us a screenshot?", acting_user=anna)
    ticket.refresh_from_db()
    tickets.change_status(
        ticket, to=Status.WAITING_CUSTOMER, acting_user=anna, version=ticket.version
    )
    ticket.refresh_from_db()
    tickets.resolve_ticket(
        ticket,
        resolution="We renewed your VPN certificate.",
        code=resolution_code,
        acting_user=anna,
        version=ticket.version,
    )

    assert send_due() == {"sent": 4, "retried": 0, "failed": 0}
    mails = smtp.to("pat@acme.example")
    assert len(mails) == 4
    kinds = ["received", "reply", "waiting", "resolved"]
    for kind, mail in zip(kinds, mails, strict=True):
        assert f"[#{ticket.number}]" in mail["Subject"]
        assert PHRASES[kind][language] in mail.text, kind
        assert mail["X-Loket-Ticket"] == ticket.number
        assert mail["From"] == "Loket <support@loket.example>"
        assert f"/portal/tickets/{ticket.number}/" in mail.text
    assert "Could you send us a screenshot?" in mails[1].text
    assert "We renewed your VPN certificate." in mails[3].text
    rows = OutboundMessage.objects.filter(ticket=ticket).order_by("created_at", "id")
    assert [r.kind for r in rows] == kinds
    assert {r.language for r in rows} == {language}
    assert {r.status for r in rows} == {SendStatus.SENT}


def test_automatic_mails_say_so_and_replies_do_not(smtp, mailbox, customer, anna, teams):
    ticket = tickets.create_ticket(
        acting_user=anna, subject="VPN drops", contact=customer(), team=teams["first"]
    )
    tickets.add_reply(ticket, body="On it.", acting_user=anna)
    send_due()
    received, reply = smtp.to("pat@acme.example")
    assert received["Auto-Submitted"] == "auto-generated"
    assert reply["Auto-Submitted"] == ""
    assert received["X-Auto-Response-Suppress"] == "All"


def test_the_reply_address_carries_the_tickets_token(smtp, mailbox, customer, anna, teams):
    ticket = tickets.create_ticket(
        acting_user=anna, subject="VPN drops", contact=customer(), team=teams["first"]
    )
    send_due()
    (mail,) = smtp.to("pat@acme.example")
    reply_to = mail["Reply-To"]
    assert reply_to.startswith(f"support+{ticket.number}.")
    assert reply_to.endswith("@loket.example")
    assert addressing.number_from_address(reply_to) == ticket.number
    assert mail["Message-ID"].endswith("@loket.example>")


def test_without_a_mailbox_mail_comes_from_the_default_address(smtp, customer, anna, settings):
    settings.DEFAULT_FROM_EMAIL = "Helpdesk <help@desk.example>"
    tickets.create_ticket(acting_user=anna, subject="VPN drops", contact=customer())
    send_due()
    (mail,) = smtp.to("pat@acme.example")
    assert mail["From"] == "Helpdesk <help@desk.example>"
    assert mail["Reply-To"] == ""
    assert mail["Message-ID"].endswith("@desk.example>")


def test_the_primary_address_is_used(smtp, customer, anna):
    contact = customer(emails=["old@acme.example", "pat@acme.example"])
    contact.emails.update(is_primary=False)
    contact.emails.filter(address="pat@acme.example").update(is_primary=True)
    tickets.create_ticket(acting_user=anna, subject="VPN drops", contact=contact)
    send_due()
    assert len(smtp.to("pat@acme.example")) == 1
    assert smtp.to("old@acme.example") == []


def inbound(ticket, *, message_id, sender="Pat Peeters <pat@acme.example>", mailbox=None, at=None):
    return InboundMessage.objects.create(
        mailbox=mailbox,
        dedupe_key=message_id[-64:],
        message_id=message_id,
        sender=sender,
        subject=ticket.subject,
        outcome="new_ticket",
        raw="mail/raw/x.eml",
        size=1,
        sha256="0" * 64,
        ticket=ticket,
        received_at=at or timezone.now(),
    )


def test_replies_thread_under_the_customers_mail(smtp, mailbox, customer, anna, teams):
    contact = customer()
    now = timezone.now()
    ticket = tickets.create_ticket(
        acting_user=None,
        subject="VPN drops",
        contact=contact,
        channel=Channel.EMAIL,
        team=teams["first"],
        now=now,
    )
    first = inbound(ticket, message_id="<first@acme.example>", mailbox=mailbox, at=now)
    ack = outbound.acknowledge(ticket, first)
    assert ack is not None
    tickets.add_reply(ticket, body="One.", acting_user=anna, now=now + timedelta(minutes=1))
    tickets.add_reply(ticket, body="Two.", acting_user=anna, now=now + timedelta(minutes=2))
    send_due(now=now + timedelta(minutes=3))

    ack_mail, one, two = smtp.to("pat@acme.example")
    assert ack_mail["In-Reply-To"] == "<first@acme.example>"
    assert ack_mail["References"] == "<first@acme.example>"
    assert ack_mail["Auto-Submitted"] == "auto-replied"
    assert one["In-Reply-To"] == ack_mail["Message-ID"]
    assert one["References"].split() == ["<first@acme.example>", ack_mail["Message-ID"]]
    assert two["In-Reply-To"] == one["Message-ID"]
    assert two["References"].split() == [
        "<first@acme.example>",
        ack_mail["Message-ID"],
        one["Message-ID"],
    ]


def test_a_customers_later_mail_is_what_the_next_reply_answers(
    smtp, mailbox, customer, anna, teams
):
    now = timezone.now()
    ticket = tickets.create_ticket(
        acting_user=anna, subject="VPN drops", contact=customer(), team=teams["first"], now=now
    )
    inbound(ticket, message_id="<later@acme.example>", at=now + timedelta(minutes=1))
    tickets.add_reply(ticket, body="Thanks.", acting_user=anna, now=now + timedelta(minutes=2))
    reply = OutboundMessage.objects.get(kind=TemplateKind.REPLY)
    assert reply.in_reply_to == "<later@acme.example>"
    received = OutboundMessage.objects.get(kind=TemplateKind.RECEIVED)
    assert reply.references.split() == [received.message_id, "<later@acme.example>"]


def test_references_keep_the_first_and_the_latest_twenty(mailbox, customer, anna, teams):
    now = timezone.now()
    ticket = tickets.create_ticket(
        acting_user=anna, subject="Chatty", contact=customer(), team=teams["first"], now=now
    )
    for minute in range(1, 26):
        inbound(ticket, message_id=f"<m{minute}@acme.example>", at=now + timedelta(minutes=minute))
    tickets.add_reply(ticket, body="Enough.", acting_user=anna, now=now + timedelta(hours=1))
    reply = OutboundMessage.objects.get(kind=TemplateKind.REPLY)
    references = reply.references.split()
    assert len(references) == 20
    assert references[0] == OutboundMessage.objects.get(kind=TemplateKind.RECEIVED).message_id
    assert references[-1] == "<m25@acme.example>"
    assert reply.in_reply_to == "<m25@acme.example>"


def test_an_acknowledgement_goes_to_the_sender(smtp, mailbox, customer, teams):
    contact = customer("fr")
    ticket = tickets.create_ticket(
        acting_user=None, subject="Imprimante", contact=contact, channel=Channel.EMAIL
    )
    assert OutboundMessage.objects.count() == 0  # mail tickets wait for the acknowledgement
    message = inbound(ticket, message_id="<q@acme.example>", sender="pat.home@example.org")
    row = outbound.acknowledge(ticket, message)
    assert row.to_address == "pat.home@example.org"
    assert row.language == "fr"
    send_due()
    (mail,) = smtp.to("pat.home@example.org")
    assert "Nous avons bien reçu votre demande" in mail["Subject"]


def test_internal_notes_and_customer_replies_send_nothing(
    smtp, mailbox, customer, anna, chris, teams
):
    ticket = tickets.create_ticket(
        acting_user=anna, subject="VPN drops", contact=chris.contact, team=teams["first"]
    )
    OutboundMessage.objects.all().delete()
    tickets.add_note(ticket, body="Internal: user is a VIP.", acting_user=anna)
    tickets.add_reply(ticket, body="Any news?", acting_user=chris)
    assert OutboundMessage.objects.count() == 0
    assert send_due() == {"sent": 0, "retried": 0, "failed": 0}
    assert smtp.messages == []


def test_contacts_without_an_address_get_nothing(smtp, mailbox, customer, anna, teams):
    contact = customer(emails=[])
    ticket = tickets.create_ticket(
        acting_user=anna, subject="VPN drops", contact=contact, team=teams["first"]
    )
    tickets.add_reply(ticket, body="Hello?", acting_user=anna)
    tickets.create_ticket(acting_user=anna, subject="No contact at all")
    assert OutboundMessage.objects.count() == 0
    send_due()
    assert smtp.messages == []


def test_a_reply_to_a_contact_without_address_costs_at_most_two_queries(
    mailbox, customer, anna, teams, django_assert_max_num_queries
):
    ticket = tickets.create_ticket(
        acting_user=anna, subject="VPN drops", contact=customer(emails=[]), team=teams["first"]
    )
    event = tickets.add_note(ticket, body="note", acting_user=anna)
    with django_assert_max_num_queries(0):
        outbound.event_written(event)
    reply = tickets.add_reply(ticket, body="Hello?", acting_user=anna)
    with django_assert_max_num_queries(2):
        outbound.event_written(reply)


def test_a_missing_template_falls_back_to_another_language(smtp, mailbox, customer, anna):
    MailTemplate.objects.filter(kind=TemplateKind.RECEIVED, language="fr").update(is_active=False)
    tickets.create_ticket(acting_user=anna, subject="Imprimante", contact=customer("fr"))
    send_due()
    (mail,) = smtp.to("pat@acme.example")
    assert "We hebben uw vraag ontvangen" in mail["Subject"]  # nl comes next


def test_no_template_in_any_language_sends_nothing(smtp, mailbox, customer, anna):
    MailTemplate.objects.filter(kind=TemplateKind.RECEIVED).update(is_active=False)
    tickets.create_ticket(acting_user=anna, subject="Printer", contact=customer())
    assert OutboundMessage.objects.count() == 0


def test_loket_never_mails_its_own_mailboxes(smtp, mailbox, customer, anna):
    Mailbox.objects.create(name="Old", address="helpdesk@loket.example", is_active=False)
    own = customer(emails=["Support+2026-000001.abc@loket.example"])
    tickets.create_ticket(acting_user=anna, subject="Loop?", contact=own)
    other = customer(emails=["helpdesk@loket.example"])
    tickets.create_ticket(acting_user=anna, subject="Loop?", contact=other)
    assert OutboundMessage.objects.count() == 0


def test_at_most_five_acknowledgements_an_hour_go_to_one_address(smtp, mailbox, customer):
    contact = customer(emails=["robot@acme.example"])
    now = timezone.now()
    rows = []
    for n in range(7):
        ticket = tickets.create_ticket(
            acting_user=None, subject=f"Alert {n}", contact=contact, channel=Channel.EMAIL
        )
        message = inbound(
            ticket, message_id=f"<alert{n}@acme.example>", sender="robot@acme.example", at=now
        )
        rows.append(outbound.acknowledge(ticket, message))
    assert [r.status for r in rows] == [SendStatus.QUEUED] * 5 + [SendStatus.SUPPRESSED] * 2
    assert "Loop guard" in rows[-1].last_error
    send_due()
    assert len(smtp.to("robot@acme.example")) == 5
    # An hour later the address is mailed again.
    ticket = tickets.create_ticket(
        acting_user=None, subject="Alert 8", contact=contact, channel=Channel.EMAIL
    )
    later = inbound(
        ticket,
        message_id="<alert8@acme.example>",
        sender="robot@acme.example",
        at=now + timedelta(hours=1),
    )
    assert outbound.acknowledge(ticket, later).status == SendStatus.QUEUED


def test_automatic_mail_is_not_acknowledged(mailbox, customer):
    ticket = tickets.create_ticket(
        acting_user=None, subject="Out of office", contact=customer(), channel=Channel.EMAIL
    )
    message = inbound(ticket, message_id="<ooo@acme.example>")
    message.kind = "auto_reply"
    assert outbound.acknowledge(ticket, message) is None


def test_an_assigned_agent_is_told_in_their_language(smtp, mailbox, staff_mail, customer, teams):
    anna, sofie = staff_mail["anna"], staff_mail["sofie"]
    ticket = tickets.create_ticket(
        acting_user=anna, subject="VPN drops", contact=customer(), team=teams["first"]
    )
    tickets.assign_ticket(
        ticket, team=teams["first"], assignee=sofie, acting_user=anna, version=ticket.version
    )
    send_due()
    (mail,) = smtp.to("sofie@desk.example")
    assert f"[#{ticket.number}]" in mail["Subject"]
    assert "Ticket qui vous est assigné" in mail["Subject"]
    assert "Anna vous a assigné le ticket" in mail.text
    assert f"/tickets/{ticket.number}/" in mail.text
    assert "/portal/" not in mail.text
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["Reply-To"] == ""  # not into the customer's ticket
    assert smtp.to("anna@desk.example") == []


def test_taking_a_ticket_yourself_sends_nothing(smtp, mailbox, staff_mail, teams):
    anna = staff_mail["anna"]
    ticket = tickets.create_ticket(acting_user=anna, subject="VPN drops", team=teams["first"])
    tickets.assign_ticket(
        ticket, team=teams["first"], assignee=anna, acting_user=anna, version=ticket.version
    )
    assert OutboundMessage.objects.count() == 0


def test_an_escalation_reaches_the_teams_agents_but_not_the_one_escalating(
    smtp, mailbox, staff_mail, customer, teams
):
    anna = staff_mail["anna"]
    add_to_team(anna, teams["second"])  # Anna is in both teams: she is not told
    nora = create_user(
        username="nora", role=Role.SPECIALIST, email="nora@desk.example", language="nl"
    )
    add_to_team(nora, teams["second"])
    gone = create_user(username="gone", role=Role.SPECIALIST, email="gone@desk.example")
    add_to_team(gone, teams["second"])
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    ticket = tickets.create_ticket(
        acting_user=anna, subject="Laptop broken", contact=customer(), team=teams["first"]
    )
    tickets.escalate_ticket(
        ticket,
        to_team=teams["second"],
        reason="Needs a new screen.",
        acting_user=anna,
        version=ticket.version,
    )
    send_due()
    (to_sam,) = smtp.to("sam@desk.example")
    (to_nora,) = smtp.to("nora@desk.example")
    assert "Escalated to Werkplek 2de lijn" in to_sam["Subject"]
    assert "Needs a new screen." in to_sam.text
    assert "Geëscaleerd naar Werkplek 2de lijn" in to_nora["Subject"]
    assert f"[#{ticket.number}]" in to_nora["Subject"]
    assert smtp.to("anna@desk.example") == []
    assert smtp.to("gone@desk.example") == []


def test_mailbox_for_prefers_the_mailbox_the_customer_wrote_to(mailbox, customer, anna, teams):
    other = Mailbox.objects.create(name="A-first", address="a@loket.example")
    ticket = tickets.create_ticket(
        acting_user=anna, subject="VPN", contact=customer(), team=teams["first"]
    )
    assert outbound.mailbox_for(ticket) == mailbox  # the team's
    inbound(ticket, message_id="<w@acme.example>", mailbox=other)
    assert outbound.mailbox_for(ticket) == other
    elsewhere = tickets.create_ticket(acting_user=anna, subject="No team")
    assert outbound.mailbox_for(elsewhere) == other  # the first active one, by name
    Mailbox.objects.update(is_active=False)
    assert outbound.mailbox_for(elsewhere) is None


def mail_from_pat(*, message_id, to, subject, body, in_reply_to=""):
    threading = (
        f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n" if in_reply_to else ""
    )
    return (
        f"From: Pat Peeters <pat@acme.example>\r\nTo: {to}\r\nSubject: {subject}\r\n"
        f"Message-ID: {message_id}\r\nDate: Sat, 28 Nov 2026 10:00:00 +0100\r\n{threading}"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


def test_a_customers_mail_round_trip(smtp, mailbox, customer, anna):
    """Pat writes in, is acknowledged, answers the acknowledgement from a mail client;
    the answer lands on the ticket and the agent's reply answers it."""
    from loket.channels.ingest import ingest

    customer()
    first = ingest(
        mail_from_pat(
            message_id="<q1@acme.example>",
            to="support@loket.example",
            subject="Printer jammed",
            body="The printer on floor 2 is jammed.",
        ),
        mailbox=mailbox,
    )
    ticket = first.message.ticket
    assert ticket is not None
    send_due()
    (ack,) = smtp.to("pat@acme.example")
    assert ack["In-Reply-To"] == "<q1@acme.example>"
    assert ack["Auto-Submitted"] == "auto-replied"
    assert f"[#{ticket.number}]" in ack["Subject"]

    ingest(
        mail_from_pat(
            message_id="<q2@acme.example>",
            to=ack["Reply-To"],
            subject=f"Re: {ack['Subject']}",
            body="It is still jammed.",
            in_reply_to=ack["Message-ID"],
        ),
        mailbox=mailbox,
    )
    assert ticket.events.filter(kind="reply", body__contains="still jammed").exists()
    tickets.add_reply(ticket, body="We will come by today.", acting_user=anna)
    send_due()
    reply = smtp.to("pat@acme.example")[-1]
    assert "We will come by today." in reply.text
    assert reply["In-Reply-To"] == "<q2@acme.example>"
    assert reply["References"].split() == [
        "<q1@acme.example>",
        ack["Message-ID"],
        "<q2@acme.example>",
    ]
