"""The new-call workspace: lookup, the caller's card and history, the three finishes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.directory.models import Contact
from loket.tickets.models import EventKind, Status, Ticket

NEW_CALL = reverse("tickets:new_call")
LOOKUP = reverse("tickets:new_call_lookup")


@pytest.fixture
def anna_client(client, anna):
    client.force_login(anna)
    return client


def _form(**extra):
    data = {
        "subject": "Outlook keeps asking for a password",
        "description": "Since this morning",
        "type": "incident",
        "impact": "2",
        "urgency": "2",
        "call_started": (timezone.now() - timedelta(minutes=3)).isoformat(),
        "action": "create",
    }
    data.update(extra)
    return data


def test_page_opens_with_the_search_focused_and_a_timer(anna_client):
    response = anna_client.get(NEW_CALL)
    assert response.status_code == 200
    assert 'id="caller-search"' in response.text
    assert "autofocus" in response.text
    assert "data-call-timer" in response.text


def test_customer_cannot_take_calls(client, chris):
    client.force_login(chris)
    assert client.get(NEW_CALL).status_code == 403
    assert client.get(LOOKUP, {"q": "0470"}).status_code == 403


@pytest.mark.parametrize("query", ["0470 12 34 56", "+32470123456", "chris@acme", "Claes"])
def test_lookup_finds_the_caller_in_any_notation(anna_client, contact_a, query):
    response = anna_client.get(LOOKUP, {"q": query}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Chris Claes" in response.text
    assert 'role="option"' in response.text


def test_unknown_number_offers_to_create_the_caller_with_the_number(anna_client, contact_a):
    response = anna_client.get(LOOKUP, {"q": "0499 99 88 77"}, headers={"HX-Request": "true"})
    assert "Nobody found" in response.text
    assert 'value="0499 99 88 77"' in response.text


def test_agent_sees_callers_open_tickets_after_lookup(anna_client, anna, contact_a, make_ticket):
    make_ticket(acting_user=anna, subject="VPN drops every hour", contact=contact_a)
    url = reverse("tickets:new_call_caller", args=[contact_a.pk])
    response = anna_client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "VPN drops every hour" in response.text
    assert "Acme Logistics" in response.text
    assert "Novice" in response.text
    assert f'name="contact" value="{contact_a.pk}"' in response.text


def test_caller_card_shows_earlier_interventions_with_resolution(
    anna_client, anna, contact_a, make_ticket, resolution_code
):
    from loket.tickets.services import resolve_ticket

    old = make_ticket(acting_user=anna, subject="Toner empty", contact=contact_a)
    resolve_ticket(
        old, resolution="Replaced the toner", code=resolution_code, acting_user=anna, version=None
    )
    url = reverse("tickets:new_call_caller", args=[contact_a.pk])
    text = anna_client.get(url, headers={"HX-Request": "true"}).text
    assert "Replaced the toner" in text


def test_unknown_caller_id_is_404(anna_client):
    url = reverse("tickets:new_call_caller", args=[999999])
    assert anna_client.get(url).status_code == 404


def test_priority_is_computed_live(anna_client):
    url = reverse("tickets:new_call_priority")
    response = anna_client.get(url, {"impact": "1", "urgency": "1"}, headers={"HX-Request": "true"})
    assert "P1" in response.text
    bad = anna_client.get(url, {"impact": "9", "urgency": "x"}, headers={"HX-Request": "true"})
    assert bad.status_code == 200


def test_create_logs_the_call_on_the_new_ticket(anna_client, contact_a):
    response = anna_client.post(NEW_CALL, _form(contact=contact_a.pk))
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:detail", args=[ticket.number])
    assert ticket.contact == contact_a and ticket.priority == "P3" and ticket.channel == "phone"
    call = ticket.events.get(kind=EventKind.CALL)
    assert call.data["direction"] == "in"
    assert call.data["talk_seconds"] >= 170


def test_create_and_escalate_hands_the_ticket_to_second_line(anna_client, teams, contact_a):
    data = _form(
        contact=contact_a.pk,
        action="escalate",
        escalate_team=teams["second"].pk,
        escalate_reason="Needs a new laptop image",
    )
    assert anna_client.post(NEW_CALL, data).status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.team == teams["second"]
    assert ticket.events.get(kind=EventKind.ESCALATION).data["reason"] == "Needs a new laptop image"


def test_escalate_without_reason_is_a_form_error_and_creates_nothing(anna_client, teams):
    data = _form(action="escalate", escalate_team=teams["second"].pk, escalate_reason=" ")
    response = anna_client.post(NEW_CALL, data)
    assert response.status_code == 422
    assert "reason is required" in response.text
    assert "Outlook keeps asking for a password" in response.text
    assert not Ticket.objects.exists()


def test_resolve_at_first_contact(anna_client, anna, resolution_code):
    data = _form(
        action="resolve", resolution="Reset the password", resolution_code=resolution_code.pk
    )
    anna_client.post(NEW_CALL, data)
    ticket = Ticket.objects.get()
    assert ticket.status == Status.RESOLVED
    assert ticket.assignee == anna


@pytest.mark.parametrize(
    "bad",
    [
        {"subject": ""},
        {"impact": "7"},
        {"type": "nonsense"},
        {"contact": "abc"},
        {"contact": "999999"},
        {"category": "-1"},
        {"team": "x"},
        {"call_started": "yesterday-ish"},
        {"action": "explode"},
    ],
)
def test_bad_input_is_a_form_error_not_a_500(anna_client, bad):
    response = anna_client.post(NEW_CALL, _form(**bad))
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert "errorlist" in response.text


def test_assignee_outside_team_shows_the_service_message(anna_client, teams, sam):
    response = anna_client.post(NEW_CALL, _form(team=teams["first"].pk, assignee=sam.pk))
    assert response.status_code == 422
    assert "is not a member of team" in response.text


def test_unknown_caller_is_created_inline(anna_client, org_a):
    url = reverse("tickets:new_call_create_caller")
    data = {
        "caller-first_name": "Nina",
        "caller-last_name": "Nieuw",
        "caller-phones": "0471 11 22 33",
        "caller-emails": "nina@acme.example",
        "caller-organisation": org_a.pk,
        "caller-language": "nl",
        "caller-profile": "novice",
    }
    response = anna_client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    contact = Contact.objects.get(last_name="Nieuw")
    assert contact.phones.get().number == "+32471112233"
    assert f'name="contact" value="{contact.pk}"' in response.text


def test_inline_caller_with_bad_phone_shows_error(anna_client):
    url = reverse("tickets:new_call_create_caller")
    data = {
        "caller-last_name": "Nieuw",
        "caller-phones": "12",
        "caller-language": "nl",
        "caller-profile": "novice",
    }
    response = anna_client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#lookup"
    assert "is not a valid phone number" in response.text
    assert not Contact.objects.filter(last_name="Nieuw").exists()


@pytest.mark.parametrize("count", [1, 20])
def test_lookup_and_caller_card_query_counts_do_not_grow(
    anna_client, anna, contact_a, make_ticket, count, django_assert_max_num_queries
):
    for i in range(count):
        make_ticket(acting_user=anna, subject=f"Earlier {i}", contact=contact_a)
    with django_assert_max_num_queries(10):
        anna_client.get(LOOKUP, {"q": "Claes"}, headers={"HX-Request": "true"})
    with django_assert_max_num_queries(10):
        url = reverse("tickets:new_call_caller", args=[contact_a.pk])
        anna_client.get(url, headers={"HX-Request": "true"})


def test_form_error_keeps_the_call_timer_running(anna_client):
    data = _form(subject="")
    response = anna_client.post(NEW_CALL, data)
    assert response.status_code == 422
    assert data["call_started"] in response.text
    elapsed = int(response.text.split('data-elapsed="')[1].split('"')[0])
    assert elapsed >= 170


def test_customer_cannot_post_a_call(client, chris):
    client.force_login(chris)
    assert client.post(NEW_CALL, _form()).status_code == 403
    assert not Ticket.objects.exists()
