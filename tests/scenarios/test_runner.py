"""Running a scenario on a ticket: starting, version pinning, answering steps, two tabs,
leaving with a reason, and the one readable block on the timeline."""

import pytest

from loket.core.errors import InvalidInput
from loket.scenarios.models import RunOutcome, RunStatus, RunStep, ScenarioRun
from loket.scenarios.services import customer_text, leave_run, start_run, take_step
from loket.tickets.models import EventKind, Status
from loket.tickets.services import resolve_ticket

from .conftest import publish_new_version, texts

pytestmark = pytest.mark.django_db


def scenario_events(ticket):
    return list(ticket.events.filter(kind=EventKind.SCENARIO))


def test_starting_pins_the_published_version_and_the_contacts_language(ticket, scenario, anna):
    run = start_run(ticket, scenario, acting_user=anna)

    assert run.version == scenario.current_version
    assert run.status == RunStatus.RUNNING
    assert run.current_step == "printer-on"
    assert (run.language, run.profile) == ("nl", "novice")


def test_without_a_contact_the_agents_language_is_used(make_ticket, anna, scenario):
    anna.language = "fr"
    anna.save(update_fields=["language"])
    ticket = make_ticket(anna, subject="Imprimante")

    run = start_run(ticket, scenario, acting_user=anna)

    assert (run.language, run.profile) == ("fr", "")


def test_a_run_keeps_its_version_after_a_new_one_is_published(ticket, scenario, anna, sofie, tree):
    run = start_run(ticket, scenario, acting_user=anna)
    changed = {**tree, "steps": [dict(s) for s in tree["steps"]]}
    changed["steps"][0] = {**changed["steps"][0], "options": [changed["steps"][0]["options"][0]]}
    v2 = publish_new_version(scenario, changed, by=sofie)

    take_step(run, step_id="printer-on", answer="no", acting_user=anna)

    run.refresh_from_db()
    assert run.version.number == 1
    assert run.current_step == "switch-on"
    assert v2.number == 2


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("inactive", "scenario_inactive"),
        ("draft_only", "not_published"),
        ("resolved_ticket", "ticket_closed"),
    ],
)
def test_starting_is_refused_when_it_cannot_run(
    change, code, ticket, scenario, make_scenario, tree, anna, resolution_code
):
    if change == "inactive":
        scenario.is_active = False
        scenario.save(update_fields=["is_active"])
    if change == "draft_only":
        scenario = make_scenario(tree, publish=False, title_nl="Concept")
    if change == "resolved_ticket":
        resolve_ticket(
            ticket, resolution="Done", code=resolution_code, acting_user=anna, version=None
        )

    with pytest.raises(InvalidInput) as refused:
        start_run(ticket, scenario, acting_user=anna)

    assert refused.value.code == code
    assert not ScenarioRun.objects.exists()


def test_a_second_running_scenario_on_the_ticket_is_refused(ticket, scenario, anna):
    start_run(ticket, scenario, acting_user=anna)

    with pytest.raises(InvalidInput) as refused:
        start_run(ticket, scenario, acting_user=anna)

    assert refused.value.code == "run_in_progress"


def test_answers_move_through_the_tree_and_are_recorded(ticket, scenario, anna):
    run = start_run(ticket, scenario, acting_user=anna)

    take_step(run, step_id="printer-on", answer="no", note="Was off", acting_user=anna)
    take_step(run, step_id="switch-on", answer="done", acting_user=anna)
    result = take_step(run, step_id="paper", answer="pass", acting_user=anna)

    assert result.run.current_step == "classify"
    steps = list(RunStep.objects.filter(run=run).order_by("at", "id"))
    assert [(s.step_id, s.answer) for s in steps] == [
        ("printer-on", "no"),
        ("switch-on", "done"),
        ("paper", "pass"),
    ]
    assert steps[0].summary == "Staat de printer aan? — Nee"  # Anna works in Dutch
    assert steps[0].note == "Was off"
    assert scenario_events(ticket) == []  # nothing on the timeline until the run ends


@pytest.mark.parametrize(
    ("step_id", "answer"),
    [("printer-on", "maybe"), ("printer-on", ""), ("paper", "perhaps"), ("switch-on", "yes")],
)
def test_an_answer_the_step_does_not_have_is_refused(ticket, scenario, anna, step_id, answer):
    run = start_run(ticket, scenario, acting_user=anna)
    if step_id != "printer-on":
        take_step(run, step_id="printer-on", answer="no", acting_user=anna)
    if step_id == "paper":
        take_step(run, step_id="switch-on", acting_user=anna)

    with pytest.raises(InvalidInput) as refused:
        take_step(run, step_id=step_id, answer=answer, acting_user=anna)

    assert refused.value.code == "bad_answer"


def test_a_step_answered_in_another_tab_is_stale(ticket, scenario, anna):
    run = start_run(ticket, scenario, acting_user=anna)
    take_step(run, step_id="printer-on", answer="yes", acting_user=anna)

    with pytest.raises(InvalidInput) as refused:
        take_step(run, step_id="printer-on", answer="no", acting_user=anna)

    assert refused.value.code == "stale_step"
    assert RunStep.objects.filter(run=run).count() == 1


def test_the_whole_run_is_one_readable_block_on_the_timeline(ticket, scenario, anna):
    anna.language = "en"
    anna.save(update_fields=["language"])
    run = start_run(ticket, scenario, acting_user=anna)
    take_step(run, step_id="printer-on", answer="no", acting_user=anna)
    take_step(run, step_id="switch-on", note="Green now", acting_user=anna)
    take_step(run, step_id="paper", answer="pass", acting_user=anna)
    take_step(run, step_id="classify", acting_user=anna)
    result = take_step(run, step_id="solved", acting_user=anna)

    run.refresh_from_db()
    assert (run.status, run.outcome, run.end_step) == ("completed", "resolved", "solved")
    assert "complete" in result.message
    [event] = scenario_events(ticket)
    data = event.data
    assert (data["scenario"], data["title"], data["version"]) == (
        scenario.pk,
        "Printer does not print",
        1,
    )
    assert data["outcome"] == RunOutcome.RESOLVED
    assert [(s["title"], s["kind"], s["label"], s["note"]) for s in data["steps"]] == [
        ("Is the printer on?", "question", "No", ""),
        ("Have the printer switched on", "instruction", "done", "Green now"),
        ("Print a test page", "check", "passed", ""),
        ("Classify", "action", "Set category Printing, type Incident, priority P3", ""),
        ("Resolve", "action", "Resolved (Solved)", ""),
    ]
    assert not event.is_public


def test_leaving_requires_a_reason(ticket, scenario, anna):
    run = start_run(ticket, scenario, acting_user=anna)

    with pytest.raises(InvalidInput) as refused:
        leave_run(run, reason="   ", acting_user=anna)

    assert refused.value.code == "reason_required"
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING


def test_leaving_records_the_deviation_where_it_happened(ticket, scenario, anna):
    run = start_run(ticket, scenario, acting_user=anna)
    take_step(run, step_id="printer-on", answer="yes", acting_user=anna)

    leave_run(run, reason="Customer has a different printer model", acting_user=anna)

    run.refresh_from_db()
    assert (run.status, run.outcome, run.end_step) == ("left", "left", "paper")
    assert run.deviation_reason == "Customer has a different printer model"
    assert run.ended_at is not None
    [event] = scenario_events(ticket)
    assert event.data["reason"] == "Customer has a different printer model"
    assert event.data["end_step"] == "paper"
    assert len(event.data["steps"]) == 1
    # The ticket may now run another scenario.
    assert start_run(ticket, scenario, acting_user=anna).status == RunStatus.RUNNING


def test_an_ended_run_takes_no_more_steps(ticket, scenario, anna):
    run = start_run(ticket, scenario, acting_user=anna)
    leave_run(run, reason="Other problem", acting_user=anna)

    with pytest.raises(InvalidInput) as refused:
        take_step(run, step_id="printer-on", answer="yes", acting_user=anna)
    with pytest.raises(InvalidInput):
        leave_run(run, reason="Again", acting_user=anna)

    assert refused.value.code == "run_ended"
    assert len(scenario_events(ticket)) == 1


def test_steps_on_a_ticket_resolved_meanwhile_are_refused(ticket, scenario, anna, resolution_code):
    run = start_run(ticket, scenario, acting_user=anna)
    resolve_ticket(ticket, resolution="Done", code=resolution_code, acting_user=anna, version=None)

    with pytest.raises(InvalidInput) as refused:
        take_step(run, step_id="printer-on", answer="yes", acting_user=anna)

    assert refused.value.code == "ticket_closed"
    leave_run(run, reason="Solved another way", acting_user=anna)
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED


@pytest.mark.parametrize(
    ("language", "profile", "expected"),
    [
        ("nl", "novice", "Zoek de ronde knop met het streepje en druk erop."),
        ("en", "novice", "Find the round button with the line and press it."),
        ("fr", "novice", "Appuyez sur le bouton."),  # the language weighs more
        ("fr", "", "Appuyez sur le bouton."),
        ("en", "sysadmin", "Press the power button."),
        ("de", "", "Druk op de aan-knop."),  # nl → fr → en
    ],
)
def test_the_text_for_the_customer_follows_language_and_profile(tree, language, profile, expected):
    step = tree["steps"][1]

    assert customer_text(step, language, profile) == expected


def test_customer_text_falls_back_nl_fr_en():
    step = {"say": {"en": "Only English", "novice": {"fr": "Seulement français"}}}

    assert customer_text(step, "nl", "") == "Only English"
    assert customer_text(step, "nl", "novice") == "Seulement français"
    assert customer_text({"say": texts("x")}, "fr", "novice") == "x (fr)"
    assert customer_text({}, "nl", "") == ""
