"""The SLA compliance report on screen (htmx filters) and as CSV."""

import io
from urllib.parse import urlencode

from django.http import HttpResponse

from loket.core.pages import allowed_if, render_page
from loket.sla.access import can_view_sla_report
from loket.sla.forms import SlaReportForm
from loket.sla.reports import sla_compliance, write_csv

# Supervisors and admins; anonymous users go to the login page, everyone else gets 403.
report_access = allowed_if(can_view_sla_report)
TEMPLATE = "sla/report.html"


def _report(request):
    """The filter form and, when it is valid, the report and its query string."""
    form = SlaReportForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None, ""
    filters = form.cleaned_data
    report = sla_compliance(
        start=filters["start"],
        end=filters["end"],
        period=filters["period"],
        team=filters["team"],
        priority=filters["priority"] or None,
    )
    query = {
        "period": filters["period"],
        "start": filters["start"].isoformat(),
        "end": filters["end"].isoformat(),
        "team": filters["team"].pk if filters["team"] else "",
        "priority": filters["priority"] or "",
    }
    return form, report, urlencode({k: v for k, v in query.items() if v != ""})


def _page(request, form, report, query):
    context = {"active_nav": "reports", "form": form, "report": report, "query": query}
    status = 200 if report is not None else 422
    return render_page(request, TEMPLATE, context, fragment="report", status=status)


@report_access
def sla_report(request):
    return _page(request, *_report(request))


@report_access
def sla_report_csv(request):
    form, report, query = _report(request)
    if report is None:  # the page tells what is wrong with the filters
        return _page(request, form, report, query)
    out = io.StringIO()
    out.write("\ufeff")  # a byte-order mark: spreadsheets then read the file as UTF-8
    write_csv(report, out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"sla-compliance-{report.start.isoformat()}-{report.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
