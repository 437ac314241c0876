"""Statistics per scenario: runs, outcomes, where runs end, deviations, answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from loket.scenarios import authoring
from loket.scenarios.models import RunOutcome, RunStatus, RunStep, ScenarioRun
from loket.scenarios.stats import scenario_stats
from tests.scenarios.editor_fixtures import *  # noqa: F403 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on(make_ticket, anna):
    """Record a run with its steps the way the runner would."""

    def run(version, path, *, status, outcome="", end="", reason="", days_ago=0):
        start = timezone.now() - timedelta(days=days_ago)
        ticket = make_ticket(acting_user=anna)
        r = ScenarioRun.objects.create(
            ticket=ticket,
            version=version,
            agent=anna,
            language="nl",
            status=status,
            outcome=outcome,
            end_step=end,
            deviation_reason=reason,
            current_step="" if status != RunStatus.RUNNING else end,
            started_at=start,
            ended_at=None if status == RunStatus.RUNNING else start + timedelta(minutes=5),
        )
        for n, (step_id, kind, answer) in enumerate(path):
            RunStep.objects.create(
                run=r, step_id=step_id, kind=kind, answer=answer, at=start + timedelta(seconds=n)
            )
        return r

    return run


@pytest.fixture
def runs(published, run_on):
    resolved = [("on", "question", "yes"), ("test", "check", "pass"), ("done", "action", "resolve")]
    escalated = [
        ("on", "question", "yes"),
        ("test", "check", "fail"),
        ("send", "action", "escalate"),
    ]
    run_on(published, resolved, status=RunStatus.COMPLETED, outcome=RunOutcome.RESOLVED, end="done")
    run_on(published, resolved, status=RunStatus.COMPLETED, outcome=RunOutcome.RESOLVED, end="done")
    run_on(
        published, escalated, status=RunStatus.COMPLETED, outcome=RunOutcome.ESCALATED, end="send"
    )
    run_on(
        published,
        [("on", "question", "no")],
        status=RunStatus.LEFT,
        outcome=RunOutcome.LEFT,
        end="switch-on",
        reason="Printer staat in een andere kamer",
    )
    run_on(published, [], status=RunStatus.RUNNING, end="on")
    run_on(
        published,
        resolved,
        status=RunStatus.COMPLETED,
        outcome=RunOutcome.RESOLVED,
        end="done",
        days_ago=60,
    )


def test_counts_outcomes_ends_deviations_and_answers(published, runs):
    stats = scenario_stats(published.scenario)
    assert (stats.runs, stats.running, stats.completed, stats.left) == (6, 1, 4, 1)
    assert (stats.resolved, stats.escalated, stats.ended) == (3, 1, 0)
    assert [(e.step_id, e.title, e.count) for e in stats.ends] == [
        ("done", "Oplossen", 3),
        ("send", "Doorsturen", 1),
    ]
    assert [(d.step_id, d.count, d.reasons) for d in stats.deviations] == [
        ("switch-on", 1, ["Printer staat in een andere kamer"])
    ]
    answers = {a.step_id: a for a in stats.answers}
    assert answers["on"].total == 5
    assert answers["on"].answers[0] == ("yes", "yes", 4)
    assert ("pass", "passed", 3) in answers["test"].answers
    assert stats.share(stats.resolved) == 60


def test_a_period_keeps_the_runs_started_in_it(published, runs):
    stats = scenario_stats(published.scenario, since=timezone.now() - timedelta(days=7))
    assert stats.runs == 5 and stats.resolved == 2
    stats = scenario_stats(published.scenario, until=timezone.now() - timedelta(days=7))
    assert stats.runs == 1


def test_statistics_per_version(published, runs, sofie, run_on):
    draft = authoring.draft_for(published.scenario, acting_user=sofie)
    v2 = authoring.publish(draft, note="", acting_user=sofie)
    run_on(v2, [("on", "question", "no")], status=RunStatus.LEFT, outcome="left", end="on")
    assert scenario_stats(published.scenario, version=v2).runs == 1
    assert scenario_stats(published.scenario, version=published).runs == 6
    per_version = scenario_stats(published.scenario).versions
    assert [(v["version__number"], v["n"], v["left"]) for v in per_version] == [
        (2, 1, 1),
        (1, 6, 1),
    ]


def test_statistics_take_a_fixed_number_of_queries(published, runs, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        scenario_stats(published.scenario)


def test_no_runs_gives_zeros(published):
    stats = scenario_stats(published.scenario)
    assert stats.runs == 0 and stats.ends == [] and stats.share(0) == 0
