"""The known-problem pages: list, detail, create/edit, resolve, link/unlink, frequent."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.core.errors import ServiceError
from loket.core.pages import allowed_if, render_page
from loket.problems import forms, services
from loket.problems.access import (
    can_link_problems,
    can_manage_problems,
    problem_for,
    visible_problems,
)
from loket.problems.models import ACTIVE_STATUSES, ProblemLink, ProblemStatus
from loket.tickets.access import ticket_for, visible_tickets
from loket.tickets.models import OPEN_STATUSES

staff_required = allowed_if(can_link_problems)
manager_required = allowed_if(can_manage_problems)
OPEN_LINKS = Q(links__ticket__status__in=OPEN_STATUSES)
TICKET_PROBLEM = "problems/_ticket_problem.html"


@require_GET
@staff_required
def index(request):
    form = forms.ProblemFilterForm(request.GET or None)
    form.is_valid()
    status = form.value()
    problems = visible_problems(request.user).annotate(
        linked_total=Count("links", distinct=True),
        linked_open=Count("links", filter=OPEN_LINKS, distinct=True),
        resolved_last=Case(
            When(status=ProblemStatus.RESOLVED, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    if status == forms.ACTIVE:
        problems = problems.filter(status__in=ACTIVE_STATUSES)
    elif status != forms.ANY:
        problems = problems.filter(status=status)
    problems = problems.prefetch_related("categories__parent").order_by(
        "resolved_last", "-created_at", "-pk"
    )[:200]
    context = {
        "active_nav": "problems",
        "form": form,
        "status": status,
        "problems": problems,
        "can_manage": can_manage_problems(request.user),
    }
    return render_page(request, "problems/index.html", context, fragment="results")


def _linked(problem, user) -> dict:
    """The linked tickets the user may open, and counts over all of them."""
    links = problem.links.all()
    counts = links.aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(ticket__status__in=OPEN_STATUSES))
    )
    tickets = list(
        visible_tickets(user)
        .filter(problem_link__problem=problem)
        .select_related("contact", "organisation", "problem_link__linked_by")
        .order_by("-problem_link__linked_at", "-pk")[:500]
    )
    return {
        "linked_tickets": tickets,
        "linked_total": counts["total"],
        "linked_open": counts["open"],
        "linked_hidden": max(0, counts["total"] - len(tickets)),
    }


@require_GET
@staff_required
def detail(request, pk: int):
    problem = problem_for(request.user, pk)
    context = {
        "active_nav": "problems",
        "problem": problem,
        "categories": list(problem.categories.select_related("parent")),
        "can_manage": can_manage_problems(request.user),
        **_linked(problem, request.user),
    }
    return render_page(request, "problems/detail.html", context)


def _prefill(request) -> dict:
    """Initial values from a cluster of frequent problems (title, category, tickets)."""
    initial = {"title": request.GET.get("title", "")[:200]}
    category = request.GET.get("category", "")
    if category.isdigit():
        initial["categories"] = [int(category)]
    tickets = request.GET.get("tickets", "")
    if tickets:
        initial["link_tickets"] = tickets[:10_000]
    symptoms = request.GET.get("symptoms", "")
    if symptoms:
        initial["symptoms"] = symptoms[:5000]
    return initial


@require_http_methods(["GET", "POST"])
@manager_required
def create(request):
    form = forms.ProblemForm(request.POST or None, initial=_prefill(request))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                with transaction.atomic():
                    problem = services.create_problem(
                        acting_user=request.user, **form.service_fields()
                    )
                    tickets = visible_tickets(request.user).filter(
                        pk__in=form.cleaned_data["link_tickets"], problem_link__isnull=True
                    )
                    linked = services.link_tickets(tickets, problem, acting_user=request.user)
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The problem was recorded."))
                if linked:
                    messages.info(
                        request,
                        _("%(count)s tickets were linked to it.") % {"count": linked},
                    )
                return redirect("problems:detail", pk=problem.pk)
    context = {"active_nav": "problems", "form": form, "problem": None}
    return render_page(request, "problems/form.html", context, status=status)


def _initial(problem) -> dict:
    return {
        "title": problem.title,
        "symptoms": problem.symptoms,
        "cause": problem.cause,
        "workaround": problem.workaround,
        "status": problem.status,
        "categories": list(problem.categories.values_list("pk", flat=True)),
        "affected_services": problem.affected_services,
        "public_notice": problem.public_notice,
        "notice_nl": problem.notice_nl,
        "notice_fr": problem.notice_fr,
        "notice_en": problem.notice_en,
    }


@require_http_methods(["GET", "POST"])
@manager_required
def edit(request, pk: int):
    problem = problem_for(request.user, pk, write=True)
    resolved = problem.status == ProblemStatus.RESOLVED
    form = forms.ProblemForm(request.POST or None, initial=_initial(problem), resolved=resolved)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            fields = form.service_fields()
            if fields["status"] == problem.status:
                del fields["status"]
            try:
                services.update_problem(problem, acting_user=request.user, **fields)
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The problem was saved."))
                return redirect("problems:detail", pk=problem.pk)
    context = {"active_nav": "problems", "form": form, "problem": problem}
    return render_page(request, "problems/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@manager_required
def resolve(request, pk: int):
    problem = problem_for(request.user, pk, write=True)
    form = forms.ResolveForm(request.POST or None)
    status = 200
    if problem.status == ProblemStatus.RESOLVED:
        messages.info(request, _("This problem is already resolved."))
        return redirect("problems:detail", pk=problem.pk)
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                outcome = services.resolve_problem(
                    problem,
                    acting_user=request.user,
                    resolution=data["resolution"],
                    resolve_tickets=data["resolve_tickets"],
                    notify=data["notify"],
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _(
                        "The problem is resolved: %(resolved)s tickets resolved, "
                        "%(notified)s customers told."
                    )
                    % {"resolved": outcome.resolved, "notified": outcome.notified},
                )
                if outcome.left_open:
                    messages.warning(
                        request,
                        _(
                            "%(count)s linked tickets stay open: a required checklist is not "
                            "complete on them."
                        )
                        % {"count": outcome.left_open},
                    )
                return redirect("problems:detail", pk=problem.pk)
    open_links = ProblemLink.objects.filter(problem=problem, ticket__status__in=OPEN_STATUSES)
    context = {
        "active_nav": "problems",
        "problem": problem,
        "form": form,
        "open_count": open_links.count(),
        "notify_count": open_links.filter(ticket__contact__isnull=False).count(),
    }
    return render_page(request, "problems/resolve.html", context, status=status)


def _after_link(request, ticket, *, error: str = "", status: int = 200):
    """The ticket's problem panel for htmx, else back to where the user came from."""
    if request.htmx:
        ticket = ticket_for(request.user, ticket.pk)
        context = {"ticket": ticket, "problem_error": error}
        return render_page(request, TICKET_PROBLEM, context, status=status)
    if error:
        messages.error(request, error)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("tickets:detail", args=[ticket.number])
    return redirect(target)


def _refused(request, error: str):
    """Input the link actions cannot use: a message where the user is."""
    if request.htmx:
        return render_page(request, "problems/_error.html", {"error": error}, status=422)
    messages.error(request, error)
    return redirect("problems:index")


@require_POST
@staff_required
def link(request):
    form = forms.LinkForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["problem"]:
        return _refused(request, _("Choose a problem."))
    ticket = ticket_for(request.user, form.cleaned_data["ticket"], write=True)
    problem = problem_for(request.user, form.cleaned_data["problem"])
    try:
        services.link_ticket(ticket, problem, acting_user=request.user)
    except ServiceError as exc:
        return _after_link(request, ticket, error=exc.message, status=422)
    if not request.htmx:
        messages.success(request, _("The ticket is linked to the problem."))
    return _after_link(request, ticket)


@require_POST
@staff_required
def unlink(request):
    form = forms.LinkForm(request.POST)
    if not form.is_valid():
        return _refused(request, _("Choose a ticket."))
    ticket = ticket_for(request.user, form.cleaned_data["ticket"], write=True)
    services.unlink_ticket(ticket, acting_user=request.user)
    if not request.htmx:
        messages.success(request, _("The ticket is no longer linked to a problem."))
    return _after_link(request, ticket)


@require_GET
@manager_required
def frequent(request):
    form = forms.FrequentFilterForm(request.GET or None, user=request.user)
    form.is_valid()
    filters = form.values()
    clusters = services.frequent_problems(**filters)
    ids = {t.pk for c in clusters for t in c.tickets}
    visible = set(visible_tickets(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    rows = []
    for cluster in clusters:
        query = {
            "title": cluster.label,
            "tickets": ",".join(str(t.pk) for t in cluster.tickets if t.pk in visible),
        }
        if cluster.category is not None:
            query["category"] = cluster.category.pk
        rows.append((cluster, reverse("problems:create") + "?" + urlencode(query)))
    context = {
        "active_nav": "problems",
        "form": form,
        "filters": filters,
        "rows": rows,
        "visible": visible,
    }
    return render_page(request, "problems/frequent.html", context, fragment="results")
