"""The ticket page: access, the timeline, actions with versions, conflicts, downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loket.tickets.models import Attachment, EventKind, Status
from loket.tickets.services import add_note, escalate_ticket


def page(ticket):
    return reverse("tickets:detail", args=[ticket.number])


def action(ticket, name):
    return reverse("tickets:action", args=[ticket.number, name])


@pytest.fixture
def anna_client(client, anna):
    client.force_login(anna)
    return client


@pytest.fixture
def ticket(anna, teams, contact_a, make_ticket):
    return make_ticket(
        acting_user=anna, subject="Laptop will not boot", team=teams["first"], contact=contact_a
    )


def test_agent_sees_header_and_contact(anna_client, ticket):
    response = anna_client.get(page(ticket))
    assert response.status_code == 200
    assert ticket.number in response.text
    assert "Laptop will not boot" in response.text
    assert "Chris Claes" in response.text


def test_anna_cannot_open_a_netwerk_ticket(anna_client, teams, sam, make_ticket):
    other = make_ticket(subject="Switch down", team=teams["network"])
    assert anna_client.get(page(other)).status_code == 404
    assert (
        anna_client.post(
            action(other, "message"), {"version": 1, "kind": "note", "body": "x"}
        ).status_code
        == 404
    )


def test_bad_ticket_number_is_404(anna_client):
    assert anna_client.get("/tickets/2026-999999/").status_code == 404
    assert anna_client.get("/tickets/nonsense/").status_code == 404


def test_customer_gets_no_ticket_page(client, chris, ticket):
    client.force_login(chris)
    assert client.get(page(ticket)).status_code == 403


def test_unknown_action_is_404(anna_client, ticket):
    assert anna_client.post(action(ticket, "explode"), {"version": 1}).status_code == 404


def test_reply_and_note_are_visually_distinct(anna_client, ticket):
    anna_client.post(action(ticket, "message"), {"version": 1, "kind": "reply", "body": "Hello!"})
    anna_client.post(action(ticket, "message"), {"version": 2, "kind": "note", "body": "Psst"})
    text = anna_client.get(page(ticket)).text
    assert "event-reply" in text and "event-note" in text
    assert "Hello!" in text and "Psst" in text


def test_htmx_action_returns_the_updated_ticket_fragment(anna_client, ticket):
    response = anna_client.post(
        action(ticket, "message"),
        {"version": 1, "kind": "note", "body": "Checked the BIOS"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="ticket"' in response.text
    assert "Checked the BIOS" in response.text
    assert 'name="version" value="2"' in response.text


def test_stale_version_shows_conflict_and_keeps_text(anna_client, anna, sofie, ticket):
    add_note(ticket, body="Sofie was here", acting_user=sofie, version=1)
    response = anna_client.post(
        action(ticket, "message"),
        {"version": 1, "kind": "reply", "body": "My carefully typed answer"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert "Sofie changed this ticket meanwhile" in response.text
    assert "My carefully typed answer" in response.text
    assert "Sofie was here" in response.text
    ticket.refresh_from_db()
    assert not ticket.events.filter(body="My carefully typed answer").exists()


def test_stale_classification_is_not_saved(anna_client, sofie, ticket):
    add_note(ticket, body="meanwhile", acting_user=sofie, version=1)
    data = {
        "version": 1,
        "subject": "Changed by Anna",
        "type": "question",
        "impact": 1,
        "urgency": 1,
    }
    response = anna_client.post(action(ticket, "classify"), data)
    assert response.status_code == 409
    assert 'value="Changed by Anna"' in response.text
    ticket.refresh_from_db()
    assert ticket.subject == "Laptop will not boot"


def test_classify_changes_priority_and_logs_old_to_new(anna_client, ticket, categories):
    data = {
        "version": 1,
        "subject": ticket.subject,
        "type": "incident",
        "impact": 1,
        "urgency": 1,
        "category": categories["hardware"].pk,
    }
    assert anna_client.post(action(ticket, "classify"), data).status_code == 302
    ticket.refresh_from_db()
    assert ticket.priority == "P1"
    text = anna_client.get(page(ticket)).text
    assert "<del>P3 – normal</del> → <ins>P1 – critical</ins>" in text or "P1 – critical" in text


def test_escalate_needs_a_reason(anna_client, ticket, teams):
    response = anna_client.post(
        action(ticket, "escalate"), {"version": 1, "team": teams["second"].pk, "reason": ""}
    )
    assert response.status_code == 422
    ticket.refresh_from_db()
    assert ticket.team == teams["first"]


def test_escalation_shows_from_and_to_team_with_reason(anna_client, ticket, teams):
    anna_client.post(
        action(ticket, "escalate"),
        {"version": 1, "team": teams["second"].pk, "reason": "Disk is dead"},
    )
    ticket.refresh_from_db()
    assert ticket.team == teams["second"]
    # Anna created it, so she still sees it.
    text = anna_client.get(page(ticket)).text
    assert "Escalated from Eerstelijn to <strong>Werkplek 2de lijn</strong>" in text
    assert "Disk is dead" in text


def test_assign_to_someone_outside_the_team_shows_the_reason(anna_client, ticket, teams, sam):
    response = anna_client.post(
        action(ticket, "assign"), {"version": 1, "team": teams["first"].pk, "assignee": sam.pk}
    )
    assert response.status_code == 422
    assert "is not a member of team" in response.text


def test_status_resolve_close_reopen(anna_client, ticket, resolution_code):
    assert (
        anna_client.post(
            action(ticket, "status"), {"version": 1, "status": "waiting_customer"}
        ).status_code
        == 302
    )
    anna_client.post(
        action(ticket, "resolve"),
        {"version": 2, "resolution": "New SSD", "code": resolution_code.pk},
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    anna_client.post(action(ticket, "close"), {"version": ticket.version})
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    anna_client.post(action(ticket, "reopen"), {"version": ticket.version, "reason": "Again"})
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("status", {"version": 1, "status": "closed"}),
        ("status", {"version": "abc", "status": "open"}),
        ("resolve", {"version": 1, "resolution": "", "code": "zzz"}),
        ("assign", {"version": 1, "team": "999999"}),
        ("classify", {"version": 1, "subject": "", "impact": 9, "urgency": "x", "type": "?"}),
        ("close", {"version": 1}),
        ("reopen", {}),
        ("message", {"version": 1, "kind": "shout", "body": ""}),
    ],
)
def test_bad_input_is_a_form_error_not_a_500(anna_client, ticket, name, data):
    response = anna_client.post(action(ticket, name), data)
    assert response.status_code in (409, 422)


def test_attachment_is_uploaded_and_downloaded_as_attachment(anna_client, ticket):
    upload = SimpleUploadedFile("<script>.html", b"<html><script>alert(1)</script></html>")
    anna_client.post(
        action(ticket, "message"),
        {"version": 1, "kind": "note", "body": "log", "attachments": upload},
    )
    item = Attachment.objects.get()
    response = anna_client.get(reverse("tickets:attachment", args=[ticket.number, item.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"<html>")


def test_attachment_of_an_invisible_ticket_is_404(client, bob, anna, ticket, teams, sam):
    anna_c = client
    anna_c.force_login(anna)
    anna_c.post(
        action(ticket, "message"),
        {
            "version": 1,
            "kind": "note",
            "body": "x",
            "attachments": SimpleUploadedFile("a.txt", b"hi"),
        },
    )
    escalate_ticket(ticket, to_team=teams["network"], reason="r", acting_user=anna, version=None)
    item = Attachment.objects.get()
    client.force_login(bob)
    assert (
        client.get(reverse("tickets:attachment", args=[ticket.number, item.pk])).status_code == 404
    )


def test_timeline_renders_every_event_kind(anna_client, anna, ticket, teams):
    from datetime import timedelta

    from django.utils import timezone

    from loket.tickets.services import CallLog, log_call

    now = timezone.now()
    log_call(
        ticket,
        call=CallLog("in", now - timedelta(seconds=100), now - timedelta(seconds=70), now),
        acting_user=anna,
    )
    escalate_ticket(
        ticket, to_team=teams["second"], reason="Specialist needed", acting_user=anna, version=None
    )
    text = anna_client.get(page(ticket)).text
    for kind in (EventKind.CALL, EventKind.ESCALATION, EventKind.CREATED):
        assert f"event-{kind}" in text
    assert "waited 0:30" in text and "talked 1:10" in text


@pytest.mark.parametrize("events", [2, 25])
def test_ticket_page_query_count_does_not_grow(
    anna_client, anna, ticket, events, django_assert_max_num_queries
):
    for i in range(events):
        add_note(
            ticket,
            body=f"note {i}",
            acting_user=anna,
            attachments=[SimpleUploadedFile(f"f{i}.txt", b"x")],
        )
    # 12 for the page, 1 for the notification bell, 2 for the SLA panel (the
    # configuration's revision and the organisation's contract), and a fixed number for
    # the panels of loket.tickets.panels (with nothing running or planned on the ticket):
    # scenarios 4 (the running run, the category's parents, the suggested and the
    # startable scenarios), checklists 1, remote session 2, planning 5, canned answers 2.
    with django_assert_max_num_queries(15 + 14):
        assert anna_client.get(page(ticket)).status_code == 200


def test_customer_cannot_act_on_their_own_ticket_through_the_agent_ui(
    client, chris, contact_a, make_ticket
):
    own = make_ticket(subject="My own problem", contact=contact_a)
    client.force_login(chris)
    response = client.post(action(own, "message"), {"version": 1, "kind": "note", "body": "hi"})
    assert response.status_code == 403
    assert not own.events.filter(body="hi").exists()


def test_page_and_fragment_are_cached_apart(anna_client, ticket):
    assert "HX-Request" in anna_client.get(page(ticket))["Vary"]


def test_a_follow_up_date_is_set_in_brussels_time_and_shown(anna_client, ticket):
    data = {
        "version": 1,
        "subject": ticket.subject,
        "type": "incident",
        "impact": 3,
        "urgency": 3,
        "follow_up_at": "2026-12-03T09:30",
    }
    assert anna_client.post(action(ticket, "classify"), data).status_code == 302
    ticket.refresh_from_db()
    assert ticket.follow_up_at.isoformat() == "2026-12-03T08:30:00+00:00"
    assert ticket.events.filter(kind=EventKind.FIELD, data__field="follow_up_at").exists()
    anna_client.post("/language/", {"language": "en"})
    assert "Follow up on" in anna_client.get(page(ticket)).text


def test_a_nonsense_follow_up_date_is_a_form_error(anna_client, ticket):
    data = {"version": 1, "subject": ticket.subject, "type": "incident", "impact": 3}
    data |= {"urgency": 3, "follow_up_at": "next tuesday"}
    response = anna_client.post(action(ticket, "classify"), data)
    assert response.status_code == 422
    ticket.refresh_from_db()
    assert ticket.follow_up_at is None
