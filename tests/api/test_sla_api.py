"""The SLA clock in the API: on every ticket answer, the ``sla`` filter and ``due`` ordering,
and ``GET /tickets/{key}/sla`` with the explanation.

The API computes clocks at the real current time, so timelines are built relative to it
(through the services, with ``now=``), on the 24/7 calendar: business time is then wall
time, whatever day and hour the tests run.
"""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from loket.sla.models import Calendar, SlaPolicy
from loket.tickets import services

HOUR = 3600
P2 = {"impact": 1, "urgency": 2}  # first response 1 h (warn at 45 min), resolution 9 h


@pytest.fixture
def round_the_clock(db):
    """The default policy "Standaard" on the 24/7 calendar."""
    policy = SlaPolicy.objects.get(name="Standaard")
    policy.calendar = Calendar.objects.get(name="24/7")
    policy.save()
    return policy


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def ticket_at(make_ticket, anna, contact_a, teams, round_the_clock, now):
    """``ticket_at(minutes_ago)``: a P2 ticket Chris e-mailed, created then and assigned to
    Anna (so that only Anna's team, its lead and admins see it)."""

    def make(minutes_ago, **fields):
        return make_ticket(
            acting_user=anna,
            contact=contact_a,
            team=teams["first"],
            assignee=anna,
            channel="email",
            now=now - timedelta(minutes=minutes_ago),
            **{**P2, **fields},
        )

    return make


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _target(sla: dict, name: str) -> dict:
    return next(t for t in sla["targets"] if t["name"] == name)


def _explain(client, key, language="en"):
    """``GET /tickets/{key}/sla`` in ``language`` (else the user's own, Dutch here)."""
    return client.client.get(
        f"/api/v1/tickets/{key}/sla", HTTP_ACCEPT_LANGUAGE=language, **client.headers
    )


def _numbers(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [t["number"] for t in response.json()["results"]]


# -- the clock on ticket answers --------------------------------------------------------


def test_a_new_ticket_answers_with_its_running_clock(api, anna, contact_a, round_the_clock):
    response = api(anna).post("/tickets", {"subject": "Server down", "contact": contact_a.pk, **P2})
    assert response.status_code == 201
    body = response.json()
    sla = body["sla"]
    assert sla["policy"] == "Standaard"
    assert sla["calendar"] == "24/7"
    assert (sla["paused"], sla["stopped"], sla["breached"]) == (False, False, False)
    first = _target(sla, "first_response")
    assert first["label"] == "Eerste reactie"  # in anna's language
    assert first["target_minutes"] == 60
    assert first["state"] == "ok"
    assert 0 <= first["elapsed_seconds"] <= 60
    assert first["elapsed_seconds"] + first["remaining_seconds"] == HOUR
    due = _parse(first["due_at"]) - _parse(body["created_at"])
    assert abs(due.total_seconds() - HOUR) < 1
    assert _parse(first["warn_at"]) < _parse(first["due_at"])
    assert first["met_at"] is None
    assert _target(sla, "resolution")["target_minutes"] == 9 * 60
    assert sla["due_at"] == first["due_at"]


def test_detail_list_patch_and_actions_all_carry_the_clock(api, anna, ticket_at, resolution_code):
    ticket = ticket_at(40)
    client = api(anna)
    assert client.get(f"/tickets/{ticket.number}").json()["sla"]["policy"] == "Standaard"
    assert client.get("/tickets").json()["results"][0]["sla"]["policy"] == "Standaard"
    patched = client.patch(f"/tickets/{ticket.pk}", {"version": ticket.version, "urgency": 1})
    assert patched.status_code == 200
    assert patched.json()["priority"] == "P1"
    assert _target(patched.json()["sla"], "first_response")["target_minutes"] == 30
    resolved = client.post(
        f"/tickets/{ticket.pk}/resolve", {"resolution": "Restarted", "code": "solved"}
    ).json()
    sla = resolved["sla"]
    assert sla["stopped"] is True
    assert sla["due_at"] is None
    resolution = _target(sla, "resolution")
    assert resolution["state"] == "met"
    assert _parse(resolution["met_at"]) == _parse(resolved["resolved_at"])
    # P1 answers within 30 minutes; resolving answered the customer after 40.
    assert _target(sla, "first_response")["state"] == "met_late"


def test_a_waiting_ticket_shows_a_paused_clock(api, anna, ticket_at, now):
    ticket = ticket_at(20)
    services.change_status(
        ticket,
        to="waiting_customer",
        acting_user=anna,
        version=None,
        now=now - timedelta(minutes=10),
    )
    sla = api(anna).get(f"/tickets/{ticket.pk}").json()["sla"]
    assert sla["paused"] is True
    first = _target(sla, "first_response")
    assert first["state"] == "paused"
    assert first["due_at"] is None
    assert 10 * 60 - 2 <= first["elapsed_seconds"] <= 10 * 60 + 2


def test_an_overdue_target_counts_negative_time_left(api, anna, ticket_at):
    sla = api(anna).get(f"/tickets/{ticket_at(90).pk}").json()["sla"]
    first = _target(sla, "first_response")
    assert first["state"] == "breached"
    assert first["breached"] is True
    assert sla["breached"] is True
    assert -30 * 60 - 5 <= first["remaining_seconds"] <= -30 * 60 + 5


def test_no_sla_is_null(api, anna, ticket_at, round_the_clock):
    ticket = ticket_at(5)
    round_the_clock.is_active = False
    round_the_clock.save()
    assert api(anna).get(f"/tickets/{ticket.pk}").json()["sla"] is None
    assert api(anna).get("/tickets").json()["results"][0]["sla"] is None


def test_customers_see_due_times_but_not_the_warning_moment(api, chris, anna, ticket_at):
    ticket = ticket_at(50)  # past the warning at 45 minutes
    staff = _target(api(anna).get(f"/tickets/{ticket.pk}").json()["sla"], "first_response")
    assert staff["state"] == "warning"
    assert staff["warn_at"] is not None
    for body in (
        api(chris).get(f"/tickets/{ticket.pk}").json(),
        api(chris).get("/tickets").json()["results"][0],
    ):
        first = _target(body["sla"], "first_response")
        assert first["state"] == "ok"
        assert first["warn_at"] is None
        assert first["due_at"] == staff["due_at"]


@pytest.mark.parametrize("persona", ["anna", "chris"])
def test_a_page_of_25_tickets_computes_its_clocks_without_queries_per_row(
    api, everyone, ticket_at, now, persona, django_assert_max_num_queries
):
    client = api(everyone[persona])

    def add(count):
        for _ in range(count):
            ticket = ticket_at(30)
            services.add_reply(
                ticket, body="On it", acting_user=everyone["anna"], now=now - timedelta(minutes=5)
            )

    add(2)
    client.get("/tickets")  # the token's first use records its use time
    with django_assert_max_num_queries(12) as few:
        assert len(client.get("/tickets").json()["results"]) == 2
    add(28)
    with django_assert_max_num_queries(len(few.captured_queries)):
        results = client.get("/tickets", {"page_size": 25}).json()["results"]
    assert len(results) == 25
    assert all(_target(t["sla"], "first_response")["state"] == "met" for t in results)


# -- filtering and ordering -------------------------------------------------------------


@pytest.fixture
def situations(ticket_at, anna, now, resolution_code):
    """One P2 ticket in each SLA situation (first response: 1 h, warning at 45 min)."""
    paused = ticket_at(50)
    services.change_status(
        paused,
        to="waiting_customer",
        acting_user=anna,
        version=None,
        now=now - timedelta(minutes=30),
    )
    late_but_resolved = ticket_at(180)
    services.resolve_ticket(
        late_but_resolved,
        resolution="Done",
        code=resolution_code,
        acting_user=anna,
        version=None,
        now=now - timedelta(hours=1),
    )
    return {
        "fresh": ticket_at(10),
        "at_risk": ticket_at(50),
        "overdue": ticket_at(90),
        "paused": paused,
        "late_but_resolved": late_but_resolved,
    }


def test_it_filters_tickets_at_risk(api, anna, situations):
    assert _numbers(api(anna).get("/tickets", {"sla": "at_risk"})) == [situations["at_risk"].number]


def test_it_filters_open_breached_tickets(api, anna, situations):
    assert _numbers(api(anna).get("/tickets", {"sla": "breached"})) == [
        situations["overdue"].number
    ]


def test_the_sla_filter_combines_with_others_and_with_access(api, anna, bob, situations, teams):
    assert _numbers(api(anna).get("/tickets", {"sla": "breached", "status": "open"})) == [
        situations["overdue"].number
    ]
    assert (
        _numbers(api(anna).get("/tickets", {"sla": "breached", "team": teams["second"].pk})) == []
    )
    assert _numbers(api(bob).get("/tickets", {"sla": "breached"})) == []


def test_it_orders_by_due_time_with_tickets_without_one_last(api, anna, situations):
    running = [situations[name].number for name in ("overdue", "at_risk", "fresh")]
    without = {situations["paused"].number, situations["late_but_resolved"].number}
    ascending = _numbers(api(anna).get("/tickets", {"ordering": "due"}))
    assert ascending[:3] == running
    assert set(ascending[3:]) == without
    descending = _numbers(api(anna).get("/tickets", {"ordering": "-due"}))
    assert descending[:3] == running[::-1]
    assert set(descending[3:]) == without


@pytest.mark.parametrize("value", ["late", "AT_RISK", "", "breached,at_risk", "x" * 300])
def test_an_unknown_sla_filter_is_a_validation_error(api, anna, value):
    response = api(anna).get("/tickets", {"sla": value})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert isinstance(body["detail"], str)
    assert body["errors"][0]["loc"] == ["query", "sla"]


# -- the explanation ---------------------------------------------------------------------


@pytest.fixture
def story(ticket_at, anna, chris, now):
    """Five hours ago Chris reported a P3 problem (first response 4 h, resolution 27 h).

    - 4 h 30 min ago Anna replied (first response after 30 min);
    - 3 h ago she asked Chris for details: waiting on customer;
    - 1 h ago Chris answered, which reopened the ticket (paused 2 h);
    - 30 min ago Anna raised the urgency: P2 (first response 1 h, next response 4 h,
      resolution 9 h).
    """
    ticket = ticket_at(300, impact=2, urgency=2)
    ago = lambda minutes: now - timedelta(minutes=minutes)  # noqa: E731
    services.add_reply(ticket, body="Looking into it", acting_user=anna, now=ago(270))
    services.change_status(
        ticket, to="waiting_customer", acting_user=anna, version=None, now=ago(180)
    )
    services.add_reply(ticket, body="Here are the details", acting_user=chris, now=ago(60))
    ticket.refresh_from_db()
    services.update_ticket(ticket, acting_user=anna, version=None, urgency=1, now=ago(30))
    ticket.refresh_from_db()
    return ticket


def test_it_explains_a_clock_from_its_timeline(api, anna, story, now):
    response = _explain(api(anna), story.number)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["policy"], body["calendar"], body["priority"]) == ("Standaard", "24/7", "P2")
    assert body["service_level"] == "no_contract"
    assert body["warning_percent"] == 75
    assert (body["paused"], body["stopped"], body["breached"]) == (False, False, False)
    assert abs(body["paused_seconds"] - 2 * HOUR) <= 2

    first = _target(body, "first_response")
    assert (first["state"], first["target_minutes"]) == ("met", 60)
    assert abs(first["elapsed_seconds"] - 30 * 60) <= 2
    nxt = _target(body, "next_response")
    assert (nxt["cycle"], nxt["state"], nxt["target_minutes"]) == (1, "ok", 240)
    assert abs(nxt["elapsed_seconds"] - HOUR) <= 2
    resolution = _target(body, "resolution")
    assert (resolution["state"], resolution["target_minutes"]) == ("ok", 540)
    assert abs(resolution["elapsed_seconds"] - 3 * HOUR) <= 2
    assert abs((_parse(resolution["due_at"]) - now).total_seconds() - 6 * HOUR) <= 2
    assert body["due_at"] == nxt["due_at"]  # 3 h left beats 6 h left

    stretches = [(s["state"], round(s["business_seconds"] / 60)) for s in body["stretches"]]
    assert stretches == [("running", 120), ("waiting_customer", 120), ("running", 60)]
    assert body["stretches"][-1]["end"] is None
    assert body["stretches"][1]["sentence"] == "Paused 2 h while “waiting on customer”"

    assert [(c["old"], c["new"]) for c in body["priority_changes"]] == [("P3", "P2")]
    sentences = body["sentences"]
    assert sentences[0] == "Policy “Standaard” on calendar “24/7”, priority P2."
    assert "First response: Met: 30 min of 1 h used, 30 min to spare." in sentences
    assert any(s.startswith("Resolution: ") and s.endswith(" left of 9 h.") for s in sentences)
    assert any("Paused 2 h while “waiting on customer”" in s for s in sentences)
    assert any(s.startswith("Priority changed from P3 to P2 on ") for s in sentences)
    assert sentences[-1] == "Paused 2 h in all."


def test_the_explanation_speaks_the_callers_language(api, anna, story):
    response = _explain(api(anna), story.pk, language="nl")
    assert response.status_code == 200
    assert any("wachten op klant" in s for s in response.json()["sentences"])


def test_the_explanation_is_404_when_no_sla_applies(api, anna, ticket_at, round_the_clock):
    ticket = ticket_at(5)
    round_the_clock.is_active = False
    round_the_clock.save()
    response = api(anna).get(f"/tickets/{ticket.pk}/sla")
    assert response.status_code == 404
    assert response.json()["code"] == "no_sla"


# -- who may read the explanation ---------------------------------------------------------


EXPLANATION_ACCESS = {
    # the ticket is Chris's, in Anna's team (Eerstelijn), assigned to Anna
    "anna": 200,
    "sofie": 200,
    "ad": 200,
    "bob": 404,
    "sam": 404,
    "chris": 403,
    "camille": 404,
}


@pytest.mark.parametrize(("persona", "status"), EXPLANATION_ACCESS.items())
def test_explanation_access(api, everyone, ticket_at, persona, status):
    ticket = ticket_at(10)
    response = api(everyone[persona]).get(f"/tickets/{ticket.pk}/sla")
    assert response.status_code == status, response.json()
    if status != 200:
        assert response.json()["code"] == {403: "forbidden", 404: "not_found"}[status]


def test_the_explanation_needs_a_token(api, ticket_at):
    response = api(None).get(f"/tickets/{ticket_at(10).pk}/sla")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


@pytest.mark.parametrize("key", ["abc", "0", "-1", str(2**64), "2026-", "%00"])
def test_a_bad_key_for_the_explanation_is_not_found(api, ad, ticket_at, key):
    ticket_at(10)
    response = api(ad).get(f"/tickets/{key}/sla")
    assert response.status_code in (404, 422)
    assert isinstance(response.json()["code"], str)


def test_the_openapi_document_describes_the_clock(api, db):
    schema = api(None).get("/openapi.json").json()
    assert schema["paths"]["/api/v1/tickets/{key}/sla"]["get"]["operationId"] == "explain_sla"
    parameters = schema["paths"]["/api/v1/tickets"]["get"]["parameters"]
    sla = next(p for p in parameters if p["name"] == "sla")
    assert sla["in"] == "query"
    assert "sla" in schema["components"]["schemas"]["TicketOut"]["properties"]
