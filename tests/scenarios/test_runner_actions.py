"""Action steps do their action on the ticket through the ticket's own services, in the
same transaction as the step: a refused action records nothing and the run stays put."""

import pytest
from django.utils import timezone

from loket.core.errors import InvalidInput, VersionConflict
from loket.scenarios.models import RunStatus, RunStep
from loket.scenarios.services import start_run, take_step
from loket.tickets.models import EventKind, Status

from .conftest import texts

pytestmark = pytest.mark.django_db


def one_action(action, *, next_step=None):
    """A tree with one action step (and an instruction after it when ``next_step``)."""
    step = {
        "id": "act",
        "kind": "action",
        "title": texts("Actie", "Action", "Act"),
        "action": action,
    }
    steps = [step]
    if next_step:
        step["next"] = "after"
        steps.append(
            {"id": "after", "kind": "instruction", "title": texts("Daarna"), "next": "end"}
        )
        steps.append(
            {
                "id": "end",
                "kind": "action",
                "title": texts("Klaar"),
                "action": {"type": "set_fields", "impact": 3},
            }
        )
    return {"start": "act", "steps": steps}


@pytest.fixture
def run_action(make_scenario, ticket, anna):
    def run(action, *, next_step=None, version=None):
        scenario = make_scenario(one_action(action, next_step=next_step), title_nl="Eén actie")
        run = start_run(ticket, scenario, acting_user=anna)
        result = take_step(run, step_id="act", acting_user=anna, version=version)
        ticket.refresh_from_db()
        return result

    return run


def test_set_fields_reaches_the_priority_through_impact_and_urgency(run_action, ticket, categories):
    assert ticket.priority == "P4"

    result = run_action(
        {
            "type": "set_fields",
            "category": categories["printing"].pk,
            "priority": "P2",
            "ticket_type": "service_request",
        },
        next_step=True,
    )

    assert ticket.priority == "P2"
    assert ticket.priority == ticket.priority  # the matrix gave it, not an override
    assert (ticket.impact, ticket.urgency) in {(1, 2), (2, 1)}
    assert ticket.category == categories["printing"]
    assert ticket.type == "service_request"
    assert result.run.current_step == "after"
    assert result.run.status == RunStatus.RUNNING
    fields = {e.data["field"] for e in ticket.events.filter(kind=EventKind.FIELD)}
    assert {"category", "type", "priority"} <= fields


def test_escalating_ends_the_run_with_a_reason_naming_the_scenario(run_action, ticket, teams):
    result = run_action(
        {
            "type": "escalate",
            "team": teams["second"].pk,
            "reason": texts("Schijf defect", "Disque", "Disk broken"),
        }
    )

    assert ticket.team == teams["second"]
    escalation = ticket.events.get(kind=EventKind.ESCALATION)
    assert escalation.data["reason"] == "Scenario “Eén actie”: Schijf defect"  # Anna reads nl
    assert (result.run.status, result.run.outcome) == ("completed", "escalated")


def test_resolving_uses_the_code_and_the_contacts_language(
    make_scenario, make_ticket, anna, teams, contact_b
):
    ticket = make_ticket(anna, subject="Imprimante", team=teams["first"], contact=contact_b)
    action = {
        "type": "resolve",
        "code": "solved",
        "resolution": texts("Opgelost", "Résolu", "Solved"),
    }
    scenario = make_scenario(one_action(action))
    run = start_run(ticket, scenario, acting_user=anna)

    result = take_step(run, step_id="act", acting_user=anna)

    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert ticket.resolution == "Résolu"
    assert ticket.resolution_code.code == "solved"
    assert result.run.outcome == "resolved"


def test_a_callback_is_planned_from_now(run_action, ticket, anna):
    from loket.planning.models import Callback

    before = timezone.now()
    result = run_action({"type": "callback", "in_minutes": 45, "note": texts("Bel terug")})

    callback = Callback.objects.get(ticket=ticket)
    minutes = (callback.due_at - before).total_seconds() / 60
    assert 44.9 < minutes < 46
    assert callback.assignee == anna
    assert callback.note == "Bel terug"
    # A callback without a next step ends the scenario ("ended otherwise").
    assert (result.run.status, result.run.outcome) == ("completed", "ended")


def test_linking_an_article_notes_it_on_the_ticket(run_action, ticket, sofie):
    from loket.knowledge.services import create_article

    article = create_article(
        acting_user=sofie, translations={"nl": {"title": "Printer resetten", "body": "Stap 1"}}
    )

    result = run_action({"type": "link_article", "article": article.pk}, next_step=True)

    link = ticket.events.get(kind=EventKind.LINK)
    assert link.data["article"] == article.pk
    assert (
        RunStep.objects.get(run=result.run).summary
        == "Actie — Het artikel “Printer resetten” gekoppeld"
    )


def test_a_canned_answer_prefills_the_composer_in_the_contacts_language(run_action, ticket, sofie):
    from loket.macros.services import create_macro

    macro = create_macro(
        acting_user=sofie,
        key="printer-tips",
        title_nl="Printertips",
        texts={
            ("nl", ""): "Beste {contact_first_name}, probeer dit.",
            ("en", ""): "Dear, try this.",
        },
    )

    result = run_action({"type": "canned_answer", "macro": macro.pk}, next_step=True)

    assert result.composer["kind"] == "reply"
    assert result.composer["body"] == "Beste Chris, probeer dit."
    assert result.run.current_step == "after"
    assert not ticket.events.filter(kind=EventKind.REPLY).exists()  # the agent still sends it


def test_a_refused_action_records_nothing_and_the_run_stays(
    run_action, make_scenario, ticket, anna, teams
):
    # Escalating to the team that already has the ticket is refused by the ticket service.
    scenario = make_scenario(
        one_action({"type": "escalate", "team": teams["first"].pk, "reason": texts("Waarom")})
    )
    run = start_run(ticket, scenario, acting_user=anna)

    with pytest.raises(InvalidInput) as refused:
        take_step(run, step_id="act", acting_user=anna)

    assert refused.value.code == "same_team"
    run.refresh_from_db()
    assert (run.status, run.current_step) == (RunStatus.RUNNING, "act")
    assert not RunStep.objects.filter(run=run).exists()
    assert not ticket.events.filter(kind=EventKind.SCENARIO).exists()


def test_an_action_on_a_ticket_changed_meanwhile_is_a_conflict(make_scenario, ticket, anna, teams):
    scenario = make_scenario(
        one_action({"type": "escalate", "team": teams["second"].pk, "reason": texts("Waarom")})
    )
    run = start_run(ticket, scenario, acting_user=anna)

    with pytest.raises(VersionConflict):
        take_step(run, step_id="act", acting_user=anna, version=ticket.version - 1)

    run.refresh_from_db()
    assert run.current_step == "act"
    assert not RunStep.objects.filter(run=run).exists()


def test_a_required_checklist_blocks_resolving_and_the_run_stays(
    make_scenario, ticket, anna, sofie, categories
):
    from loket.checklists.models import ChecklistTemplate, TemplateItem
    from loket.tickets.services import update_ticket

    now = timezone.now()
    template = ChecklistTemplate.objects.create(
        title_nl="Printer nagekeken", owner=sofie, required=True, created_at=now, updated_at=now
    )
    template.categories.set([categories["printing"]])
    TemplateItem.objects.create(template=template, text_nl="Toner gecontroleerd")
    update_ticket(ticket, acting_user=anna, version=None, category=categories["printing"])
    scenario = make_scenario(
        one_action({"type": "resolve", "code": "solved", "resolution": texts("Ok")})
    )
    run = start_run(ticket, scenario, acting_user=anna)

    with pytest.raises(InvalidInput):
        take_step(run, step_id="act", acting_user=anna)

    ticket.refresh_from_db()
    run.refresh_from_db()
    assert ticket.status != Status.RESOLVED
    assert (run.status, run.current_step) == (RunStatus.RUNNING, "act")
    assert not RunStep.objects.filter(run=run).exists()
