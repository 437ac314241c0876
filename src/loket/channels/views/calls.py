"""The call log, the call metrics (on screen and as CSV) and the screen-pop every staff
page polls for."""

import csv
import io
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRedirect

from loket.channels import access, calls
from loket.channels.call_forms import CallLogForm, MetricsForm
from loket.channels.models import Call
from loket.core.pages import allowed_if, render_page
from loket.core.phones import display
from loket.sla.reports import csv_cell

PAGE_SIZE = 50
log_access = allowed_if(access.can_see_calls)
metrics_access = allowed_if(access.can_see_call_metrics)


def _query(form) -> str:
    """The filters as a query string (for the pager and the CSV link)."""
    values = {}
    for name, value in form.cleaned_data.items():
        if value in (None, ""):
            continue
        values[name] = value.pk if hasattr(value, "pk") else str(value)
    return urlencode(values)


# --- the log ---------------------------------------------------------------------------


@require_GET
@log_access
def call_log(request):
    form = CallLogForm(request.GET, user=request.user)
    page, query = None, ""
    if form.is_valid():
        found = form.filtered_calls().select_related("contact", "agent", "ticket")
        page = Paginator(found.order_by("-started_at", "-id"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        query = _query(form)
    context = {
        "active_nav": "calls",
        "form": form,
        "page": page,
        "query": query,
        "can_see_metrics": access.can_see_call_metrics(request.user),
    }
    status = 200 if page is not None else 422
    return render_page(request, "channels/calls.html", context, fragment="log", status=status)


# --- metrics ---------------------------------------------------------------------------


def _metrics(request):
    form = MetricsForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None
    return form, calls.metrics(form.period_calls(), threshold=form.cleaned_data["threshold"])


@require_GET
@metrics_access
def call_metrics(request):
    form, figures = _metrics(request)
    context = {
        "active_nav": "calls",
        "form": form,
        "figures": figures,
        "query": _query(form) if figures is not None else "",
    }
    status = 200 if figures is not None else 422
    return render_page(
        request, "channels/calls_metrics.html", context, fragment="figures", status=status
    )


def _number(value) -> str:
    # Not localised: a dot as decimal separator, whatever the reader's language.
    return "" if value is None else str(value)


def write_metrics_csv(figures: dict, out) -> None:
    """One row per grouping (total, each queue, agent and day); text cells are defused so
    that a spreadsheet never runs one as a formula (a queue name comes from the PBX)."""
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Grouping"),
            _("Name"),
            _("Offered"),
            pgettext("call", "Answered"),
            _("Abandoned"),
            _("Abandoned rate (%)"),
            _("Average speed of answer (s)"),
            _("Service level (%)"),
            _("Average handle time (s)"),
        ]
    )

    def row(grouping: str, name: str, f: dict) -> None:
        writer.writerow(
            [
                csv_cell(grouping),
                csv_cell(name),
                f["offered"],
                f["answered"],
                f["abandoned"],
                _number(f["abandoned_rate"]),
                _number(f["average_speed_of_answer"]),
                _number(f["service_level"]),
                _number(f["average_handle_time"]),
            ]
        )

    row(_("Total"), "", figures["total"])
    for line in figures["by_queue"]:
        row(_("Queue"), line["queue"] or _("No queue"), line)
    for line in figures["by_agent"]:
        row(_("Agent"), line["name"] or _("Nobody (not answered)"), line)
    for line in figures["by_day"]:
        row(_("Day"), line["day"].isoformat(), line)


@require_GET
@metrics_access
def call_metrics_csv(request):
    form, figures = _metrics(request)
    if figures is None:
        context = {"active_nav": "calls", "form": form, "figures": None, "query": ""}
        return render_page(request, "channels/calls_metrics.html", context, status=422)
    out = io.StringIO()
    out.write("\ufeff")  # a byte-order mark: spreadsheets then read the file as UTF-8
    write_metrics_csv(figures, out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    data = form.cleaned_data
    filename = f"calls-{data['start'].isoformat()}-{data['end'].isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- screen-pop ------------------------------------------------------------------------


def workspace_url(call: Call) -> str:
    """The new-call workspace for ``call``: with the caller's card when the number is a
    known contact's, else with the number in the search and the "new caller" form."""
    params: dict[str, object]
    if call.contact_id:
        params = {"contact": call.contact_id, "call": call.pk}
    else:
        params = {"q": display(call.party) if call.party else call.from_number, "call": call.pk}
    return f"{reverse('tickets:new_call')}?{urlencode(params)}"


@never_cache
@require_GET
def screen_pop(request):
    """Polled every few seconds by staff pages. 204 while nothing is waiting. A call the
    agent just answered sends the browser to the new-call workspace, unless the page says
    the agent is typing (``dirty=1``): then a banner with a link, so nothing is lost."""
    user = request.user
    if not (user.is_authenticated and access.can_see_calls(user)):
        return HttpResponse(status=204)
    call = calls.pending_pop(user)
    if call is None or not calls.mark_popped(call):
        return HttpResponse(status=204)
    url = workspace_url(call)
    if request.GET.get("dirty") == "1":
        caller = (
            call.contact.full_name if call.contact_id else display(call.party) or call.from_number
        )
        context = {"call": call, "caller": caller or _("an unknown number"), "url": url}
        return render_page(request, "channels/_screen_pop.html", context)
    return HttpResponseClientRedirect(url)
