"""Writing scenarios: drafts, steps, publishing, versions and proposals."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.scenarios import authoring
from loket.scenarios.models import (
    Proposal,
    ProposalStatus,
    ScenarioRun,
    ScenarioVersion,
    VersionStatus,
)
from tests.scenarios.editor_fixtures import *  # noqa: F403 (fixtures)
from tests.scenarios.editor_fixtures import small_tree

pytestmark = pytest.mark.django_db


def test_a_new_scenario_has_a_draft_with_one_starting_step(scenario, categories):
    draft = scenario.versions.get()
    assert draft.number == 1 and draft.status == VersionStatus.DRAFT
    assert draft.tree["start"] == "start"
    assert [s["id"] for s in draft.tree["steps"]] == ["start"]
    assert list(scenario.categories.all()) == [categories["printing"]]
    assert scenario.current_version is None


def test_agents_and_specialists_cannot_create_scenarios(anna, sam):
    for user in (anna, sam):
        with pytest.raises(PermissionDenied):
            authoring.create_scenario(titles={"nl": "X"}, owner=user, acting_user=user)


def test_a_dutch_title_is_required(sofie):
    with pytest.raises(InvalidInput) as exc:
        authoring.create_scenario(titles={"en": "X"}, owner=sofie, acting_user=sofie)
    assert exc.value.code == "title_required"


def test_the_owner_must_be_staff(sofie, chris):
    with pytest.raises(InvalidInput) as exc:
        authoring.create_scenario(titles={"nl": "X"}, owner=chris, acting_user=sofie)
    assert exc.value.code == "bad_owner"


def test_draft_for_returns_the_one_draft(scenario, sofie):
    first = authoring.draft_for(scenario, acting_user=sofie)
    again = authoring.draft_for(scenario, acting_user=sofie)
    assert first.pk == again.pk
    assert scenario.versions.count() == 1


def test_a_scenario_has_one_draft_at_a_time(scenario, sofie):
    with pytest.raises(IntegrityError), transaction.atomic():
        ScenarioVersion.objects.create(
            scenario=scenario, number=2, tree={}, created_by=sofie, created_at=timezone.now()
        )


def test_an_invalid_draft_is_saved_but_not_published(scenario, sofie):
    draft = scenario.versions.get()
    authoring.save_draft(draft, tree={"start": "x", "steps": []}, acting_user=sofie)
    draft.refresh_from_db()
    assert draft.tree == {"start": "x", "steps": []}
    with pytest.raises(authoring.InvalidTree) as exc:
        authoring.publish(draft, note="", acting_user=sofie)
    assert exc.value.code == "invalid_tree"
    assert [p.code for p in exc.value.problems] == ["no_steps"]
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_a_tree_must_be_a_list_of_steps(scenario, sofie):
    with pytest.raises(InvalidInput) as exc:
        authoring.save_draft(scenario.versions.get(), tree={"steps": "x"}, acting_user=sofie)
    assert exc.value.code == "bad_tree"


def test_publishing_makes_the_version_current(published, scenario, sofie):
    scenario.refresh_from_db()
    assert scenario.current_version == published
    assert published.status == VersionStatus.PUBLISHED
    assert published.published_by == sofie and published.note == "Eerste versie"


def test_a_published_version_never_changes(published, sofie, tree):
    with pytest.raises(TransitionNotAllowed) as exc:
        authoring.save_draft(published, tree=tree, acting_user=sofie)
    assert exc.value.code == "not_draft"
    with pytest.raises(TransitionNotAllowed):
        authoring.add_step(published, kind="instruction", after=None, acting_user=sofie)
    with pytest.raises(TransitionNotAllowed):
        authoring.publish(published, note="", acting_user=sofie)


def test_a_new_draft_copies_the_published_tree_and_publishing_it_retires_the_old(
    published, scenario, sofie, make_ticket, anna
):
    ticket = make_ticket(acting_user=anna)
    run = ScenarioRun.objects.create(
        ticket=ticket,
        version=published,
        agent=anna,
        language="nl",
        current_step="on",
        started_at=timezone.now(),
    )
    draft = authoring.draft_for(scenario, acting_user=sofie)
    assert draft.number == 2 and draft.tree == published.tree
    authoring.update_step(
        draft, "done", data={**draft.tree["steps"][3], "title": {"nl": "Klaar"}}, acting_user=sofie
    )
    v2 = authoring.publish(draft, note="Betere titel", acting_user=sofie)
    published.refresh_from_db()
    scenario.refresh_from_db()
    run.refresh_from_db()
    assert published.status == VersionStatus.RETIRED
    assert scenario.current_version == v2
    assert run.version == published  # a running run keeps its version
    assert published.tree["steps"][3]["title"] == {"nl": "Oplossen"}


def test_steps_are_added_moved_and_deleted(scenario, sofie):
    draft = scenario.versions.get()
    first = authoring.add_step(draft, kind="instruction", after="start", acting_user=sofie)
    second = authoring.add_step(draft, kind="action", after=first, acting_user=sofie)
    draft.refresh_from_db()
    ids = [s["id"] for s in draft.tree["steps"]]
    assert ids == ["start", first, second]
    # An instruction without a next step leads to the step added after it.
    assert draft.tree["steps"][1]["next"] == second
    authoring.move_step(draft, second, up=True, acting_user=sofie)
    draft.refresh_from_db()
    assert [s["id"] for s in draft.tree["steps"]] == ["start", second, first]
    with pytest.raises(InvalidInput) as exc:
        authoring.delete_step(draft, second, acting_user=sofie)
    assert exc.value.code == "step_in_use"
    assert first in exc.value.message
    authoring.delete_step(draft, first, acting_user=sofie)
    authoring.delete_step(draft, second, acting_user=sofie)
    draft.refresh_from_db()
    assert [s["id"] for s in draft.tree["steps"]] == ["start"]


def test_the_start_cannot_be_deleted_while_others_remain(scenario, sofie):
    draft = scenario.versions.get()
    authoring.add_step(draft, kind="action", after=None, acting_user=sofie)
    with pytest.raises(InvalidInput):
        authoring.delete_step(draft, "start", acting_user=sofie)


def test_renaming_a_step_updates_every_reference(scenario, sofie, tree):
    draft = scenario.versions.get()
    authoring.save_draft(draft, tree=tree, acting_user=sofie)
    step = tree["steps"][2]
    authoring.update_step(draft, "test", data={**step, "id": "test-page"}, acting_user=sofie)
    draft.refresh_from_db()
    assert draft.tree["steps"][0]["options"][0]["next"] == "test-page"
    assert draft.tree["steps"][1]["next"] == "test-page"
    with pytest.raises(InvalidInput) as exc:
        authoring.update_step(draft, "done", data={"id": "send"}, acting_user=sofie)
    assert exc.value.code == "duplicate_id"


def test_agents_cannot_edit_but_an_agent_owner_can(scenario, sofie, anna, bob):
    draft = scenario.versions.get()
    with pytest.raises(PermissionDenied):
        authoring.add_step(draft, kind="check", after=None, acting_user=anna)
    authoring.update_scenario(scenario, owner=anna, acting_user=sofie)
    authoring.add_step(draft, kind="check", after=None, acting_user=anna)
    with pytest.raises(PermissionDenied):
        authoring.set_active(scenario, False, acting_user=bob)


def test_set_active_and_update(scenario, sofie, categories):
    authoring.set_active(scenario, False, acting_user=sofie)
    scenario.refresh_from_db()
    assert not scenario.is_active
    authoring.update_scenario(
        scenario,
        titles={"nl": "Printerprobleem", "en": "Printer problem"},
        categories=[categories["hardware"]],
        keywords="printer,  toner, printer",
        acting_user=sofie,
    )
    scenario.refresh_from_db()
    assert scenario.title("en") == "Printer problem"
    assert scenario.title("fr") == "Printerprobleem"
    assert scenario.keywords == "printer, toner"
    with pytest.raises(InvalidInput):
        authoring.update_scenario(scenario, is_active=True, acting_user=sofie)


def _proposal(published, anna):
    return Proposal.objects.create(
        scenario=published.scenario,
        version=published,
        step_id="test",
        text="Vraag eerst of de kabel erin zit.",
        author=anna,
        created_at=timezone.now(),
    )


def test_proposals_are_accepted_or_declined_once(published, anna, sofie):
    proposal = _proposal(published, anna)
    with pytest.raises(InvalidInput) as exc:
        authoring.handle_proposal(proposal, accept=False, answer=" ", acting_user=sofie)
    assert exc.value.code == "answer_required"
    authoring.handle_proposal(proposal, accept=True, answer="Goed idee", acting_user=sofie)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.handled_by == sofie and proposal.answer == "Goed idee"
    with pytest.raises(TransitionNotAllowed) as exc:
        authoring.handle_proposal(proposal, accept=False, answer="Toch niet", acting_user=sofie)
    assert exc.value.code == "already_handled"


def test_agents_cannot_answer_proposals(published, anna):
    proposal = _proposal(published, anna)
    with pytest.raises(PermissionDenied):
        authoring.handle_proposal(proposal, accept=True, answer="", acting_user=anna)


def test_the_admin_may_publish(scenario, ad, teams):
    draft = authoring.draft_for(scenario, acting_user=ad)
    authoring.save_draft(draft, tree=small_tree(teams["second"].pk), acting_user=ad)
    assert authoring.publish(draft, note="", acting_user=ad).status == VersionStatus.PUBLISHED
