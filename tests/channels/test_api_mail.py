"""The mail API: listing and reading incoming mail, marking it handled, and handing
Loket a raw message (admins only)."""

import pytest

from loket.accounts.services import issue_token
from loket.channels.ingest import ingest
from loket.channels.models import InboundMessage, Mailbox, Outcome
from loket.tickets.services import assign_ticket
from tests.api.conftest import ApiClient
from tests.channels.test_ingest import mail


@pytest.fixture
def api(db):
    return lambda user: ApiClient(issue_token(user) if user is not None else None)


@pytest.fixture
def mailbox(teams):
    return Mailbox.objects.create(
        name="support", address="support@desk.example", team=teams["first"]
    )


@pytest.fixture
def flagged(mailbox):
    return ingest(mail(sender=None, subject="nobody"), mailbox=mailbox).message


@pytest.fixture
def on_ticket(mailbox, contact_a, anna, teams):
    message = ingest(mail(), mailbox=mailbox).message
    assign_ticket(
        message.ticket, team=teams["first"], assignee=anna, acting_user=anna, version=None
    )
    return message


def test_staff_list_the_mail_they_may_see(api, anna, bob, flagged, on_ticket):
    answer = api(anna).get("/mail/messages").json()
    assert answer["count"] == 2
    assert {m["id"] for m in answer["results"]} == {flagged.pk, on_ticket.pk}
    # Bob's team does not have the ticket: he sees the flagged mail only.
    assert [m["id"] for m in api(bob).get("/mail/messages").json()["results"]] == [flagged.pk]


def test_the_list_filters_by_outcome(api, anna, flagged, on_ticket):
    answer = api(anna).get("/mail/messages", {"outcome": "flagged"}).json()
    assert [m["id"] for m in answer["results"]] == [flagged.pk]
    assert answer["results"][0]["problem"]
    assert api(anna).get("/mail/messages", {"outcome": "nonsense"}).status_code == 422


def test_the_list_query_count_does_not_grow(api, anna, mailbox, django_assert_max_num_queries):
    for n in range(5):
        ingest(mail(sender=None, subject=f"n{n}"), mailbox=mailbox)
    client = api(anna)
    with django_assert_max_num_queries(8):
        assert client.get("/mail/messages").status_code == 200


def test_one_message(api, anna, on_ticket):
    answer = api(anna).get(f"/mail/messages/{on_ticket.pk}").json()
    assert answer["ticket"] == on_ticket.ticket.number
    assert answer["outcome"] == "new_ticket"
    assert answer["sender"] == "chris@acme.example"
    assert answer["mailbox"]["name"] == "support"


def test_a_message_on_a_ticket_the_agent_cannot_see_is_404(api, bob, on_ticket):
    response = api(bob).get(f"/mail/messages/{on_ticket.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("path", ["/mail/messages", "/mail/messages/1"])
def test_customers_get_403(api, chris, flagged, path):
    response = api(chris).get(path)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_marking_handled(api, anna, flagged):
    response = api(anna).post(f"/mail/messages/{flagged.pk}/handled")
    assert response.status_code == 200
    assert response.json()["outcome"] == "dismissed"
    assert response.json()["handled_by"]["username"] == "anna"
    assert api(anna).post(f"/mail/messages/{flagged.pk}/handled").status_code == 200


def test_an_admin_hands_loket_a_raw_message(api, ad, mailbox, contact_a):
    raw = mail(message_id="<api-1@client.example>")
    client = api(ad)
    response = client.raw("post", f"/mail/inbound?mailbox={mailbox.pk}", raw, "message/rfc822")
    assert response.status_code == 201
    answer = response.json()
    assert answer["duplicate"] is False
    assert answer["message"]["outcome"] == "new_ticket"
    stored = InboundMessage.objects.get()
    with stored.raw.open("rb") as handle:
        assert handle.read() == raw
    again = client.raw("post", f"/mail/inbound?mailbox={mailbox.pk}", raw, "message/rfc822")
    assert again.status_code == 200
    assert again.json()["duplicate"] is True


def test_odd_mail_through_the_api_is_flagged_not_refused(api, ad):
    response = api(ad).raw("post", "/mail/inbound", b"\x00\xff garbage", "message/rfc822")
    assert response.status_code == 201
    assert response.json()["message"]["outcome"] == Outcome.FLAGGED


@pytest.mark.parametrize(
    ("body", "content_type", "query", "status", "code"),
    [
        (b"From: a@b.example\r\n\r\nx", "application/json", "", 415, "unsupported_media_type"),
        (b"  \r\n", "message/rfc822", "", 422, "empty_message"),
        (
            b"From: a@b.example\r\n\r\nx",
            "message/rfc822",
            "?mailbox=999999",
            422,
            "unknown_mailbox",
        ),
        (b"From: a@b.example\r\n\r\nx", "message/rfc822", "?mailbox=0", 422, "validation_error"),
    ],
)
def test_bad_inbound_requests(api, ad, body, content_type, query, status, code):
    response = api(ad).raw("post", f"/mail/inbound{query}", body, content_type)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert not InboundMessage.objects.exists()


def test_too_large_a_body_is_413(api, ad, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = api(ad).raw(
        "post", "/mail/inbound", b"From: a@b.example\r\n\r\n" + b"x" * 200, "message/rfc822"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


@pytest.mark.parametrize("who", ["anna", "sofie", "chris"])
def test_only_admins_post_raw_mail(api, request, who):
    user = request.getfixturevalue(who)
    response = api(user).raw(
        "post", "/mail/inbound", b"From: a@b.example\r\n\r\nx", "message/rfc822"
    )
    assert response.status_code == 403
    assert not InboundMessage.objects.exists()


def test_without_a_token_it_is_401(api):
    assert api(None).get("/mail/messages").status_code == 401
