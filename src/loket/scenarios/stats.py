"""Statistics of a scenario: how its runs went, where they end, where agents leave it.

Computed with aggregates in the database: a handful of queries whatever the number of
runs or steps. Step titles come from the trees of the versions looked at.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from loket.scenarios.models import RunOutcome, RunStatus, RunStep, Scenario, ScenarioRun

REASONS_PER_STEP = 5


@dataclass
class StepCount:
    step_id: str
    title: str
    count: int
    reasons: list[str] = field(default_factory=list)


@dataclass
class AnswerCount:
    step_id: str
    title: str
    answers: list[tuple[str, str, int]]  # (answer, label, count)
    total: int


@dataclass
class ScenarioStats:
    runs: int
    running: int
    completed: int
    left: int
    resolved: int
    escalated: int
    ended: int
    ends: list[StepCount]
    deviations: list[StepCount]
    answers: list[AnswerCount]
    versions: list[dict]

    @property
    def finished(self) -> int:
        return self.completed + self.left

    def share(self, count: int) -> int:
        """``count`` as a whole percentage of the finished runs."""
        return round(100 * count / self.finished) if self.finished else 0


def _runs(
    scenario: Scenario, *, version=None, since: datetime | None, until: datetime | None
) -> QuerySet[ScenarioRun]:
    runs = ScenarioRun.objects.filter(version__scenario=scenario)
    if version is not None:
        runs = runs.filter(version=version)
    if since is not None:
        runs = runs.filter(started_at__gte=since)
    if until is not None:
        runs = runs.filter(started_at__lt=until)
    return runs


def _labels(scenario: Scenario, language: str) -> tuple[dict[str, str], dict[tuple, str]]:
    """Step titles and option labels from every version, the newest winning."""
    titles: dict[str, str] = {}
    options: dict[tuple, str] = {}
    trees = scenario.versions.order_by("number").values_list("tree", flat=True)
    for tree in trees:
        for step in (tree or {}).get("steps", []):
            if not isinstance(step, dict) or not isinstance(step.get("id"), str):
                continue
            titles[step["id"]] = in_language(step.get("title"), language) or step["id"]
            for option in step.get("options") or []:
                if isinstance(option, dict) and isinstance(option.get("id"), str):
                    label = in_language(option.get("label"), language) or option["id"]
                    options[(step["id"], option["id"])] = label
    return titles, options


def in_language(texts, language: str) -> str:
    """The text in ``language``, else nl → fr → en."""
    if not isinstance(texts, dict):
        return ""
    for lang in (language, "nl", "fr", "en"):
        value = texts.get(lang)
        if isinstance(value, str) and value:
            return value
    return ""


def scenario_stats(
    scenario: Scenario,
    *,
    version=None,
    since: datetime | None = None,
    until: datetime | None = None,
    language: str = "nl",
) -> ScenarioStats:
    """The statistics of the scenario's runs started in [since, until), of one version
    or all."""
    from django.utils.translation import gettext as _

    runs = _runs(scenario, version=version, since=since, until=until)
    totals = runs.aggregate(
        runs=Count("pk"),
        running=Count("pk", filter=Q(status=RunStatus.RUNNING)),
        completed=Count("pk", filter=Q(status=RunStatus.COMPLETED)),
        left=Count("pk", filter=Q(status=RunStatus.LEFT)),
        resolved=Count("pk", filter=Q(outcome=RunOutcome.RESOLVED)),
        escalated=Count("pk", filter=Q(outcome=RunOutcome.ESCALATED)),
        ended=Count("pk", filter=Q(outcome=RunOutcome.ENDED)),
    )
    titles, option_labels = _labels(scenario, language)
    ends = [
        StepCount(row["end_step"], titles.get(row["end_step"], row["end_step"]), row["n"])
        for row in runs.filter(status=RunStatus.COMPLETED)
        .values("end_step")
        .annotate(n=Count("pk"))
        .order_by("-n", "end_step")
    ]
    left = runs.filter(status=RunStatus.LEFT)
    deviations = {
        row["end_step"]: StepCount(
            row["end_step"], titles.get(row["end_step"], row["end_step"]), row["n"]
        )
        for row in left.values("end_step").annotate(n=Count("pk")).order_by("-n", "end_step")
    }
    for step_id, reason in left.order_by("-ended_at", "-pk").values_list(
        "end_step", "deviation_reason"
    )[:500]:
        reasons = deviations[step_id].reasons
        if reason and reason not in reasons and len(reasons) < REASONS_PER_STEP:
            reasons.append(reason)
    answers: dict[str, AnswerCount] = {}
    rows = (
        RunStep.objects.filter(run__in=runs)
        .values("step_id", "kind", "answer")
        .annotate(n=Count("pk"))
        .order_by("step_id", "-n", "answer")
    )
    from loket.scenarios.presenting import ACTION_LABELS

    labels = {
        "check": {"pass": _("passed"), "fail": _("failed"), "not_possible": _("not possible")},
        "instruction": {"done": _("done")},
        "action": {key: str(label) for key, label in ACTION_LABELS.items()},
    }
    for row in rows:
        step_id = row["step_id"]
        entry = answers.setdefault(
            step_id, AnswerCount(step_id, titles.get(step_id, step_id), [], 0)
        )
        answer = row["answer"]
        label = option_labels.get((step_id, answer)) or labels.get(row["kind"], {}).get(
            answer, answer
        )
        entry.answers.append((answer, label, row["n"]))
        entry.total += row["n"]
    versions = list(
        _runs(scenario, since=since, until=until)
        .values("version__number")
        .annotate(
            n=Count("pk"),
            resolved=Count("pk", filter=Q(outcome=RunOutcome.RESOLVED)),
            escalated=Count("pk", filter=Q(outcome=RunOutcome.ESCALATED)),
            left=Count("pk", filter=Q(status=RunStatus.LEFT)),
        )
        .order_by("-version__number")
    )
    order = {step_id: i for i, step_id in enumerate(titles)}
    return ScenarioStats(
        **totals,
        ends=ends,
        deviations=list(deviations.values()),
        answers=sorted(answers.values(), key=lambda a: order.get(a.step_id, len(order))),
        versions=versions,
    )
