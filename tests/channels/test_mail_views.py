"""The mail review pages: who may see what, the original as a safe download, making a
ticket of a flagged mail and marking it handled."""

import pytest
from django.urls import reverse

from loket.channels.ingest import ingest
from loket.channels.models import InboundMessage, Mailbox, Outcome
from loket.tickets.models import EventKind
from loket.tickets.services import assign_ticket
from tests.channels.test_ingest import mail


@pytest.fixture
def mailbox(teams):
    return Mailbox.objects.create(
        name="support", address="support@desk.example", team=teams["first"]
    )


@pytest.fixture
def flagged(mailbox):
    return ingest(mail(sender=None, subject="<b>Who</b> sent this?"), mailbox=mailbox).message


@pytest.fixture
def on_ticket(mailbox, contact_a, anna, teams):
    """A mail that became a ticket of Anna's team (Eerstelijn), assigned to her."""
    message = ingest(mail(), mailbox=mailbox).message
    assign_ticket(
        message.ticket, team=teams["first"], assignee=anna, acting_user=anna, version=None
    )
    return message


def login(client, user):
    client.force_login(user)
    return client


def test_staff_see_the_flagged_mail(client, anna, flagged, on_ticket):
    text = login(client, anna).get(reverse("channels:mail_review")).text
    assert reverse("channels:mail_message", args=[flagged.pk]) in text
    assert reverse("channels:mail_message", args=[on_ticket.pk]) not in text
    assert "&lt;b&gt;Who&lt;/b&gt;" in text


def test_all_recent_mail_on_request(client, anna, flagged, on_ticket):
    text = login(client, anna).get(reverse("channels:mail_review") + "?show=all").text
    assert reverse("channels:mail_message", args=[on_ticket.pk]) in text


def test_the_message_page_shows_the_problem_headers_and_escaped_text(client, anna, mailbox):
    raw = (
        b"To: support@desk.example\r\nSubject: odd\r\nMessage-ID: <v1@x>\r\n\r\n"
        b"<script>alert(1)</script>\r\n"
    )
    message = ingest(raw, mailbox=mailbox).message
    text = login(client, anna).get(reverse("channels:mail_message", args=[message.pk])).text
    assert "no usable sender" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>alert(1)" not in text
    assert "Message-ID" in text


@pytest.mark.parametrize("name", ["mail_review"])
def test_customers_get_403(client, chris, flagged, name):
    assert login(client, chris).get(reverse(f"channels:{name}")).status_code == 403


@pytest.mark.parametrize("name", ["mail_message", "mail_raw"])
def test_customers_cannot_read_a_message(client, chris, on_ticket, name):
    response = login(client, chris).get(reverse(f"channels:{name}", args=[on_ticket.pk]))
    assert response.status_code in (403, 404)


def test_anonymous_users_go_to_the_login_page(client, flagged):
    response = client.get(reverse("channels:mail_raw", args=[flagged.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_original_is_a_download_that_is_never_rendered(client, anna, on_ticket):
    response = login(client, anna).get(reverse("channels:mail_raw", args=[on_ticket.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "message/rfc822"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    with on_ticket.raw.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_an_agent_of_another_team_cannot_read_the_original_of_a_ticket_they_cannot_see(
    client, bob, on_ticket
):
    login(client, bob)
    assert client.get(reverse("channels:mail_raw", args=[on_ticket.pk])).status_code == 404
    assert client.get(reverse("channels:mail_message", args=[on_ticket.pk])).status_code == 404


def test_an_agent_makes_a_ticket_of_a_flagged_mail(client, anna, flagged, org_a):
    response = login(client, anna).post(
        reverse("channels:mail_create_ticket", args=[flagged.pk]),
        {"address": "Dana@acme.example", "name": "Dana De Smet", "subject": "Who sent this"},
    )
    flagged.refresh_from_db()
    ticket = flagged.ticket
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:detail", args=[ticket.number])
    assert flagged.outcome == Outcome.NEW_TICKET
    assert flagged.handled_by == anna
    assert ticket.subject == "Who sent this"
    assert ticket.contact.organisation == org_a
    assert ticket.created_by == anna
    assert ticket.events.filter(kind=EventKind.REPLY, data__inbound=flagged.pk).exists()


def test_a_bad_address_is_refused(client, anna, flagged):
    response = login(client, anna).post(
        reverse("channels:mail_create_ticket", args=[flagged.pk]),
        {"address": "not an address", "subject": "x"},
    )
    assert response.status_code == 422
    flagged.refresh_from_db()
    assert flagged.ticket is None


def test_a_mail_already_on_a_ticket_gets_no_second_one(client, anna, on_ticket):
    response = login(client, anna).post(
        reverse("channels:mail_create_ticket", args=[on_ticket.pk]),
        {"address": "chris@acme.example", "subject": "again"},
    )
    assert response.status_code == 422
    assert "already on a ticket" in response.text


def test_marking_a_flagged_mail_handled_dismisses_it(client, anna, flagged):
    response = login(client, anna).post(reverse("channels:mail_mark_handled", args=[flagged.pk]))
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.outcome == Outcome.DISMISSED
    assert flagged.handled_by == anna
    text = client.get(reverse("channels:mail_review")).text
    assert reverse("channels:mail_message", args=[flagged.pk]) not in text


def test_actions_need_post(client, anna, flagged):
    login(client, anna)
    assert client.get(reverse("channels:mail_mark_handled", args=[flagged.pk])).status_code == 405
    assert InboundMessage.objects.get(pk=flagged.pk).handled_at is None


def test_a_customer_cannot_mark_mail_handled(client, chris, flagged):
    response = login(client, chris).post(reverse("channels:mail_mark_handled", args=[flagged.pk]))
    assert response.status_code == 403


# --- e-mail on the ticket timeline --------------------------------------------------------


def _rich_mail() -> bytes:
    from email import message_from_bytes, policy

    raw = mail(
        sender="Chris Claes <chris@acme.example>",
        body="It is broken again.\n\nOn Mon, 2 Nov 2026, Loket <support@desk.example> wrote:\n> Fixed?",
        html='<p onclick="x()">It is <b>broken</b> again.<img src="cid:shot@x">'
        '<img src="https://tracker.example/p.gif"><script>alert(1)</script></p>',
    )
    message = message_from_bytes(raw, policy=policy.default)
    html_part = next(p for p in message.walk() if p.get_content_type() == "text/html")
    html_part.add_related(
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, maintype="image", subtype="png", cid="<shot@x>"
    )
    return message.as_bytes()


def test_the_ticket_page_draws_an_e_mail(client, anna, mailbox, contact_a):
    inbound = ingest(_rich_mail(), mailbox=mailbox).message
    ticket = inbound.ticket
    text = login(client, anna).get(reverse("tickets:detail", args=[ticket.number])).text

    assert "Chris Claes" in text and "&lt;chris@acme.example&gt;" in text
    assert "It is broken again." in text
    assert "<summary>Quoted history</summary>" in text and "Fixed?" in text
    assert "<summary>Show formatted</summary>" in text
    assert "<b>broken</b>" in text
    image = inbound.event.attachments.get()
    assert f'src="{reverse("tickets:attachment", args=[ticket.number, image.pk])}"' in text
    assert "tracker.example" not in text
    assert "alert(1)" not in text and 'onclick="x()"' not in text
    assert reverse("channels:mail_raw", args=[inbound.pk]) in text


def test_the_ticket_page_shows_how_the_mails_were_delivered(client, anna, mailbox, contact_a):
    from django.utils import timezone

    from loket.channels.models import OutboundMessage, SendStatus
    from loket.tickets.services import add_reply

    ticket = ingest(mail(), mailbox=mailbox).message.ticket
    reply = add_reply(ticket, body="Try turning it off.", acting_user=anna)
    for n, (status, error) in enumerate(
        [(SendStatus.SENT, ""), (SendStatus.FAILED, "550 mailbox unavailable")]
    ):
        OutboundMessage.objects.create(
            ticket=ticket,
            event=reply,
            kind="reply",
            to_address=f"to{n}@acme.example",
            from_address="support@desk.example",
            language="nl",
            subject="s",
            body="b",
            message_id=f"<out{n}@desk.example>",
            status=status,
            last_error=error,
            sent_at=timezone.now() if status == SendStatus.SENT else None,
            created_at=timezone.now(),
        )
    text = login(client, anna).get(reverse("tickets:detail", args=[ticket.number])).text
    assert "Mail to to0@acme.example" in text and "sent at" in text
    assert "Mail to to1@acme.example" in text and "550 mailbox unavailable" in text


def test_the_customer_sees_their_mail_but_not_automatic_mail_or_problems(
    client, chris, mailbox, contact_a
):
    raw = (
        b"From: Chris <chris@acme.example>\r\nSubject: Hi\r\nMessage-ID: <p1@x>\r\n"
        b"Content-Type: text/plain; charset=x-klingon\r\n\r\nMy question\r\n"
    )
    inbound = ingest(raw, mailbox=mailbox).message
    ticket = inbound.ticket
    ingest(
        mail(
            subject=f"Out of office [#{ticket.number}]",
            body="I am away",
            headers={"Auto-Submitted": "auto-replied"},
        ),
        mailbox=mailbox,
    )
    text = login(client, chris).get(reverse("portal:ticket", args=[ticket.number])).text
    assert "My question" in text
    assert "(by e-mail)" in text
    assert "I am away" not in text
    assert "klingon" not in text
    assert reverse("channels:mail_raw", args=[inbound.pk]) not in text


def test_the_ticket_page_query_count_does_not_grow_with_e_mails(client, anna, mailbox, contact_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ticket = ingest(_rich_mail(), mailbox=mailbox).message.ticket
    login(client, anna)
    url = reverse("tickets:detail", args=[ticket.number])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        ingest(
            mail(
                subject=f"Re: [#{ticket.number}] more",
                body=f"more {n}",
                attachments=[(f"f{n}.txt", b"x", "text", "plain")],
            ),
            mailbox=mailbox,
        )
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    assert len(five) == len(one)
