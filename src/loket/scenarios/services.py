"""Running scenarios: suggesting one for a ticket, starting it, taking its steps, leaving
it, and proposing improvements. Writing and publishing scenarios is ``authoring``.

A run keeps the version it started with. Every step taken is a ``RunStep`` with a summary
frozen in the agent's language; when the run ends (completed or left) ONE timeline event
of kind SCENARIO tells the whole path as one readable block. An action step changes the
ticket through ``loket.tickets.services`` in the same transaction as the step: when the
action is refused (a checklist blocks resolving, someone else changed the ticket) nothing
is recorded and the run stays at that step.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from loket.accounts.models import User
from loket.core.errors import InvalidInput
from loket.scenarios import run_actions
from loket.scenarios.models import (
    Proposal,
    RunOutcome,
    RunStatus,
    RunStep,
    Scenario,
    ScenarioRun,
    VersionStatus,
)
from loket.scenarios.tree import FALLBACK, customer_text, find_step, language_of, localized
from loket.search.analysis import strip_accents, terms
from loket.tickets.models import (
    OPEN_STATUSES,
    Category,
    EventKind,
    Ticket,
    TimelineEvent,
)

__all__ = [
    "CHECK_RESULTS",
    "StepResult",
    "customer_text",
    "find_step",
    "leave_run",
    "localized",
    "propose_improvement",
    "running_run",
    "start_run",
    "suggest_scenarios",
    "take_step",
]

CHECK_RESULTS = ("pass", "fail", "not_possible")
ENDING_ACTIONS = {"resolve": RunOutcome.RESOLVED, "escalate": RunOutcome.ESCALATED}
MAX_NOTE = 5_000
MAX_REASON = 2_000


@dataclass(frozen=True)
class StepResult:
    """What taking a step did: the run as it is now, the text to put in the ticket's
    composer (a canned answer: ``{"kind": "reply", "body": "…"}``) and a message."""

    run: ScenarioRun
    composer: dict | None
    message: str


# --- suggesting --------------------------------------------------------------------------


def runnable_scenarios():
    """Active scenarios with a published version: those an agent may start."""
    return Scenario.objects.filter(
        is_active=True, current_version__status=VersionStatus.PUBLISHED
    ).select_related("current_version")


def _plain(text: str) -> str:
    return strip_accents((text or "").casefold())


def _keyword_hits(keywords: str, text: str, text_terms: dict[str, set[str]]) -> int:
    """How many of the comma-separated ``keywords`` occur in the text: as the same
    stems in one of the languages, or (short words, codes) literally."""
    hits = 0
    plain = f" {' '.join(_plain(text).split())} "
    for keyword in (k.strip() for k in keywords.split(",")):
        if not keyword:
            continue
        if f" {_plain(keyword)} " in plain:
            hits += 1
            continue
        for language, found in text_terms.items():
            wanted = set(terms(keyword, language))
            if wanted and wanted <= found:
                hits += 1
                break
    return hits


def _category_ids(category: Category | int | None) -> list[int]:
    """The category and its ancestors."""
    if category is None:
        return []
    if not isinstance(category, Category):
        category = Category.objects.filter(pk=category).first()
    ids: list[int] = []
    while category is not None and category.pk not in ids and len(ids) < 10:
        ids.append(category.pk)
        category = category.parent
    return ids


def suggest_scenarios(
    *, category: Category | int | None = None, text: str = "", limit: int = 5
) -> list[Scenario]:
    """Runnable scenarios for a ticket: attached to its category or one of the category's
    ancestors, or with a keyword in ``text`` (case and accents ignored, words stemmed per
    language). Category matches come first; within each group, more keywords first."""
    ids = _category_ids(category)
    text = (text or "")[:5_000]
    text_terms = {lang: set(terms(text, lang)) for lang in FALLBACK} if text.strip() else {}
    condition = Q(categories__in=ids) if ids else Q(pk__in=[])
    if text_terms:
        condition |= ~Q(keywords="")
    candidates = list(runnable_scenarios().filter(condition).distinct())
    by_category = (
        set(
            Scenario.categories.through.objects.filter(
                category_id__in=ids, scenario_id__in=[s.pk for s in candidates]
            ).values_list("scenario_id", flat=True)
        )
        if ids and candidates
        else set()
    )
    ranked = []
    for scenario in candidates:
        hits = _keyword_hits(scenario.keywords, text, text_terms) if text_terms else 0
        in_category = scenario.pk in by_category
        if in_category or hits:
            ranked.append((not in_category, -hits, scenario.title_nl.casefold(), scenario))
    ranked.sort(key=lambda row: row[:3])
    return [row[3] for row in ranked[: max(limit, 0)]]


# --- starting ----------------------------------------------------------------------------


def running_run(ticket: Ticket) -> ScenarioRun | None:
    """The scenario running on ``ticket``, with its version and scenario, or None."""
    return (
        ScenarioRun.objects.select_related("version__scenario", "agent")
        .filter(ticket=ticket, status=RunStatus.RUNNING)
        .first()
    )


@transaction.atomic
def start_run(
    ticket: Ticket, scenario: Scenario, *, acting_user: User, now: datetime | None = None
) -> ScenarioRun:
    """Start the scenario's current published version on an open ticket. The customer's
    texts follow the contact's language and communication profile."""
    scenario = Scenario.objects.select_related("current_version").get(pk=scenario.pk)
    version = scenario.current_version
    if not scenario.is_active:
        raise InvalidInput(_("This scenario is no longer in use."), code="scenario_inactive")
    if version is None or version.status != VersionStatus.PUBLISHED:
        raise InvalidInput(_("This scenario has no published version."), code="not_published")
    start = (version.tree or {}).get("start", "")
    if find_step(version.tree, start) is None:
        raise InvalidInput(_("This scenario has no first step."), code="not_published")
    ticket = (
        Ticket.objects.select_for_update(of=("self",)).select_related("contact").get(pk=ticket.pk)
    )
    if ticket.status not in OPEN_STATUSES:
        raise InvalidInput(
            _("Scenarios run on open tickets; this one is resolved or closed."),
            code="ticket_closed",
        )
    if ScenarioRun.objects.filter(ticket=ticket, status=RunStatus.RUNNING).exists():
        raise InvalidInput(
            _("A scenario is already running on this ticket."), code="run_in_progress"
        )
    contact = ticket.contact
    try:
        with transaction.atomic():
            return ScenarioRun.objects.create(
                ticket=ticket,
                version=version,
                agent=acting_user,
                language=(contact.language if contact else "") or language_of(acting_user),
                profile=(contact.profile if contact else "") or "",
                current_step=start,
                started_at=now or timezone.now(),
            )
    except IntegrityError:
        # Another tab started one between the check and the insert.
        raise InvalidInput(
            _("A scenario is already running on this ticket."), code="run_in_progress"
        ) from None


# --- taking a step -----------------------------------------------------------------------


def _lock_run(run: ScenarioRun) -> ScenarioRun:
    run = (
        ScenarioRun.objects.select_for_update(of=("self",))
        .select_related("version__scenario", "ticket__contact")
        .get(pk=run.pk)
    )
    if run.status != RunStatus.RUNNING:
        raise InvalidInput(_("This scenario has already ended."), code="run_ended")
    return run


def _check_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(_("The note is longer than 5000 characters."), code="too_long")
    return note


@dataclass
class _Taken:
    answer: str
    label: str
    next: str | None
    outcome: str = RunOutcome.ENDED
    composer: dict | None = None


def _answer_question(step: dict, answer: str, language: str) -> _Taken:
    for option in step.get("options") or []:
        if isinstance(option, dict) and option.get("id") == answer:
            return _Taken(answer, localized(option.get("label"), language), option.get("next"))
    raise InvalidInput(_("Choose one of the answers."), code="bad_answer")


def _answer_check(step: dict, answer: str) -> _Taken:
    if answer not in CHECK_RESULTS:
        raise InvalidInput(_("A check passes, fails or is not possible."), code="bad_answer")
    labels = {"pass": _("passed"), "fail": _("failed"), "not_possible": _("not possible")}
    return _Taken(answer, labels[answer], (step.get("outcomes") or {}).get(answer))


def _answer_instruction(step: dict, answer: str) -> _Taken:
    if answer not in ("", "done"):
        raise InvalidInput(_("An instruction is only marked done."), code="bad_answer")
    return _Taken("done", _("done"), step.get("next"))


@transaction.atomic
def take_step(
    run: ScenarioRun,
    *,
    step_id: str,
    answer: str = "",
    note: str = "",
    acting_user: User,
    version: int | None = None,
    now: datetime | None = None,
) -> StepResult:
    """Answer the run's current step (``step_id`` must be it: two tabs cannot both
    answer it), record it and move on; an action step does its action on the ticket
    (``version`` is the ticket version the agent saw). A step without a successor, or a
    resolve or escalate action, completes the run."""
    return _take_step(run, step_id, answer, note, acting_user, version, now)


def _do_action(run: ScenarioRun, step: dict, *, acting_user, version, now) -> _Taken:
    kind, label, composer = run_actions.perform(
        run, step, acting_user=acting_user, version=version, now=now
    )
    return _Taken(
        kind,
        label,
        None if kind in ENDING_ACTIONS else step.get("next"),
        outcome=ENDING_ACTIONS.get(kind, RunOutcome.ENDED),
        composer=composer,
    )


def _take_step(run, step_id, answer, note, acting_user, version, now) -> StepResult:
    now = now or timezone.now()
    note = _check_note(note)
    run = _lock_run(run)
    if step_id != run.current_step:
        raise InvalidInput(
            _("This step was already answered (in another tab?). The scenario is shown again."),
            code="stale_step",
        )
    if not run.ticket.is_open:
        raise InvalidInput(
            _("The ticket is resolved or closed: leave the scenario with a reason."),
            code="ticket_closed",
        )
    tree = run.version.tree
    step = find_step(tree, step_id)
    if step is None:
        raise InvalidInput(_("This step is not in the scenario."), code="unknown_step")
    agent_language = language_of(acting_user)
    with translation.override(agent_language):
        kind = step.get("kind")
        answer = (answer or "").strip()
        if kind == "question":
            taken = _answer_question(step, answer, agent_language)
        elif kind == "check":
            taken = _answer_check(step, answer)
        elif kind == "instruction":
            taken = _answer_instruction(step, answer)
        elif kind == "action":
            taken = _do_action(run, step, acting_user=acting_user, version=version, now=now)
        else:
            raise InvalidInput(_("This step cannot be answered."), code="bad_step")
        title = localized(step.get("title"), agent_language)
        RunStep.objects.create(
            run=run,
            step_id=step_id,
            kind=kind,
            answer=taken.answer[:40],
            summary=f"{title} — {taken.label}"[:500],
            note=note,
            at=now,
        )
        if taken.next and find_step(tree, taken.next) is not None:
            run.current_step = taken.next
            run.save(update_fields=["current_step"])
            message = _("Recorded: %(step)s — %(answer)s.") % {"step": title, "answer": taken.label}
        else:
            _finish(run, RunStatus.COMPLETED, taken.outcome, acting_user=acting_user, now=now)
            message = _("The scenario is complete.")
    return StepResult(run=run, composer=taken.composer, message=message)


# --- ending ------------------------------------------------------------------------------


def _finish(run: ScenarioRun, status: str, outcome: str, *, acting_user, now) -> None:
    run.end_step = run.current_step
    run.status = status
    run.outcome = outcome
    run.ended_at = now
    run.save(update_fields=["status", "outcome", "end_step", "ended_at", "deviation_reason"])
    _timeline_block(run, acting_user=acting_user, now=now)


def _label_of(taken: RunStep) -> str:
    """The answer part of a frozen summary ("title — answer")."""
    _head, sep, tail = taken.summary.rpartition(" — ")
    return tail if sep else taken.summary


def _timeline_block(run: ScenarioRun, *, acting_user, now) -> None:
    """The run as ONE readable timeline event, in the agent's language."""
    language = language_of(acting_user)
    tree = run.version.tree
    steps = []
    for taken in run.steps.order_by("at", "id"):
        step = find_step(tree, taken.step_id) or {}
        title = localized(step.get("title"), language) or taken.step_id
        label = _label_of(taken)
        steps.append(
            {
                "id": taken.step_id,
                "title": title,
                "kind": taken.kind,
                "answer": taken.answer,
                "label": label,
                "note": taken.note,
            }
        )
    end_step = find_step(tree, run.end_step) or {}
    TimelineEvent.objects.create(
        ticket=run.ticket,
        kind=EventKind.SCENARIO,
        author=acting_user,
        created_at=now,
        is_public=False,
        data={
            "run": run.pk,
            "scenario": run.version.scenario_id,
            "title": run.version.scenario.title(language),
            "version": run.version.number,
            "status": run.status,
            "outcome": run.outcome,
            "end_step": run.end_step,
            "end_title": localized(end_step.get("title"), language),
            "reason": run.deviation_reason,
            "steps": steps,
        },
    )


@transaction.atomic
def leave_run(
    run: ScenarioRun, *, reason: str, acting_user: User, now: datetime | None = None
) -> ScenarioRun:
    """Leave the scenario at its current step (a deviation); the reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why you leave the scenario."), code="reason_required")
    if len(reason) > MAX_REASON:
        raise InvalidInput(_("The reason is longer than 2000 characters."), code="too_long")
    now = now or timezone.now()
    run = _lock_run(run)
    run.deviation_reason = reason
    _finish(run, RunStatus.LEFT, RunOutcome.LEFT, acting_user=acting_user, now=now)
    return run


# --- proposals ---------------------------------------------------------------------------


@transaction.atomic
def propose_improvement(
    scenario: Scenario,
    *,
    text: str,
    acting_user: User,
    step_id: str = "",
    run: ScenarioRun | None = None,
    now: datetime | None = None,
) -> Proposal:
    """Record an agent's proposal to improve the scenario (at a step) and notify its
    owner."""
    from loket.notifications.models import NotificationKind
    from loket.notifications.services import notify

    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Describe your proposal."), code="text_required")
    if len(text) > MAX_NOTE:
        raise InvalidInput(_("The proposal is longer than 5000 characters."), code="too_long")
    if run is not None and run.version.scenario_id != scenario.pk:
        raise InvalidInput(_("This run is of another scenario."), code="bad_run")
    version = run.version if run is not None else scenario.current_version
    if version is None:
        raise InvalidInput(_("This scenario has no published version."), code="not_published")
    step_id = (step_id or "").strip()
    if step_id and find_step(version.tree, step_id) is None:
        raise InvalidInput(_("This step is not in the scenario."), code="unknown_step")
    proposal = Proposal.objects.create(
        scenario=scenario,
        version=version,
        step_id=step_id,
        run=run,
        text=text,
        author=acting_user,
        created_at=now or timezone.now(),
    )
    owner = scenario.owner
    if owner.pk != acting_user.pk:
        ticket = run.ticket if run is not None else None
        data = {"by": str(acting_user), "name": scenario.title(language_of(owner))}
        if ticket is not None:
            data.update(number=ticket.number, subject=ticket.subject)
        notify([owner], kind=NotificationKind.PROPOSAL, ticket=ticket, data=data, now=now)
    return proposal


def published_scenarios(ids: Iterable[int] | None = None) -> list[Scenario]:
    """Every runnable scenario, by title (the "pick another scenario" list)."""
    scenarios = runnable_scenarios()
    if ids is not None:
        scenarios = scenarios.filter(pk__in=list(ids))
    return list(scenarios.order_by("title_nl", "pk"))
