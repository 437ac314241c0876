"""The three demo scenarios: valid, complete in nl/fr/en, and seeded with runs."""

import pytest

from loket.core.demo.directory import build_categories
from loket.core.demo.timeline import Desk
from loket.scenarios import demo, demo_trees
from loket.scenarios.models import Proposal, RunStatus, Scenario, ScenarioRun, VersionStatus
from loket.scenarios.stats import scenario_stats
from loket.scenarios.validation import LANGUAGES, graph_of, validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(teams, sofie, anna):
    from loket.accounts.models import Team, TeamKind

    security = Team.objects.create(name="Security", kind=TeamKind.SPECIALISED)
    return Desk(
        teams={
            "first_line": teams["first"],
            "second_line": teams["second"],
            "network": teams["network"],
            "security": security,
        },
        categories=build_categories(),
        staff={"supervisor": sofie, "agent": anna},
        customers={},
        contacts=[],
    )


@pytest.fixture
def refs(desk):
    return demo._refs(desk)


TREES = [demo_trees.printer, demo_trees.login, demo_trees.network]


@pytest.mark.parametrize("make", TREES)
def test_each_demo_tree_validates_cleanly(make, refs):
    assert validate(make(refs)) == []


@pytest.mark.parametrize("make", TREES)
def test_every_text_is_in_dutch_french_and_english(make, refs):
    tree = make(refs)
    for step in tree["steps"]:
        texts = [step["title"], step.get("text"), *(o["label"] for o in step.get("options", []))]
        say = step.get("say") or {}
        texts += [{k: v for k, v in say.items() if k in LANGUAGES}, say.get("novice")]
        action = step.get("action") or {}
        texts += [action.get("reason"), action.get("resolution"), action.get("note")]
        for text in filter(None, texts):
            assert set(text) == set(LANGUAGES), step["id"]
            assert all(value.strip() for value in text.values()), step["id"]


def test_the_scenarios_speak_to_novices(refs):
    for make in TREES:
        assert any("novice" in (s.get("say") or {}) for s in make(refs)["steps"])


def test_a_failed_identity_check_never_leads_to_a_reset(refs):
    tree = demo_trees.login(refs)
    graph = graph_of(tree)
    steps = {s["id"]: s for s in tree["steps"]}

    def reachable(start):
        seen, todo = {start}, [start]
        while todo:
            for target in graph[todo.pop()]:
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    failed = [
        next(o["next"] for o in steps["id-details"]["options"] if o["id"] == "no-match"),
        steps["id-code"]["outcomes"]["fail"],
        steps["id-code"]["outcomes"]["not_possible"],
    ]
    for target in failed:
        assert not {"reset", "unlock", "mfa"} & reachable(target)
        assert steps[target]["action"]["type"] == "escalate"


def test_build_publishes_three_scenarios_with_runs_and_proposals(desk, make_ticket, anna):
    from django.utils import timezone

    for key, subject in (
        ("printing", "Printer drukt niet af"),
        ("account.password", "Wachtwoord vergeten"),
        ("network.wifi", "Geen wifi"),
    ):
        for _ in range(3):
            make_ticket(acting_user=anna, subject=subject, category=desk.categories[key])
    assert demo.build(desk, timezone.now()) == 3
    scenarios = list(Scenario.objects.all())
    assert len(scenarios) == 3
    for scenario in scenarios:
        assert scenario.current_version.status == VersionStatus.PUBLISHED
        assert scenario.title_fr and scenario.title_en
        assert scenario.categories.count() == 1
        stats = scenario_stats(scenario)
        assert stats.runs == 3 and stats.completed == 2 and stats.left == 1
        assert stats.deviations[0].reasons
    runs = ScenarioRun.objects.all()
    assert not runs.filter(status=RunStatus.RUNNING).exists()
    assert Proposal.objects.count() == 2
    assert runs.filter(outcome="resolved").count() == 3
    assert runs.filter(outcome="escalated").count() == 3


def test_building_again_adds_no_duplicates(desk):
    from django.utils import timezone

    assert demo.build(desk, timezone.now()) == 3
    assert demo.build(desk, timezone.now()) == 3
    assert Scenario.objects.count() == 3
