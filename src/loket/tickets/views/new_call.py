"""The new-call workspace: find the caller, see their history, write the ticket."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import retarget

from loket.channels import calls as call_services
from loket.channels.access import call_for, can_link_call
from loket.channels.models import Call
from loket.core.errors import ServiceError, TransitionNotAllowed
from loket.core.phones import looks_like_phone
from loket.directory.access import can_edit_directory, contact_for, visible_contacts
from loket.directory.forms import ContactForm
from loket.directory.services import contact_history, find_contacts
from loket.problems.access import can_link_problems, problem_for
from loket.problems.services import link_ticket
from loket.tickets.access import visible_tickets
from loket.tickets.forms import NewCallForm
from loket.tickets.models import Level, Ticket
from loket.tickets.services import CallLog, create_ticket_from_call, priority_for
from loket.tickets.views.common import agent_required, render_page

LOOKUP_LIMIT = 8
TEMPLATE = "tickets/new_call.html"


def _caller_context(user, contact) -> dict:
    if contact is None:
        return {"caller": None}
    organisation = contact.organisation
    return {
        "caller": contact,
        "contract": organisation.active_contract() if organisation else None,
        "history": contact_history(contact, visible_tickets(user), recent=8),
    }


def _contact_from_get(request, call: Call | None):
    """The caller asked for (``contact=<id>``), else the contact the call's number
    belongs to; only a contact the user may see."""
    try:
        pk = int(request.GET.get("contact", ""))
    except ValueError:
        pk = call.contact_id if call is not None else None
    if pk is None or not 0 < pk < 2**63:
        return None
    return visible_contacts(request.user).select_related("organisation").filter(pk=pk).first()


def _caller_form(request, query: str = "") -> ContactForm:
    initial = {"phones": query} if looks_like_phone(query) else {}
    if query and "@" in query:
        initial = {"emails": query}
    return ContactForm(initial=initial, prefix="caller", user=request.user)


def _call_from(request, data) -> Call | None:
    """The telephone system's call the agent is writing the ticket for (``call=<id>``,
    set by the screen-pop), when the user may see it."""
    return call_for(request.user, data.get("call", "")) if data.get("call") else None


def _page_context(request, form: NewCallForm, contact, started, call=None) -> dict:
    return {
        "active_nav": "new_call",
        "form": form,
        "call": call,
        "call_started": started,
        "call_elapsed": max(int((timezone.now() - started).total_seconds()), 0),
        "priority": _priority_of(form),
        "caller_form": _caller_form(request, request.GET.get("q", "")),
        "can_create_caller": can_edit_directory(request.user),
        "query": request.GET.get("q", "")[:100],
        **_caller_context(request.user, contact),
        **_scenario_context(request.user, form),
    }


def _scenario_context(user, form: NewCallForm) -> dict:
    """Scenarios for what the call form holds (shown again after a refused submit; htmx
    keeps them up to date while the agent types)."""
    from loket.scenarios.access import can_run_scenarios
    from loket.scenarios.services import suggest_scenarios

    if not can_run_scenarios(user):
        return {"can_run_scenarios": False}
    found = []
    if form.is_bound:
        data = form.data
        text = f"{data.get('subject', '')[:200]}\n{data.get('description', '')[:2000]}"
        category = data.get("category", "")
        category_id = int(category) if category.isdigit() and len(category) < 10 else None
        if text.strip() or category_id:
            found = suggest_scenarios(category=category_id, text=text)
    language = (translation.get_language() or "nl")[:2]
    return {"can_run_scenarios": True, "call_scenarios": [(s, s.title(language)) for s in found]}


def _priority_of(form: NewCallForm) -> str:
    data = form.data if form.is_bound else {}
    return _safe_priority(data.get("impact", Level.LOW), data.get("urgency", Level.LOW))


def _safe_priority(impact, urgency) -> str:
    try:
        return priority_for(int(impact), int(urgency))
    except (TypeError, ValueError, ServiceError):
        return ""


@agent_required
def new_call(request):
    if request.method == "POST":
        return _take_call(request)
    call = _call_from(request, request.GET)
    started = call.started_at if call else timezone.now()
    contact = _contact_from_get(request, call)
    initial = {"call_started": started.isoformat(), "contact": contact.pk if contact else None}
    form = NewCallForm(initial=initial, user=request.user)
    return render_page(request, TEMPLATE, _page_context(request, form, contact, started, call))


def _take_call(request):
    form = NewCallForm(request.POST, user=request.user)
    ticket = create_from_call_form(request, form)
    if ticket is not None:
        return redirect("tickets:detail", number=ticket.number)
    return call_form_again(request, form)


def create_from_call_form(request, form: NewCallForm) -> Ticket | None:
    """Create the ticket from the bound call form ("Create", "Create and escalate" or
    "Resolve at first contact") and link the known problem ticked in the suggestions;
    None, with the errors on the form, when it cannot. The scenario runner's "Start
    scenario" creates its ticket here too."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    started = data["call_started"] or timezone.now()
    call = _call_from(request, request.POST)
    log = (call_services.call_log(call) if call is not None else None) or CallLog(
        direction="in", started=started, answered=started, ended=timezone.now()
    )
    try:
        with transaction.atomic():
            ticket = _create(request, data, log)
            _link_call(request, call, ticket)
    except ServiceError as exc:
        form.add_error(None, exc.message)
        return None
    messages.success(request, _("Ticket %(number)s was created.") % {"number": ticket.number})
    _link_chosen_problem(request, ticket)
    return ticket


def _link_call(request, call, ticket) -> None:
    """Link the telephone system's call to the new ticket, in the ticket's transaction. A
    call already linked to another ticket keeps that link (the new ticket still counts)."""
    if call is None or not can_link_call(request.user, call):
        return
    try:
        with transaction.atomic():
            call_services.link_ticket(call, ticket, acting_user=request.user)
    except TransitionNotAllowed:
        messages.info(request, _("The call was already linked to an earlier ticket."))


def _create(request, data, log: CallLog) -> Ticket:
    return create_ticket_from_call(
        acting_user=request.user,
        call=log,
        escalate_to=data["escalate_team"] if data["action"] == "escalate" else None,
        reason=data["escalate_reason"],
        resolution=data["resolution"] if data["action"] == "resolve" else "",
        code=data["resolution_code"] if data["action"] == "resolve" else None,
        subject=data["subject"],
        description=data["description"],
        contact=data["contact"],
        category=data["category"],
        type=data["type"],
        impact=data["impact"],
        urgency=data["urgency"],
        team=data["team"],
        assignee=data["assignee"],
    )


def call_form_again(request, form: NewCallForm, *, status: int = 422):
    """The workspace again with the agent's input and the form's errors."""
    cleaned = getattr(form, "cleaned_data", {})
    contact = cleaned.get("contact")
    call = _call_from(request, request.POST)
    # The call goes on: the timer keeps counting from when the page first opened.
    started = cleaned.get("call_started") or timezone.now()
    context = _page_context(request, form, contact, started, call)
    return render_page(request, TEMPLATE, context, status=status)


def _link_chosen_problem(request, ticket) -> None:
    """Link the new ticket to the known problem the agent ticked in the suggestions.
    The ticket exists whatever happens here: a refusal is a warning, not a lost call."""
    chosen = request.POST.getlist("link_problem")
    if not chosen:
        return
    if len(chosen) > 1:
        messages.warning(request, _("A ticket is linked to one known problem; none was linked."))
        return
    try:
        problem = problem_for(request.user, chosen[0])
        if not can_link_problems(request.user):
            raise PermissionDenied
        link_ticket(ticket, problem, acting_user=request.user)
    except (Http404, PermissionDenied):
        messages.warning(request, _("The chosen known problem was not found; none was linked."))
    except ServiceError as exc:
        messages.warning(request, exc.message)


@require_GET
@agent_required
def new_call_lookup(request):
    query = request.GET.get("q", "").strip()[:100]
    results = []
    if len(query) >= 2:
        results = list(
            find_contacts(visible_contacts(request.user), query)
            .select_related("organisation")
            .prefetch_related("phones", "emails")
            .order_by("last_name", "first_name", "pk")[:LOOKUP_LIMIT]
        )
    context = {
        "query": query,
        "results": results,
        "caller_form": _caller_form(request, query),
        "can_create_caller": can_edit_directory(request.user),
    }
    return render_page(request, TEMPLATE, context, fragment="lookup")


@require_GET
@agent_required
def new_call_caller(request, pk: int):
    contact = contact_for(request.user, pk)
    return render_page(request, TEMPLATE, _caller_context(request.user, contact), fragment="caller")


@require_POST
@agent_required
def new_call_create_caller(request):
    if not can_edit_directory(request.user):
        raise Http404
    form = ContactForm(request.POST, prefix="caller", user=request.user)
    contact = form.save() if form.is_valid() else None
    if contact is None:
        context = {
            "caller_form": form,
            "can_create_caller": True,
            "caller_open": True,
            "results": [],
            "query": "",
        }
        response = render_page(request, TEMPLATE, context, fragment="lookup", status=422)
        return retarget(response, "#lookup")
    contact = contact_for(request.user, contact.pk)
    return render_page(request, TEMPLATE, _caller_context(request.user, contact), fragment="caller")


@require_GET
@agent_required
def new_call_priority(request):
    priority = _safe_priority(request.GET.get("impact"), request.GET.get("urgency"))
    context = {"priority": priority}
    return render_page(request, TEMPLATE, context, fragment="priority")
