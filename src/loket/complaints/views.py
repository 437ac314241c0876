"""The complaint actions on a ticket (each answers with the whole ticket redrawn) and the
counts page for supervisors and administrators (on screen with htmx filters, and CSV)."""

import io
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from loket.complaints import access, counts, forms, services
from loket.complaints.models import UNFINISHED_STATUSES, Complaint
from loket.complaints.panels import BOUND_FORMS
from loket.core.errors import ServiceError
from loket.core.pages import allowed_if, render_page
from loket.tickets.access import ticket_for
from loket.tickets.views.ticket import render_ticket

staff_required = allowed_if(access.can_register_complaints)
counts_required = allowed_if(access.can_see_complaint_counts)
TEMPLATE = "complaints/index.html"
OPEN_LIST_LIMIT = 200


# --- on the ticket ---------------------------------------------------------------------


def _refused(request, ticket, name: str, form, message: str = ""):
    """The ticket again with the user's input kept in the complaint panel."""
    if message:
        form.add_error(None, message)
    setattr(request, BOUND_FORMS, {name: form})
    error = message or _("Check the complaint form: something is missing.")
    return render_ticket(request, ticket, error=error, status=422)


def _complaint_of(ticket) -> Complaint:
    complaint = Complaint.objects.filter(ticket=ticket).first()
    if complaint is None:
        raise Http404("No complaint on this ticket")
    return complaint


@require_POST
@staff_required
def register(request, number: str):
    ticket = ticket_for(request.user, number, write=True)
    form = forms.RegisterForm(request.POST)
    if not form.is_valid():
        return _refused(request, ticket, "register", form)
    try:
        registration = services.register_complaint(
            ticket, acting_user=request.user, **form.cleaned_data
        )
    except ServiceError as exc:
        return _refused(request, ticket, "register", form, exc.message)
    ticket = ticket_for(request.user, number)
    done = _(
        "The complaint is registered and the supervisor informed. Review the "
        "acknowledgement in the message box (in the customer's language) and send it."
    )
    composer = {"kind": "reply", "body": registration.acknowledgement}
    return render_ticket(request, ticket, done=done, composer=composer)


@require_POST
@staff_required
def answer(request, number: str):
    ticket = ticket_for(request.user, number, write=True)
    complaint = _complaint_of(ticket)
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        return _refused(request, ticket, "answer", form)
    try:
        services.record_answer(complaint, acting_user=request.user, **form.cleaned_data)
    except ServiceError as exc:
        return _refused(request, ticket, "answer", form, exc.message)
    ticket = ticket_for(request.user, number)
    return render_ticket(request, ticket, done=_("The answer to the complaint was recorded."))


@require_POST
@staff_required
def follow_up(request, number: str):
    ticket = ticket_for(request.user, number, write=True)
    complaint = _complaint_of(ticket)
    form = forms.FollowUpForm(request.POST)
    if not form.is_valid():
        return _refused(request, ticket, "follow_up", form)
    try:
        services.record_follow_up(complaint, acting_user=request.user, **form.cleaned_data)
    except ServiceError as exc:
        return _refused(request, ticket, "follow_up", form, exc.message)
    ticket = ticket_for(request.user, number)
    return render_ticket(
        request, ticket, done=_("The satisfaction follow-up was recorded; the ticket may close.")
    )


@require_POST
@staff_required
def deadline(request, number: str):
    ticket = ticket_for(request.user, number, write=True)
    complaint = _complaint_of(ticket)
    form = forms.DeadlineForm(request.POST)
    if not form.is_valid():
        return _refused(request, ticket, "deadline", form)
    try:
        services.set_deadline(complaint, acting_user=request.user, **form.cleaned_data)
    except ServiceError as exc:
        return _refused(request, ticket, "deadline", form, exc.message)
    ticket = ticket_for(request.user, number)
    return render_ticket(request, ticket, done=_("The complaint's deadline was changed."))


# --- counts ----------------------------------------------------------------------------


def _report(request):
    """The filter form and, when it is valid, the report, the open complaints and the
    query string for the CSV link."""
    form = forms.CountsForm(request.GET)
    if not form.is_valid():
        return form, None, [], ""
    f = form.cleaned_data
    filters = {
        "start": f["start"],
        "end": f["end"],
        "organisation": f["organisation"],
        "category": f["category"],
        "status": f["status"],
    }
    report = counts.complaint_counts(
        access.counted_complaints(request.user), period=f["period"], **filters
    )
    query = {
        "period": f["period"],
        "start": f["start"].isoformat(),
        "end": f["end"].isoformat(),
        "organisation": f["organisation"].pk if f["organisation"] else "",
        "category": f["category"].pk if f["category"] else "",
        "status": f["status"],
    }
    return (
        form,
        report,
        _open_complaints(request.user),
        urlencode({k: v for k, v in query.items() if v != ""}),
    )


def _open_complaints(user) -> list[Complaint]:
    """Complaints waiting for an answer or a follow-up, the most urgent first."""
    return list(
        access.listed_complaints(user)
        .filter(status__in=UNFINISHED_STATUSES)
        .select_related("ticket", "organisation", "category")
        .order_by("due_at", "pk")[:OPEN_LIST_LIMIT]
    )


def _page(request, form, report, open_complaints, query):
    context = {
        "active_nav": "complaints",
        "form": form,
        "report": report,
        "open_complaints": open_complaints,
        "now": timezone.now(),
        "query": query,
    }
    status = 200 if report is not None else 422
    return render_page(request, TEMPLATE, context, fragment="report", status=status)


@require_GET
@counts_required
def index(request):
    return _page(request, *_report(request))


@require_GET
@counts_required
def export_csv(request):
    form, report, open_complaints, query = _report(request)
    if report is None:
        return _page(request, form, report, open_complaints, query)
    out = io.StringIO()
    out.write("\ufeff")  # a byte-order mark: spreadsheets then read the file as UTF-8
    counts.write_csv(report, out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"complaints-{report.start.isoformat()}-{report.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
