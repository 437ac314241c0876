"""The scenario pages: who may see and do what, and what they show."""

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.scenarios.models import Proposal, ProposalStatus, VersionStatus
from tests.scenarios.editor_fixtures import *  # noqa: F403 (fixtures)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, scenario, *args):
    return reverse(f"scenarios:{name}", args=[scenario.pk, *args])


def test_anonymous_users_go_to_the_login_page(client, published):
    for target in (reverse("scenarios:index"), url("detail", published.scenario)):
        response = client.get(target)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_customers_get_403(client, chris, published):
    client.force_login(chris)
    assert client.get(reverse("scenarios:index")).status_code == 403
    assert client.get(url("preview", published.scenario)).status_code == 403


def test_agents_see_published_active_scenarios_with_their_categories(
    client, anna, published, sofie
):
    from loket.scenarios import authoring

    hidden = authoring.create_scenario(titles={"nl": "Nog geheim"}, owner=sofie, acting_user=sofie)
    client.force_login(anna)
    page = client.get(reverse("scenarios:index")).content.decode()
    assert "Printer does not print" in page
    assert "Printing" in page
    assert "Nog geheim" not in page
    assert "New scenario" not in page
    assert client.get(url("detail", hidden)).status_code == 404


def test_supervisors_also_see_drafts_owner_and_open_proposals(client, sofie, anna, published):
    Proposal.objects.create(
        scenario=published.scenario,
        version=published,
        step_id="on",
        text="Eerst de kabel",
        author=anna,
        created_at=timezone.now(),
    )
    client.force_login(sofie)
    page = client.get(reverse("scenarios:index")).content.decode()
    assert "New scenario" in page
    assert "1 open proposal" in page
    assert "Sofie" in page


def test_the_list_takes_few_queries(client, sofie, published, django_assert_max_num_queries):
    client.force_login(sofie)
    with django_assert_max_num_queries(12):
        client.get(reverse("scenarios:index"))


def test_an_agent_studies_a_scenario_in_a_read_only_preview(client, anna, published):
    client.force_login(anna)
    scenario = published.scenario
    page = client.get(url("detail", scenario)).content.decode()
    assert "Vraag on" in page and "Edit (new draft)" not in page
    page = client.get(url("preview", scenario)).content.decode()
    assert "Vraag on" in page
    # answer "no": the instruction comes next, then the check
    page = client.get(url("preview", scenario), {"path": "on:no"}).content.decode()
    assert "Doe switch-on" in page
    page = client.get(url("preview", scenario), {"path": "on:no,switch-on:done,test:pass"})
    assert "The scenario ends here." in page.content.decode()
    assert "Resolve (" in page.content.decode()
    for name in ("editor", "proposals", "stats", "settings"):
        assert client.get(url(name, scenario)).status_code == 403
    assert client.post(url("draft", scenario)).status_code == 403
    assert client.post(url("publish", scenario)).status_code == 403


def test_a_preview_with_htmx_answers_the_runner_fragment(client, anna, published):
    client.force_login(anna)
    response = client.get(url("preview", published.scenario), {"path": "on:yes"}, **HTMX)
    body = response.content.decode()
    assert 'id="preview"' in body and "<html" not in body
    assert "Test test" in body


def test_a_preview_records_nothing(client, anna, published):
    client.force_login(anna)
    client.get(url("preview", published.scenario), {"path": "on:no,switch-on:done,test:pass"})
    assert published.runs.count() == 0


def test_a_supervisor_creates_edits_and_publishes(client, sofie, teams, categories):
    client.force_login(sofie)
    response = client.post(
        reverse("scenarios:create"),
        {
            "title_nl": "Geen netwerk",
            "title_fr": "Pas de réseau",
            "title_en": "No network",
            "owner": sofie.pk,
            "categories": [categories["hardware"].pk],
            "keywords": "wifi",
        },
    )
    assert response.status_code == 302
    editor_url = response["Location"]
    page = client.get(editor_url).content.decode()
    assert "First question" in page
    assert "problem" in page  # the question has no answers yet
    from loket.scenarios.models import Scenario

    scenario = Scenario.objects.get(title_nl="Geen netwerk")
    draft = scenario.versions.get()
    # add an action after the start, with htmx: the editor fragment comes back
    response = client.post(url("add_step", scenario), {"kind": "action", "after": "start"}, **HTMX)
    assert response.status_code == 200
    assert 'id="editor"' in response.content.decode()
    draft.refresh_from_db()
    action_id = draft.tree["steps"][1]["id"]
    response = client.post(
        url("update_step", scenario, action_id),
        {
            "id": action_id,
            "kind": "action",
            "title_nl": "Doorsturen naar netwerk",
            "action_type": "escalate",
            "team": teams["network"].pk,
            "reason_nl": "Geen netwerk op de hele site",
        },
        **HTMX,
    )
    assert response.status_code == 200
    response = client.post(
        url("update_step", scenario, "start"),
        {
            "id": "scope",
            "kind": "question",
            "title_nl": "Alleen u of iedereen?",
            "title_en": "Only you or everyone?",
            "say_nl": "Hebben uw collega's ook geen netwerk?",
            "novice_nl": "Kunnen uw collega's wel op internet?",
            "option_count": "1",
            "option-0-label_nl": "Iedereen",
            "option-0-label_en": "Everyone",
            "option-0-next": action_id,
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    start = draft.tree["steps"][0]
    assert draft.tree["start"] == "scope"
    assert start["options"] == [
        {"id": "everyone", "label": {"nl": "Iedereen", "en": "Everyone"}, "next": action_id}
    ]
    assert start["say"]["novice"] == {"nl": "Kunnen uw collega's wel op internet?"}
    page = client.get(editor_url).content.decode()
    assert "No problems: this draft can be published." in page
    response = client.post(url("publish", scenario), {"note": "Eerste versie"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED


def test_publishing_an_invalid_draft_shows_the_problems(client, sofie, scenario):
    client.force_login(sofie)
    response = client.post(url("publish", scenario), {"note": ""}, follow=True)
    assert "cannot be published" in response.content.decode()
    assert scenario.versions.get().status == VersionStatus.DRAFT


def test_deleting_a_step_in_use_says_why(client, sofie, published):
    client.force_login(sofie)
    scenario = published.scenario
    client.post(url("draft", scenario))
    response = client.post(url("step_action", scenario, "test", "delete"), **HTMX)
    assert response.status_code == 422
    assert "Other steps lead to this step" in response.content.decode()
    response = client.post(url("step_action", scenario, "test", "explode"))
    assert response.status_code == 404


def test_moving_a_step_without_js_redirects_to_the_step(client, sofie, published):
    client.force_login(sofie)
    scenario = published.scenario
    client.post(url("draft", scenario))
    response = client.post(url("step_action", scenario, "test", "up"))
    assert response.status_code == 302 and response["Location"].endswith("#step-test")
    draft = scenario.versions.get(status=VersionStatus.DRAFT)
    assert [s["id"] for s in draft.tree["steps"]][1] == "test"


def test_the_editor_without_a_draft_goes_back_to_the_scenario(client, sofie, published):
    client.force_login(sofie)
    response = client.get(url("editor", published.scenario))
    assert response.status_code == 302
    assert response["Location"] == url("detail", published.scenario)


def test_proposals_are_answered(client, sofie, anna, published):
    proposal = Proposal.objects.create(
        scenario=published.scenario,
        version=published,
        step_id="test",
        text="Eerst de kabel controleren",
        author=anna,
        created_at=timezone.now(),
    )
    client.force_login(sofie)
    page = client.get(url("proposals", published.scenario)).content.decode()
    assert "Eerst de kabel controleren" in page and "Test test" in page
    client.post(
        url("handle_proposal", published.scenario, proposal.pk),
        {"decision": "decline", "answer": ""},
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN
    client.post(
        url("handle_proposal", published.scenario, proposal.pk),
        {"decision": "decline", "answer": "Staat al in stap 1"},
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED


def test_specialists_may_study_but_not_edit(client, sam, published):
    client.force_login(sam)
    assert client.get(url("preview", published.scenario)).status_code == 200
    assert client.get(url("stats", published.scenario)).status_code == 403


def test_the_statistics_page_shows_for_supervisors(client, sofie, published):
    client.force_login(sofie)
    response = client.get(url("stats", published.scenario), {"since": "2020-01-01"})
    assert response.status_code == 200
    assert "Where runs end" in response.content.decode()
    response = client.get(url("stats", published.scenario), {"since": "garbage"}, **HTMX)
    assert response.status_code == 200 and 'id="stats"' in response.content.decode()


def test_settings_change_the_scenario(client, sofie, published, categories):
    client.force_login(sofie)
    scenario = published.scenario
    response = client.post(
        url("settings", scenario),
        {"title_nl": "Printer", "owner": sofie.pk, "categories": [], "keywords": ""},
    )
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.title_nl == "Printer" and not scenario.categories.exists()
    client.post(url("activate", scenario), {"active": "0"})
    scenario.refresh_from_db()
    assert not scenario.is_active
