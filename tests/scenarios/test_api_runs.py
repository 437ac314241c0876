"""The scenario API: read published scenarios, start, answer, leave, propose; staff only,
and a run only through its ticket's access policy."""

import pytest

from loket.notifications.models import Notification
from loket.scenarios.models import ScenarioRun
from loket.scenarios.services import start_run
from loket.tickets.models import EventKind

pytestmark = pytest.mark.django_db


def test_list_the_published_scenarios(api, anna, scenario, make_scenario, tree):
    make_scenario(tree, title_nl="Concept", publish=False)

    response = api(anna).get("/scenarios")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["results"]
    assert (item["id"], item["version"], item["owner"]["username"]) == (scenario.pk, 1, "sofie")
    assert item["title"] == "Printer drukt niet af"  # in Anna's language


def test_list_filters_by_category_and_text(api, anna, scenario, categories):
    client = api(anna)

    by_category = client.get("/scenarios", {"category": categories["printing"].pk}).json()
    by_text = client.get("/scenarios", {"text": "mijn printer doet raar"}).json()
    neither = client.get("/scenarios", {"text": "factuur"}).json()

    assert [s["id"] for s in by_category["results"]] == [scenario.pk]
    assert [s["id"] for s in by_text["results"]] == [scenario.pk]
    assert neither["count"] == 0


def test_read_a_scenarios_published_tree(api, anna, scenario, tree, make_scenario):
    draft = make_scenario(tree, publish=False, title_nl="Concept")

    response = api(anna).get(f"/scenarios/{scenario.pk}")
    missing = api(anna).get(f"/scenarios/{draft.pk}")

    assert response.status_code == 200
    assert response.json()["tree"]["start"] == "printer-on"
    assert missing.status_code == 404


def test_start_answer_and_finish_a_run(api, anna, ticket, scenario, teams):
    client = api(anna)

    started = client.post(f"/tickets/{ticket.number}/scenario-runs", {"scenario": scenario.pk})
    assert started.status_code == 201
    run = started.json()
    assert run["current_step"]["id"] == "printer-on"
    assert run["current_step"]["say"] == "Brandt er een lampje?"
    assert [c["answer"] for c in run["current_step"]["choices"]] == ["yes", "no"]

    steps = f"/scenario-runs/{run['id']}/steps"
    client.post(steps, {"step": "printer-on", "answer": "yes"})
    client.post(steps, {"step": "paper", "answer": "fail", "note": "Streaks"})
    ticket.refresh_from_db()
    done = client.post(steps, {"step": "to-second-line", "version": ticket.version})

    assert done.status_code == 200
    body = done.json()
    assert (body["status"], body["outcome"], body["current_step"]) == (
        "completed",
        "escalated",
        None,
    )
    assert [s["answer"] for s in body["steps"]] == ["yes", "fail", "escalate"]
    assert body["composer"] is None
    assert ticket.events.filter(kind=EventKind.SCENARIO).count() == 1
    listed = client.get(f"/tickets/{ticket.number}/scenario-runs").json()
    assert [r["id"] for r in listed] == [run["id"]]


def test_errors_have_codes(api, anna, ticket, scenario):
    client = api(anna)
    run = client.post(f"/tickets/{ticket.pk}/scenario-runs", {"scenario": scenario.pk}).json()
    steps = f"/scenario-runs/{run['id']}/steps"

    again = client.post(f"/tickets/{ticket.pk}/scenario-runs", {"scenario": scenario.pk})
    unknown = client.post(f"/tickets/{ticket.pk}/scenario-runs", {"scenario": 424242})
    bad_answer = client.post(steps, {"step": "printer-on", "answer": "maybe"})
    client.post(steps, {"step": "printer-on", "answer": "yes"})
    stale = client.post(steps, {"step": "printer-on", "answer": "no"})
    no_reason = client.post(f"/scenario-runs/{run['id']}/leave", {"reason": " "})
    extra_field = client.post(steps, {"step": "paper", "answer": "pass", "colour": "red"})

    assert (again.status_code, again.json()["code"]) == (422, "run_in_progress")
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_scenario")
    assert (bad_answer.status_code, bad_answer.json()["code"]) == (422, "bad_answer")
    assert (stale.status_code, stale.json()["code"]) == (422, "stale_step")
    assert (no_reason.status_code, no_reason.json()["code"]) == (422, "reason_required")
    assert extra_field.status_code == 422


def test_an_action_on_a_changed_ticket_is_a_409(api, anna, ticket, scenario):
    run = start_run(ticket, scenario, acting_user=anna)
    client = api(anna)
    steps = f"/scenario-runs/{run.pk}/steps"
    client.post(steps, {"step": "printer-on", "answer": "yes"})
    client.post(steps, {"step": "paper", "answer": "fail"})

    response = client.post(steps, {"step": "to-second-line", "version": 0})

    assert response.status_code == 409
    assert response.json()["code"] == "version_conflict"


def test_leave_with_a_reason(api, anna, ticket, scenario):
    run = start_run(ticket, scenario, acting_user=anna)

    response = api(anna).post(f"/scenario-runs/{run.pk}/leave", {"reason": "Other model"})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["deviation_reason"]) == (
        "left",
        "Other model",
    )


def test_propose_an_improvement(api, anna, sofie, ticket, scenario):
    run = start_run(ticket, scenario, acting_user=anna)

    response = api(anna).post(
        f"/scenarios/{scenario.pk}/proposals",
        {"step": "paper", "text": "Mention the toner", "run": run.pk},
    )
    bad_step = api(anna).post(f"/scenarios/{scenario.pk}/proposals", {"step": "nope", "text": "x"})

    assert response.status_code == 201
    assert (response.json()["step"], response.json()["run"]) == ("paper", run.pk)
    assert Notification.objects.filter(recipient=sofie).count() == 1
    assert bad_step.json()["code"] == "unknown_step"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anna", 200), ("sofie", 200), ("ad", 200), ("bob", 404), ("sam", 404), ("chris", 403)],
)
def test_who_may_see_and_run_a_tickets_scenarios(
    api,
    request,
    persona,
    expected,
    anna,
    ticket,
    scenario,
):
    run = start_run(ticket, scenario, acting_user=anna)
    client = api(request.getfixturevalue(persona))

    listed = client.get(f"/tickets/{ticket.number}/scenario-runs")
    answered = client.post(
        f"/scenario-runs/{run.pk}/steps", {"step": "printer-on", "answer": "yes"}
    )

    assert listed.status_code == expected
    assert answered.status_code == expected


@pytest.mark.parametrize("path", ["/scenarios", "/scenarios/{pk}"])
def test_customers_may_not_read_scenarios(api, chris, scenario, path):
    response = api(chris).get(path.format(pk=scenario.pk))

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_customers_may_not_start_or_propose(api, chris, camille, ticket, scenario):
    start = api(chris).post(f"/tickets/{ticket.number}/scenario-runs", {"scenario": scenario.pk})
    propose = api(camille).post(f"/scenarios/{scenario.pk}/proposals", {"text": "x"})

    assert start.status_code == 403
    assert propose.status_code == 403
    assert not ScenarioRun.objects.exists()


def test_without_a_token_it_is_401(api, scenario):
    assert api(None).get("/scenarios").status_code == 401


def test_listing_runs_takes_few_queries(
    api,
    anna,
    ticket,
    scenario,
    django_assert_max_num_queries,
):
    from loket.scenarios.services import leave_run, take_step

    for _ in range(3):
        run = start_run(ticket, scenario, acting_user=anna)
        take_step(run, step_id="printer-on", answer="yes", acting_user=anna)
        leave_run(run, reason="Again", acting_user=anna)
    client = api(anna)

    with django_assert_max_num_queries(12):
        response = client.get(f"/tickets/{ticket.number}/scenario-runs")

    assert len(response.json()) == 3
