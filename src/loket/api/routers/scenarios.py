"""API: scenarios (call scripts) and their runs on tickets. Read the published scenarios,
start one on a ticket, answer its steps, leave it with a reason, propose improvements.
Staff only; customers get 403. A run is reached through its ticket's access policy."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from loket.accounts.models import User
from loket.api.auth import acting_user
from loket.api.references import ticket_ref
from loket.api.routers.tickets import TicketKey
from loket.api.schemas import MAX_ID, PageParams, Text, errors
from loket.api.schemas_scenarios import (
    LeaveIn,
    ProposalIn,
    ProposalOut,
    RunOut,
    ScenarioDetailOut,
    ScenarioPage,
    StartRunIn,
    StepIn,
    StepResultOut,
)
from loket.core.errors import InvalidInput
from loket.scenarios import services
from loket.scenarios.access import can_run_scenarios, run_for, runnable_scenario_for
from loket.scenarios.models import RunStep, Scenario, ScenarioRun
from loket.scenarios.panels import choices
from loket.scenarios.tree import find_step, localized

router = Router(tags=["scenarios"])

ScenarioId = Path(..., ge=1, le=MAX_ID, description="The scenario's id.")
RunId = Path(..., ge=1, le=MAX_ID, description="The scenario run's id.")


class ScenarioFilters(Schema):
    category: int | None = Field(
        None, ge=1, le=MAX_ID, description="Those for this category or one of its parents."
    )
    text: Text | None = Field(
        None, max_length=2000, description="Those with a keyword in this text (a ticket's words)."
    )


def _language() -> str:
    return (translation.get_language() or "nl")[:2]


def _staff_only(user: User) -> None:
    if not can_run_scenarios(user):
        raise PermissionDenied


def _scenario_out(scenario: Scenario) -> dict:
    return {
        "id": scenario.pk,
        "title": scenario.title(_language()),
        "titles": {"nl": scenario.title_nl, "fr": scenario.title_fr, "en": scenario.title_en},
        "keywords": scenario.keywords,
        "categories": [c.pk for c in scenario.categories.all()],
        "is_active": scenario.is_active,
        "version": scenario.current_version.number,
        "owner": scenario.owner,
    }


def _current_step(run: ScenarioRun) -> dict | None:
    step = find_step(run.version.tree, run.current_step) if run.status == "running" else None
    if step is None:
        return None
    language = _language()
    return {
        "id": step["id"],
        "kind": step.get("kind"),
        "title": localized(step.get("title"), language),
        "guidance": localized(step.get("text"), language),
        "say": services.customer_text(step, run.language, run.profile),
        "choices": [{"answer": c["value"], "label": c["label"]} for c in choices(step, language)],
    }


def _run_out(run: ScenarioRun) -> dict:
    return {
        "id": run.pk,
        "ticket": run.ticket.number,
        "scenario": run.version.scenario_id,
        "scenario_title": run.version.scenario.title(_language()),
        "version": run.version.number,
        "agent": run.agent,
        "language": run.language,
        "profile": run.profile,
        "status": run.status,
        "outcome": run.outcome,
        "current_step": _current_step(run),
        "end_step": run.end_step,
        "deviation_reason": run.deviation_reason,
        "started_at": run.started_at,
        "ended_at": run.ended_at,
        "steps": [
            {
                "step": s.step_id,
                "kind": s.kind,
                "answer": s.answer,
                "summary": s.summary,
                "note": s.note,
                "at": s.at,
            }
            for s in run.steps.all()
        ],
    }


def _runs():
    return ScenarioRun.objects.select_related(
        "version__scenario", "agent", "ticket"
    ).prefetch_related(Prefetch("steps", queryset=RunStep.objects.order_by("at", "id")))


def _fresh(run: ScenarioRun) -> dict:
    return _run_out(_runs().get(pk=run.pk))


def _runnable(scenarios):
    return scenarios.select_related("current_version", "owner").prefetch_related("categories")


@router.get(
    "/scenarios",
    response={200: ScenarioPage, **errors(403, 422)},
    summary="List published scenarios",
    description="Active scenarios with a published version, by title. With `category` "
    "and/or `text`: the ones suggested for a ticket (category matches first). Staff only.",
)
def list_scenarios(request: HttpRequest, filters: Query[ScenarioFilters], page: Query[PageParams]):
    user = acting_user(request)
    _staff_only(user)
    if filters.category or (filters.text or "").strip():
        found = services.suggest_scenarios(
            category=filters.category, text=filters.text or "", limit=100
        )
        ids = [s.pk for s in found]
        by_id = {s.pk: s for s in _runnable(Scenario.objects.filter(pk__in=ids))}
        scenarios = [by_id[pk] for pk in ids]
    else:
        scenarios = list(_runnable(services.runnable_scenarios()).order_by("title_nl", "id"))
    start = (page.page - 1) * page.page_size
    return {
        "count": len(scenarios),
        "page": page.page,
        "page_size": page.page_size,
        "results": [_scenario_out(s) for s in scenarios[start : start + page.page_size]],
    }


@router.get(
    "/scenarios/{scenario_id}",
    response={200: ScenarioDetailOut, **errors(403, 404)},
    summary="Get a scenario's published tree",
    description="The current published version and its tree. 404 when it has none. Staff only.",
)
def get_scenario(request: HttpRequest, scenario_id: int = ScenarioId):
    user = acting_user(request)
    scenario = runnable_scenario_for(user, scenario_id)
    version = scenario.current_version
    if version is None or version.status != "published":
        raise Http404
    answer = _scenario_out(_runnable(Scenario.objects.all()).get(pk=scenario.pk))
    answer["published_at"] = version.published_at
    answer["tree"] = version.tree
    return answer


@router.get(
    "/tickets/{key}/scenario-runs",
    response={200: list[RunOut], **errors(403, 404)},
    summary="List a ticket's scenario runs",
    description="Newest first, each with the steps taken; a running one with its current "
    "step (what to ask, what to read to the customer, the choices). Staff only.",
)
def list_runs(request: HttpRequest, key: str = TicketKey):
    user = acting_user(request)
    _staff_only(user)
    ticket = ticket_ref(user, key, write=True)
    return [_run_out(run) for run in _runs().filter(ticket=ticket).order_by("-started_at", "-id")]


@router.post(
    "/tickets/{key}/scenario-runs",
    response={201: RunOut, **errors(403, 404, 422)},
    summary="Start a scenario on a ticket",
    description='Body `{"scenario": id}`. The run keeps the version published now. 422 '
    "`run_in_progress` when one runs already, `ticket_closed`, `not_published`, "
    "`scenario_inactive`, `unknown_scenario`.",
)
def start_run(request: HttpRequest, payload: StartRunIn, key: str = TicketKey):
    user = acting_user(request)
    _staff_only(user)
    ticket = ticket_ref(user, key, write=True)
    try:
        scenario = runnable_scenario_for(user, payload.scenario)
    except Http404:
        raise InvalidInput(
            _("There is no scenario with this id."), code="unknown_scenario"
        ) from None
    run = services.start_run(ticket, scenario, acting_user=user)
    return Status(201, _fresh(run))


@router.post(
    "/scenario-runs/{run_id}/steps",
    response={200: StepResultOut, **errors(403, 404, 409, 422)},
    summary="Answer the current step",
    description="`step` must be the run's current step (422 `stale_step` otherwise). An "
    "action step does its action on the ticket: send the ticket `version` you saw (409 "
    "when it changed). A canned-answer action returns its text in `composer`, to review "
    "and send as a reply; nothing is sent by the step itself.",
)
def take_step(request: HttpRequest, payload: StepIn, run_id: int = RunId):
    user = acting_user(request)
    _staff_only(user)
    run = run_for(user, run_id)
    result = services.take_step(
        run,
        step_id=payload.step,
        answer=payload.answer,
        note=payload.note,
        acting_user=user,
        version=payload.version,
    )
    answer = _fresh(result.run)
    answer["composer"] = result.composer
    answer["message"] = result.message
    return answer


@router.post(
    "/scenario-runs/{run_id}/leave",
    response={200: RunOut, **errors(403, 404, 422)},
    summary="Leave a scenario (deviation)",
    description="With a required `reason` (422 `reason_required`); recorded at the current step.",
)
def leave_run(request: HttpRequest, payload: LeaveIn, run_id: int = RunId):
    user = acting_user(request)
    _staff_only(user)
    run = run_for(user, run_id)
    services.leave_run(run, reason=payload.reason, acting_user=user)
    return _fresh(run)


@router.post(
    "/scenarios/{scenario_id}/proposals",
    response={201: ProposalOut, **errors(403, 404, 422)},
    summary="Propose an improvement to a scenario",
    description="At a `step` (optional) and from a `run` (optional, one on a ticket you "
    "may change); the scenario's owner is notified.",
)
def propose(request: HttpRequest, payload: ProposalIn, scenario_id: int = ScenarioId):
    user = acting_user(request)
    scenario = runnable_scenario_for(user, scenario_id)
    run = None
    if payload.run is not None:
        try:
            run = run_for(user, payload.run)
        except Http404:
            raise InvalidInput(_("There is no run with this id."), code="unknown_run") from None
    proposal = services.propose_improvement(
        scenario, text=payload.text, step_id=payload.step, run=run, acting_user=user
    )
    return Status(
        201,
        {
            "id": proposal.pk,
            "scenario": scenario.pk,
            "version": proposal.version.number,
            "step": proposal.step_id,
            "run": proposal.run_id,
            "text": proposal.text,
            "status": proposal.status,
            "author": proposal.author,
            "created_at": proposal.created_at,
        },
    )
