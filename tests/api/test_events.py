"""A ticket's timeline: replies, notes, calls and their attachments."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loket.tickets.models import EventKind
from loket.tickets.services import add_note

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def ticket(make_ticket, teams, contact_a, anna):
    return make_ticket(acting_user=anna, contact=contact_a, team=teams["first"], assignee=anna)


def test_agent_replies_and_sets_the_first_response(api, anna, ticket):
    response = api(anna).post(f"/tickets/{ticket.pk}/events", {"kind": "reply", "body": "On it"})
    assert response.status_code == 201, response.json()
    assert response.json()["is_public"] is True
    assert response.json()["author"]["username"] == "anna"
    assert api(anna).get(f"/tickets/{ticket.pk}").json()["first_response_at"] is not None


def test_agent_adds_an_internal_note(api, anna, ticket):
    response = api(anna).post(f"/tickets/{ticket.pk}/events", {"kind": "note", "body": "Hmm"})
    assert response.status_code == 201
    assert response.json()["is_public"] is False


def test_an_empty_message_is_refused(api, anna, ticket):
    response = api(anna).post(f"/tickets/{ticket.pk}/events", {"kind": "reply", "body": "  "})
    assert response.status_code == 422
    assert response.json()["code"] == "body_required"


def test_agent_logs_a_call(api, anna, ticket):
    response = api(anna).post(
        f"/tickets/{ticket.pk}/events",
        {
            "kind": "call",
            "direction": "in",
            "started": "2026-03-02T09:00:00+01:00",
            "answered": "2026-03-02T09:00:30+01:00",
            "ended": "2026-03-02T09:05:30+01:00",
            "body": "Explained the VPN client",
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert (data["direction"], data["wait_seconds"], data["talk_seconds"]) == ("in", 30, 300)


def test_a_call_needs_its_times(api, anna, ticket):
    response = api(anna).post(f"/tickets/{ticket.pk}/events", {"kind": "call", "direction": "in"})
    assert response.status_code == 422
    assert response.json()["code"] == "call_incomplete"


def test_a_call_cannot_end_before_it_starts(api, anna, ticket):
    response = api(anna).post(
        f"/tickets/{ticket.pk}/events",
        {
            "kind": "call",
            "direction": "out",
            "started": "2026-03-02T09:00:00Z",
            "ended": "2026-03-02T08:00:00Z",
        },
    )
    assert response.status_code == 422
    assert response.json()["code"] == "bad_times"


def test_a_stale_version_on_a_reply_is_a_conflict(api, anna, ticket):
    response = api(anna).post(
        f"/tickets/{ticket.pk}/events", {"kind": "reply", "body": "x", "version": 99}
    )
    assert response.status_code == 409


def test_customer_replies_on_their_own_ticket(api, chris, ticket):
    response = api(chris).post(f"/tickets/{ticket.pk}/events", {"kind": "reply", "body": "Thx"})
    assert response.status_code == 201, response.json()


def test_customer_cannot_add_notes_or_calls(api, chris, ticket):
    for kind in ("note", "call"):
        response = api(chris).post(f"/tickets/{ticket.pk}/events", {"kind": kind, "body": "x"})
        assert response.status_code == 403, kind


def test_customer_sees_only_public_events(api, anna, chris, ticket):
    add_note(ticket, body="Customer is grumpy", acting_user=anna)
    api(anna).post(f"/tickets/{ticket.pk}/events", {"kind": "reply", "body": "Fixed?"})
    kinds = [event["kind"] for event in api(chris).get(f"/tickets/{ticket.pk}/events").json()]
    assert kinds == ["reply"]
    staff_kinds = {e["kind"] for e in api(anna).get(f"/tickets/{ticket.pk}/events").json()}
    assert {"created", "note", "reply"} <= staff_kinds


def test_agent_attaches_a_file_with_multipart(api, anna, ticket):
    upload = SimpleUploadedFile("../../etc/screen shot.png", PNG, content_type="text/html")
    response = api(anna).upload(
        f"/tickets/{ticket.pk}/events", {"kind": "reply", "body": "See", "files": [upload]}
    )
    assert response.status_code == 201, response.json()
    attachment = response.json()["attachments"][0]
    assert attachment["filename"] == "screen_shot.png"
    assert attachment["content_type"] == "image/png"
    download = api(anna).get(attachment["url"].removeprefix("/api/v1"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_active_content_is_served_as_an_opaque_download(api, anna, ticket):
    upload = SimpleUploadedFile("page.html", b"<html><script>alert(1)</script></html>")
    response = api(anna).upload(f"/tickets/{ticket.pk}/events", {"kind": "note", "files": upload})
    url = response.json()["attachments"][0]["url"].removeprefix("/api/v1")
    download = api(anna).get(url)
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment")


def test_customer_cannot_download_attachments_of_internal_notes(api, anna, chris, camille, ticket):
    upload = SimpleUploadedFile("secret.txt", b"internal")
    note = api(anna).upload(f"/tickets/{ticket.pk}/events", {"kind": "note", "files": upload})
    url = note.json()["attachments"][0]["url"].removeprefix("/api/v1")
    assert api(chris).get(url).status_code == 404
    reply_upload = SimpleUploadedFile("answer.txt", b"public")
    reply = api(anna).upload(
        f"/tickets/{ticket.pk}/events", {"kind": "reply", "files": reply_upload}
    )
    url = reply.json()["attachments"][0]["url"].removeprefix("/api/v1")
    assert api(chris).get(url).status_code == 200
    assert api(camille).get(url).status_code == 404


def test_an_attachment_must_belong_to_the_event_in_its_url(api, anna, ticket, make_ticket):
    upload = SimpleUploadedFile("a.txt", b"a")
    event = api(anna).upload(f"/tickets/{ticket.pk}/events", {"kind": "note", "files": upload})
    attachment_id = event.json()["attachments"][0]["id"]
    other = make_ticket(acting_user=anna)
    other_event = other.events.get(kind=EventKind.CREATED)
    path = f"/tickets/{other.pk}/events/{other_event.pk}/attachments/{attachment_id}"
    assert api(anna).get(path).status_code == 404


def test_unknown_multipart_fields_are_refused(api, anna, ticket):
    response = api(anna).upload(f"/tickets/{ticket.pk}/events", {"kind": "note", "x": "1"})
    assert response.status_code == 422


def test_timeline_queries_do_not_grow_with_the_events(
    api, anna, ticket, django_assert_max_num_queries
):
    client = api(anna)
    client.get(f"/tickets/{ticket.pk}/events")
    with django_assert_max_num_queries(8) as few:
        client.get(f"/tickets/{ticket.pk}/events")
    baseline = len(few.captured_queries)
    for i in range(10):
        upload = SimpleUploadedFile(f"f{i}.txt", b"x")
        client.upload(
            f"/tickets/{ticket.pk}/events", {"kind": "note", "body": "n", "files": upload}
        )
    with django_assert_max_num_queries(baseline):
        assert len(client.get(f"/tickets/{ticket.pk}/events").json()) == 11
