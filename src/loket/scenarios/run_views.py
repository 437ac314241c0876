"""The scenario runner's actions: start a scenario on a ticket, answer its steps, leave it,
propose an improvement; the suggestions for the new-call workspace and "Start scenario"
from a call.

Each action on a ticket answers with the whole ticket redrawn (``render_ticket``): its
timeline shows what the run did. Without htmx a plain POST redirects back to the ticket,
unless the ticket page has to show something (an error, a canned answer to review).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from loket.core.errors import ServiceError
from loket.core.pages import allowed_if, render_page
from loket.scenarios import services
from loket.scenarios.access import can_run_scenarios, run_for, runnable_scenario_for
from loket.tickets.access import ticket_for
from loket.tickets.models import Category
from loket.tickets.views.ticket import render_ticket

runner_required = allowed_if(can_run_scenarios)
SUGGEST_TEMPLATE = "scenarios/_suggest.html"


def _version(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _answer(request, ticket, *, done="", error="", status=200, composer=None):
    """The ticket redrawn after an action (htmx, or something to show), else a redirect."""
    ticket = ticket_for(request.user, ticket.pk)
    if request.htmx or error or composer:
        return render_ticket(
            request, ticket, done=done, error=error, status=status, composer=composer
        )
    if done:
        messages.success(request, done)
    return redirect("tickets:detail", number=ticket.number)


@require_POST
@runner_required
def start(request, number: str):
    ticket = ticket_for(request.user, number, write=True)
    try:
        scenario = runnable_scenario_for(request.user, request.POST.get("scenario", ""))
    except Http404:
        return _answer(request, ticket, error=_("Choose a scenario to start."), status=422)
    try:
        services.start_run(ticket, scenario, acting_user=request.user)
    except ServiceError as exc:
        return _answer(request, ticket, error=exc.message, status=exc.status)
    done = _("The scenario “%(title)s” is running.") % {"title": scenario.title(_language())}
    return _answer(request, ticket, done=done)


@require_POST
@runner_required
def answer(request, pk: int):
    run = run_for(request.user, pk)
    try:
        result = services.take_step(
            run,
            step_id=request.POST.get("step", ""),
            answer=request.POST.get("answer", ""),
            note=request.POST.get("note", ""),
            acting_user=request.user,
            version=_version(request.POST.get("version", "")),
        )
    except ServiceError as exc:
        return _answer(request, run.ticket, error=exc.message, status=exc.status)
    return _answer(request, run.ticket, done=result.message, composer=result.composer)


@require_POST
@runner_required
def leave(request, pk: int):
    run = run_for(request.user, pk)
    try:
        services.leave_run(run, reason=request.POST.get("reason", ""), acting_user=request.user)
    except ServiceError as exc:
        return _answer(request, run.ticket, error=exc.message, status=exc.status)
    return _answer(request, run.ticket, done=_("You left the scenario; the reason is recorded."))


@require_POST
@runner_required
def propose(request, pk: int):
    run = run_for(request.user, pk)
    try:
        services.propose_improvement(
            run.version.scenario,
            text=request.POST.get("text", ""),
            step_id=request.POST.get("step", ""),
            run=run,
            acting_user=request.user,
        )
    except ServiceError as exc:
        return _answer(request, run.ticket, error=exc.message, status=exc.status)
    done = _("Thank you: the scenario's owner will read your proposal.")
    return _answer(request, run.ticket, done=done)


def _language() -> str:
    from django.utils import translation

    return (translation.get_language() or "nl")[:2]


def _category(value: str) -> Category | None:
    if not (value or "").isdigit() or len(value) > 9:
        return None
    return Category.objects.select_related("parent__parent").filter(pk=int(value)).first()


@require_GET
@runner_required
def suggest(request):
    """The scenarios for what the agent typed so far (the new-call workspace)."""
    text = f"{request.GET.get('subject', '')[:200]}\n{request.GET.get('description', '')[:2000]}"
    category = _category(request.GET.get("category", ""))
    found = (
        services.suggest_scenarios(category=category, text=text) if text.strip() or category else []
    )
    language = _language()
    context = {"suggested": [(s, s.title(language)) for s in found]}
    return render_page(request, SUGGEST_TEMPLATE, context)


@require_POST
@runner_required
def start_call(request):
    """Create the ticket from the call form exactly as "Create" does, then start the
    chosen scenario on it and open the ticket."""
    from loket.tickets.forms import NewCallForm
    from loket.tickets.views.new_call import call_form_again, create_from_call_form

    data = request.POST.copy()
    data["action"] = "create"
    form = NewCallForm(data, user=request.user)
    choice = request.POST.get("scenario", "")
    scenario = (
        services.runnable_scenarios().filter(pk=int(choice)).first()
        if choice.isdigit() and len(choice) < 10
        else None
    )
    if scenario is None:
        form.is_valid()
        form.add_error(None, _("This scenario cannot be started; choose another one."))
        return call_form_again(request, form)
    ticket = create_from_call_form(request, form)
    if ticket is None:
        return call_form_again(request, form)
    try:
        services.start_run(ticket, scenario, acting_user=request.user)
    except ServiceError as exc:
        messages.warning(request, exc.message)
    return redirect("tickets:detail", number=ticket.number)
