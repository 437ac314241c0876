"""The call log, the call metrics page and the screen-pop: who may see what."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.accounts.services import issue_token
from loket.channels import cti
from loket.channels.models import Call, CallState
from loket.tickets.models import EventKind, Ticket
from tests.api.conftest import ApiClient

CALLS = reverse("channels:calls")
METRICS = reverse("channels:call_metrics")
METRICS_CSV = reverse("channels:call_metrics_csv")
POP = reverse("channels:screen_pop")
NEW_CALL = reverse("tickets:new_call")


@pytest.fixture
def endpoint(db):
    return cti.create_endpoint("Office PBX")[0]


@pytest.fixture
def make_call(endpoint):
    counter = iter(range(1, 10_000))

    def make(*, agent=None, ago=60, answered=True, ended=True, **fields):
        started = timezone.now() - timedelta(seconds=ago)
        values = {
            "endpoint": endpoint,
            "call_id": f"call-{next(counter)}",
            "direction": "in",
            "from_number": "0470123456",
            "party": "+32470123456",
            "queue": "helpdesk",
            "agent": agent,
            "started_at": started,
            "state": CallState.ENDED if ended else CallState.ANSWERED,
        }
        if answered:
            values |= {"answered_at": started + timedelta(seconds=5), "wait_seconds": 5}
        if ended:
            values["ended_at"] = started + timedelta(seconds=50)
            values["talk_seconds"] = 45 if answered else None
        values.update(fields)
        return Call.objects.create(**values)

    return make


@pytest.fixture
def api(db):
    return lambda user: ApiClient(issue_token(user))


def log_of(response) -> str:
    """The call log's table, without the filter form (whose choices name queues too)."""
    return response.text.split('id="call-log"', 1)[1]


def logged_in(client, user):
    client.force_login(user)
    return client


# --- the log ---------------------------------------------------------------------------


def test_anonymous_users_go_to_the_login_page(client):
    assert client.get(CALLS).status_code == 302
    assert client.get(METRICS).status_code == 302


def test_customers_see_no_calls(client, chris, make_call, anna):
    make_call(agent=anna)
    logged_in(client, chris)
    assert client.get(CALLS).status_code == 403
    assert client.get(METRICS).status_code == 403
    assert client.get(METRICS_CSV).status_code == 403
    assert client.get(POP).status_code == 204


def test_an_agent_sees_only_their_own_calls(client, anna, bob, make_call):
    make_call(agent=anna, queue="anna-queue")
    make_call(agent=bob, queue="bob-queue")
    response = logged_in(client, anna).get(CALLS)
    assert response.status_code == 200
    assert "anna-queue" in log_of(response) and "bob-queue" not in response.text


def test_a_supervisor_sees_every_call_and_filters_them(client, sofie, anna, bob, make_call):
    make_call(agent=anna, queue="anna-queue")
    make_call(agent=bob, queue="bob-queue")
    make_call(queue="missed-queue", answered=False)
    logged_in(client, sofie)
    log = log_of(client.get(CALLS))
    assert all(q in log for q in ("anna-queue", "bob-queue", "missed-queue"))
    log = log_of(client.get(CALLS, {"show": "missed"}))
    assert "missed-queue" in log and "anna-queue" not in log
    log = log_of(client.get(CALLS, {"agent": bob.pk}))
    assert "bob-queue" in log and "anna-queue" not in log


def test_each_row_shows_the_contact_seconds_and_ticket(
    client, sofie, anna, make_call, contact_a, make_ticket
):
    ticket = make_ticket(anna, subject="Printer")
    make_call(agent=anna, contact=contact_a, ticket=ticket)
    make_call(blocked=True, answered=False, party="+3222222222")
    text = logged_in(client, sofie).get(CALLS).text
    assert contact_a.full_name in text and ticket.number in text
    assert ">45<" in text and ">5<" in text
    assert "Blocked" in text


def test_the_log_is_paginated_with_a_bounded_number_of_queries(
    client, sofie, anna, make_call, django_assert_max_num_queries
):
    for _ in range(60):
        make_call(agent=anna)
    logged_in(client, sofie)
    with django_assert_max_num_queries(12):
        response = client.get(CALLS)
    assert "Page 1 of 2" in response.text
    assert client.get(CALLS, {"page": "2"}).status_code == 200


def test_a_bad_period_is_explained(client, sofie):
    response = logged_in(client, sofie).get(CALLS, {"start": "2026-11-20", "end": "2026-11-01"})
    assert response.status_code == 422
    assert "ends before it starts" in response.text


# --- metrics ---------------------------------------------------------------------------


def test_metrics_are_for_supervisors_and_admins(client, anna, sam, sofie, ad):
    for user, status in ((anna, 403), (sam, 403), (sofie, 200), (ad, 200)):
        assert logged_in(client, user).get(METRICS).status_code == status, user


def test_the_threshold_is_checked(client, sofie):
    logged_in(client, sofie)
    for value in ("0", "601", "abc"):
        assert client.get(METRICS, {"threshold": value}).status_code == 422
    assert client.get(METRICS, {"threshold": "600"}).status_code == 200


def test_metrics_show_totals_and_csv_defuses_formulas(client, sofie, anna, make_call):
    make_call(agent=anna, queue="=HYPERLINK(1)")
    make_call(answered=False, queue="=HYPERLINK(1)")
    logged_in(client, sofie)
    response = client.get(METRICS)
    assert "Per queue" in response.text and "50.0" in response.text
    csv = client.get(METRICS_CSV).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv
    assert "\n=HYPERLINK" not in csv and ",=HYPERLINK" not in csv


# --- screen-pop ------------------------------------------------------------------------


def test_nothing_to_pop_is_204(client, anna):
    assert logged_in(client, anna).get(POP).status_code == 204


def test_a_call_anna_answered_sends_her_to_the_callers_card(client, anna, make_call, contact_a):
    call = make_call(agent=anna, contact=contact_a, ended=False, ago=10)
    response = logged_in(client, anna).get(POP, {"dirty": "0"}, headers={"HX-Request": "true"})
    target = urlsplit(response["HX-Redirect"])
    assert target.path == NEW_CALL
    assert parse_qs(target.query) == {"contact": [str(contact_a.pk)], "call": [str(call.pk)]}
    # Shown once: the next poll is quiet.
    assert client.get(POP).status_code == 204


def test_an_unknown_caller_opens_the_new_caller_form_with_the_number(client, anna, make_call):
    call = make_call(agent=anna, ago=10)
    response = logged_in(client, anna).get(POP)
    query = parse_qs(urlsplit(response["HX-Redirect"]).query)
    assert query == {"q": ["+32 470 12 34 56"], "call": [str(call.pk)]}
    page = client.get(response["HX-Redirect"])
    assert 'class="new-caller" open' in page.text
    assert 'value="+32 470 12 34 56"' in page.text


def test_while_typing_the_agent_gets_a_banner(client, anna, make_call, contact_a):
    make_call(agent=anna, contact=contact_a, ago=10)
    response = logged_in(client, anna).get(POP, {"dirty": "1"})
    assert response.status_code == 200
    assert "HX-Redirect" not in response
    assert f"Incoming call from {contact_a.full_name}" in response.text
    assert 'id="screen-pop-open"' in response.text
    assert client.get(POP, {"dirty": "1"}).status_code == 204


def test_another_agent_never_gets_annas_pop(client, anna, bob, sofie, make_call):
    make_call(agent=anna, ago=10)
    assert logged_in(client, bob).get(POP).status_code == 204
    assert logged_in(client, sofie).get(POP).status_code == 204
    assert logged_in(client, anna).get(POP).has_header("HX-Redirect")


def test_an_old_or_outgoing_call_does_not_pop(client, anna, make_call):
    make_call(agent=anna, ago=600)
    make_call(agent=anna, ago=10, direction="out")
    assert logged_in(client, anna).get(POP).status_code == 204


def test_staff_pages_poll_for_the_pop_and_customers_pages_do_not(client, anna, chris):
    assert f'hx-get="{POP}"' in logged_in(client, anna).get(reverse("tickets:queue")).text
    client.logout()
    page = logged_in(client, chris).get("/")
    assert f'hx-get="{POP}"' not in page.text


def test_the_navigation_links_the_call_log(client, anna, ad):
    text = logged_in(client, anna).get(reverse("tickets:queue")).text
    assert f'href="{CALLS}" accesskey="l"' in text
    text = logged_in(client, ad).get(reverse("tickets:queue")).text
    assert text.index(f'href="{CALLS}"') < text.index(f'href="{reverse("admin:index")}"')


# --- the new-call workspace for a call -------------------------------------------------


def _ticket_form(**extra):
    return {
        "subject": "VPN drops",
        "description": "Every ten minutes",
        "type": "incident",
        "impact": "2",
        "urgency": "2",
        "call_started": timezone.now().isoformat(),
        "action": "create",
        **extra,
    }


def test_the_workspace_shows_the_call_and_links_the_ticket(client, anna, make_call, contact_a):
    call = make_call(agent=anna, contact=contact_a, ago=300)
    logged_in(client, anna)
    page = client.get(NEW_CALL, {"contact": contact_a.pk, "call": call.pk})
    assert "+32 470 12 34 56" in page.text and "helpdesk" in page.text
    assert f'name="call" value="{call.pk}"' in page.text
    response = client.post(NEW_CALL, _ticket_form(contact=contact_a.pk, call=call.pk))
    assert response.status_code == 302
    call.refresh_from_db()
    ticket = Ticket.objects.get()
    assert call.ticket == ticket
    assert 240 <= call.wrap_up_seconds <= 260  # the call ended 250 seconds ago
    logged = ticket.events.get(kind=EventKind.CALL)
    assert logged.data["wait_seconds"] == 5 and logged.data["talk_seconds"] == 45


def test_someone_elses_call_is_not_linked(client, anna, bob, make_call, contact_a):
    call = make_call(agent=bob, contact=contact_a)
    logged_in(client, anna)
    page = client.get(NEW_CALL, {"call": call.pk})
    assert 'name="call"' not in page.text
    client.post(NEW_CALL, _ticket_form(contact=contact_a.pk, call=call.pk))
    call.refresh_from_db()
    assert call.ticket is None and Ticket.objects.count() == 1


def test_a_call_already_linked_keeps_its_ticket(client, anna, make_call, make_ticket):
    first = make_ticket(anna, subject="First")
    call = make_call(agent=anna, ticket=first)
    logged_in(client, anna).post(NEW_CALL, _ticket_form(call=call.pk))
    call.refresh_from_db()
    assert call.ticket == first and Ticket.objects.count() == 2


# --- the API ---------------------------------------------------------------------------


def test_the_api_lists_the_callers_own_calls(api, anna, bob, make_call):
    make_call(agent=anna)
    make_call(agent=bob)
    body = api(anna).get("/calls").json()
    assert body["count"] == 1 and body["results"][0]["agent"]["username"] == "anna"


def test_the_api_filters_calls(api, sofie, anna, make_call):
    make_call(agent=anna)
    make_call(answered=False, queue="other")
    today = timezone.localdate().isoformat()
    assert api(sofie).get("/calls", {"missed": "true"}).json()["count"] == 1
    assert api(sofie).get("/calls", {"queue": "other"}).json()["count"] == 1
    assert api(sofie).get("/calls", {"from": today, "to": today}).json()["count"] == 2
    assert api(sofie).get("/calls", {"from": "2001-01-01", "to": "2001-01-02"}).json()["count"] == 0
    assert api(sofie).get("/calls", {"from": "2001-01-03", "to": "2001-01-02"}).status_code == 422


def test_api_metrics_are_for_supervisors(api, anna, sofie, chris, make_call):
    make_call(agent=anna)
    assert api(anna).get("/calls/metrics").status_code == 403
    assert api(chris).get("/calls").status_code == 403
    body = api(sofie).get("/calls/metrics", {"threshold": 3}).json()
    assert body["total"]["answered"] == 1 and body["total"]["service_level"] == 0.0
    assert api(sofie).get("/calls/metrics", {"threshold": 0}).status_code == 422


def test_the_api_call_list_takes_a_fixed_number_of_queries(
    api, sofie, anna, make_call, make_ticket, contact_a, django_assert_max_num_queries
):
    client = api(sofie)
    ticket = make_ticket(anna, subject="Linked")
    for _ in range(30):
        make_call(agent=anna, contact=contact_a, ticket=ticket)
    with django_assert_max_num_queries(6):
        body = client.get("/calls", {"page_size": 25}).json()
    assert body["count"] == 30 and len(body["results"]) == 25
    assert body["results"][0]["ticket"] == ticket.number
    assert body["results"][0]["contact"]["name"] == contact_a.full_name


@pytest.mark.parametrize("value", ["x", "-1", "9" * 30, ""])
def test_odd_call_and_contact_ids_open_the_empty_workspace(client, anna, value):
    page = logged_in(client, anna).get(NEW_CALL, {"call": value, "contact": value})
    assert page.status_code == 200 and 'name="call"' not in page.text


def test_pages_do_not_poll_for_calls_when_the_screen_pop_is_off(client, anna, settings):
    client.force_login(anna)
    assert 'id="screen-pop"' in client.get("/tickets/").content.decode()
    settings.SCREEN_POP_SECONDS = 0
    page = client.get("/tickets/").content.decode()
    assert 'id="screen-pop"' not in page
    assert "screen_pop.js" not in page


def test_the_ticket_logs_the_telephone_systems_times_unless_the_call_is_a_day_old(make_call, anna):
    from loket.channels.calls import call_log

    recent = make_call(agent=anna, ago=120)
    log = call_log(recent)
    assert (log.started, log.answered, log.ended) == (
        recent.started_at,
        recent.answered_at,
        recent.ended_at,
    )
    going_on = make_call(agent=anna, ago=30, ended=False)
    now = timezone.now()
    assert call_log(going_on, now=now).ended == now
    # A ticket's call log holds at most a day: the workspace's own timer is used instead.
    assert call_log(make_call(agent=anna, ago=24 * 3600)) is None
