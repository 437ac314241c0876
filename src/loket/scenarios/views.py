"""The scenario pages: list, scenario page, editor of the draft, preview, proposals and
statistics. The runner's actions on a ticket live in ``run_views``."""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.core.errors import ServiceError
from loket.core.pages import allowed_if, render_page
from loket.scenarios import authoring, forms
from loket.scenarios.access import (
    can_edit,
    can_edit_scenarios,
    can_run_scenarios,
    listed_scenarios,
    scenario_to_study,
)
from loket.scenarios.models import (
    Proposal,
    ProposalStatus,
    ScenarioVersion,
    VersionStatus,
)
from loket.scenarios.presenting import (
    editor_choices,
    preview_state,
    step_views,
    with_action_summaries,
)
from loket.scenarios.stats import scenario_stats
from loket.scenarios.validation import validate
from loket.tickets.models import Category

staff_required = allowed_if(can_run_scenarios)
editor_required = allowed_if(can_edit_scenarios)
EDITOR = "scenarios/editor.html"


def _lang() -> str:
    return (get_language() or "nl")[:2]


@require_GET
@staff_required
def index(request):
    editor = can_edit_scenarios(request.user)
    scenarios = (
        listed_scenarios(request.user)
        .select_related("owner", "current_version")
        .prefetch_related(
            Prefetch("categories", queryset=Category.objects.select_related("parent"))
        )
        .annotate(
            open_proposals=Count("proposals", filter=Q(proposals__status=ProposalStatus.OPEN)),
            drafts=Count("versions", filter=Q(versions__status=VersionStatus.DRAFT)),
        )
        .order_by("-is_active", "title_nl", "pk")
    )
    lang = _lang()
    rows = [(s, s.title(lang), can_edit(request.user, s)) for s in scenarios]
    context = {"active_nav": "scenarios", "rows": rows, "is_editor": editor}
    return render_page(request, "scenarios/index.html", context)


@require_http_methods(["GET", "POST"])
@editor_required
def create(request):
    form = forms.ScenarioForm(request.POST or None, initial={"owner": request.user.pk})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                scenario = authoring.create_scenario(
                    acting_user=request.user, **form.service_fields()
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The scenario was created: write its steps."))
                return redirect("scenarios:editor", pk=scenario.pk)
    context = {"active_nav": "scenarios", "form": form, "scenario": None}
    return render_page(request, "scenarios/form.html", context, status=status)


@require_GET
@staff_required
def detail(request, pk: int):
    scenario = scenario_to_study(request.user, pk)
    editable = can_edit(request.user, scenario)
    versions = list(
        scenario.versions.select_related("created_by", "published_by")
        .annotate(run_count=Count("runs"))
        .order_by("-number")
    )
    if not editable:
        versions = [v for v in versions if v.status != VersionStatus.DRAFT]
    published = scenario.current_version
    lang = _lang()
    context = {
        "active_nav": "scenarios",
        "scenario": scenario,
        "title": scenario.title(lang),
        "categories": list(scenario.categories.select_related("parent")),
        "versions": versions,
        "draft": next((v for v in versions if v.status == VersionStatus.DRAFT), None),
        "published": published,
        "steps": with_action_summaries(step_views(published.tree, lang), lang) if published else [],
        "editable": editable,
        "open_proposals": scenario.proposals.filter(status=ProposalStatus.OPEN).count()
        if editable
        else 0,
    }
    return render_page(request, "scenarios/detail.html", context)


def _scenario_initial(scenario) -> dict:
    return {
        "title_nl": scenario.title_nl,
        "title_fr": scenario.title_fr,
        "title_en": scenario.title_en,
        "owner": scenario.owner_id,
        "categories": list(scenario.categories.values_list("pk", flat=True)),
        "keywords": scenario.keywords,
    }


@require_http_methods(["GET", "POST"])
@staff_required
def settings(request, pk: int):
    scenario = scenario_to_study(request.user, pk, write=True)
    form = forms.ScenarioForm(request.POST or None, initial=_scenario_initial(scenario))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                authoring.update_scenario(
                    scenario, acting_user=request.user, **form.service_fields()
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The scenario was saved."))
                return redirect("scenarios:detail", pk=scenario.pk)
    context = {"active_nav": "scenarios", "form": form, "scenario": scenario}
    return render_page(request, "scenarios/form.html", context, status=status)


@require_POST
@staff_required
def activate(request, pk: int):
    scenario = scenario_to_study(request.user, pk, write=True)
    active = request.POST.get("active") == "1"
    authoring.set_active(scenario, active, acting_user=request.user)
    if active:
        messages.success(request, _("Agents are offered this scenario again."))
    else:
        messages.success(request, _("Agents are no longer offered this scenario."))
    return redirect("scenarios:detail", pk=scenario.pk)


@require_POST
@staff_required
def draft(request, pk: int):
    scenario = scenario_to_study(request.user, pk, write=True)
    authoring.draft_for(scenario, acting_user=request.user)
    return redirect("scenarios:editor", pk=scenario.pk)


def _draft_of(request, pk: int) -> ScenarioVersion | None:
    scenario = scenario_to_study(request.user, pk, write=True)
    return scenario.versions.filter(status=VersionStatus.DRAFT).select_related("scenario").first()


def _editor(request, version, *, open_step: str = "", error: str = "", status: int = 200):
    scenario = version.scenario
    lang = _lang()
    problems = validate(version.tree)
    by_step: dict[str, list] = {}
    for problem in problems:
        by_step.setdefault(problem.step_id, []).append(problem)
    context = {
        "active_nav": "scenarios",
        "scenario": scenario,
        "title": scenario.title(lang),
        "version": version,
        "steps": step_views(version.tree, lang, problems=by_step),
        "problems": problems,
        "tree_problems": by_step.get("", []),
        "choices": editor_choices(version.tree, lang),
        "open_step": open_step,
        "editable": True,
        "error": error,
        "publish_form": forms.PublishForm(),
    }
    return render_page(request, EDITOR, context, fragment="editor", status=status)


@require_GET
@staff_required
def editor(request, pk: int):
    version = _draft_of(request, pk)
    if version is None:
        messages.info(request, _("There is no draft: start one to change the scenario."))
        return redirect("scenarios:detail", pk=pk)
    return _editor(request, version, open_step=request.GET.get("step", "")[:40])


def _after_edit(request, version, *, step: str = "", error: str = ""):
    """The editor fragment for htmx, else back to the editor at the step."""
    if request.htmx:
        return _editor(request, version, open_step=step, error=error, status=422 if error else 200)
    if error:
        messages.error(request, error)
    url = reverse("scenarios:editor", args=[version.scenario_id])
    if step:
        url += f"?step={step}#step-{step}"
    return redirect(url)


def _no_draft(request, pk: int):
    messages.info(request, _("There is no draft: start one to change the scenario."))
    return redirect("scenarios:detail", pk=pk)


@require_POST
@staff_required
def add_step(request, pk: int):
    version = _draft_of(request, pk)
    if version is None:
        return _no_draft(request, pk)
    form = forms.AddStepForm(request.POST)
    if not form.is_valid():
        return _after_edit(request, version, error=_("Choose the kind of step to add."))
    try:
        step_id = authoring.add_step(
            version,
            kind=form.cleaned_data["kind"],
            after=form.cleaned_data["after"] or None,
            acting_user=request.user,
        )
    except ServiceError as exc:
        return _after_edit(request, version, error=exc.message)
    version.refresh_from_db()
    return _after_edit(request, version, step=step_id)


def _step_of(version, step_id: str) -> dict | None:
    for step in version.tree.get("steps", []):
        if isinstance(step, dict) and step.get("id") == step_id:
            return step
    return None


@require_POST
@staff_required
def update_step(request, pk: int, step_id: str):
    version = _draft_of(request, pk)
    if version is None:
        return _no_draft(request, pk)
    step = _step_of(version, step_id)
    if step is None:
        return _after_edit(
            request, version, error=_("This step is not in the scenario (any more).")
        )
    data = forms.step_from_post(request.POST, step)
    try:
        authoring.update_step(version, step_id, data=data, acting_user=request.user)
    except ServiceError as exc:
        return _after_edit(request, version, step=step_id, error=exc.message)
    version.refresh_from_db()
    if not request.htmx:
        messages.success(request, _("The step was saved."))
    return _after_edit(request, version, step=data["id"])


@require_POST
@staff_required
def step_action(request, pk: int, step_id: str, action: str):
    """Move a step up or down, make it the start, or delete it."""
    if action not in ("up", "down", "start", "delete"):
        raise Http404("No such action")
    version = _draft_of(request, pk)
    if version is None:
        return _no_draft(request, pk)
    kwargs = {"acting_user": request.user}
    try:
        if action in ("up", "down"):
            authoring.move_step(version, step_id, up=action == "up", **kwargs)
        elif action == "start":
            authoring.set_start(version, step_id, **kwargs)
        elif action == "delete":
            authoring.delete_step(version, step_id, **kwargs)
    except ServiceError as exc:
        return _after_edit(request, version, step=step_id, error=exc.message)
    version.refresh_from_db()
    return _after_edit(request, version, step="" if action == "delete" else step_id)


@require_POST
@staff_required
def publish(request, pk: int):
    version = _draft_of(request, pk)
    if version is None:
        return _no_draft(request, pk)
    form = forms.PublishForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        published = authoring.publish(version, note=note, acting_user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("scenarios:editor", pk=pk)
    messages.success(
        request,
        _("Version %(number)s is published: agents run it from now on.")
        % {"number": published.number},
    )
    return redirect("scenarios:detail", pk=pk)


@require_GET
@staff_required
def preview(request, pk: int):
    """Click through a version as the runner would, without a ticket; nothing is kept."""
    scenario = scenario_to_study(request.user, pk)
    form = forms.PreviewForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    versions = scenario.versions.all()
    if not can_edit(request.user, scenario):
        versions = versions.exclude(status=VersionStatus.DRAFT)
    number = data.get("version")
    if number:
        version = get_object_or_404(versions, number=number)
    else:
        version = (
            versions.filter(status=VersionStatus.DRAFT).first()
            if can_edit(request.user, scenario)
            else None
        ) or scenario.current_version
    if version is None:
        messages.info(request, _("This scenario has no version to preview yet."))
        return redirect("scenarios:detail", pk=pk)
    lang = data.get("lang") or _lang()
    profile = data.get("profile") or ""
    state = preview_state(
        version.tree, form.answers(), agent_lang=_lang(), lang=lang, profile=profile
    )
    context = {
        "active_nav": "scenarios",
        "scenario": scenario,
        "title": scenario.title(_lang()),
        "version": version,
        "form": form,
        "lang": lang,
        "profile": profile,
        "state": state,
        "profiles": forms.CommunicationProfile.choices,
        "editable": can_edit(request.user, scenario),
    }
    return render_page(request, "scenarios/preview.html", context, fragment="runner")


@require_GET
@staff_required
def proposals(request, pk: int):
    scenario = scenario_to_study(request.user, pk, write=True)
    items = list(
        scenario.proposals.select_related(
            "author", "handled_by", "version", "run__ticket"
        ).order_by("status", "-created_at", "-pk")[:300]
    )
    titles = {}
    for version in {p.version for p in items}:
        for step in step_views(version.tree, _lang()):
            titles[(version.pk, step["id"])] = step["title"]
    rows = [(p, titles.get((p.version_id, p.step_id), p.step_id)) for p in items]
    context = {
        "active_nav": "scenarios",
        "scenario": scenario,
        "title": scenario.title(_lang()),
        "rows": rows,
        "form": forms.ProposalAnswerForm(),
    }
    return render_page(request, "scenarios/proposals.html", context)


@require_POST
@staff_required
def handle_proposal(request, pk: int, proposal_pk: int):
    scenario = scenario_to_study(request.user, pk, write=True)
    proposal = get_object_or_404(Proposal, pk=proposal_pk, scenario=scenario)
    form = forms.ProposalAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Accept or decline the proposal."))
        return redirect("scenarios:proposals", pk=pk)
    try:
        authoring.handle_proposal(
            proposal,
            accept=form.cleaned_data["decision"] == "accept",
            answer=form.cleaned_data["answer"],
            acting_user=request.user,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The proposal was answered."))
    return redirect("scenarios:proposals", pk=pk)


@require_GET
@staff_required
def stats(request, pk: int):
    scenario = scenario_to_study(request.user, pk, write=True)
    form = forms.StatsFilterForm(request.GET or None)
    since, until = form.period()
    number = form.cleaned_data.get("version") if form.is_bound and form.is_valid() else None
    version = scenario.versions.filter(number=number).first() if number else None
    context = {
        "active_nav": "scenarios",
        "scenario": scenario,
        "title": scenario.title(_lang()),
        "form": form,
        "version": version,
        "numbers": list(scenario.versions.order_by("-number").values_list("number", flat=True)),
        "stats": scenario_stats(
            scenario, version=version, since=since, until=until, language=_lang()
        ),
    }
    return render_page(request, "scenarios/stats.html", context, fragment="results")
