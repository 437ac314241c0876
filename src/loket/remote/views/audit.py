"""The audit of consents and sessions for supervisors and admins, with a CSV export."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from loket.core.pages import allowed_if, render_page
from loket.remote import forms
from loket.remote.access import can_audit
from loket.remote.audit import (
    LIMIT,
    AuditFilters,
    audit_consents,
    audit_sessions,
    write_consents_csv,
    write_sessions_csv,
)
from loket.remote.models import ConsentState

auditor_required = allowed_if(can_audit)


def _filters(request) -> tuple[forms.AuditFilterForm, AuditFilters]:
    form = forms.AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, AuditFilters.from_form(data, timezone.localdate())


@require_GET
@auditor_required
def audit(request):
    form, filters = _filters(request)
    consents = list(audit_consents(request.user, filters)[:LIMIT])
    sessions = list(audit_sessions(request.user, filters)[:LIMIT])
    now = timezone.now()
    for consent in consents:
        consent.current_state = consent.state(now)
        consent.state_label = ConsentState(consent.current_state).label
    context = {
        "active_nav": "remote",
        "form": form,
        "filters": filters,
        "consents": consents,
        "sessions": sessions,
        "limit": LIMIT,
        "query": request.GET.urlencode(),
    }
    return render_page(request, "remote/audit.html", context, fragment="results")


@require_GET
@auditor_required
def audit_csv(request):
    _form, filters = _filters(request)
    out = io.StringIO()
    kind = "sessions" if request.GET.get("kind") == "sessions" else "consents"
    if kind == "sessions":
        write_sessions_csv(audit_sessions(request.user, filters), out)
    else:
        write_consents_csv(audit_consents(request.user, filters), out, timezone.now())
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"remote-{kind}-{filters.start.isoformat()}-{filters.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
