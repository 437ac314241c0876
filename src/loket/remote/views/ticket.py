"""The remote panel's actions on a ticket. Each answers with the whole ticket
(``render_ticket``) so that the timeline shows what was recorded."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from loket.core.errors import ServiceError
from loket.core.pages import allowed_if, render_page
from loket.remote import access, forms, links, services
from loket.remote.models import ConsentState, RemoteSession
from loket.remote.panels import TEMPLATE as PANEL_TEMPLATE
from loket.remote.panels import panel_context
from loket.tickets.access import ticket_for

staff_required = allowed_if(access.can_take_over)


@require_GET
@staff_required
def index(request):
    """The sessions running now on tickets the user may see."""
    running = (
        access.visible_sessions(request.user)
        .filter(ended_at__isnull=True)
        .select_related("ticket", "tool", "started_by")
        .order_by("-started_at", "-pk")[:100]
    )
    context = {
        "active_nav": "queue",
        "running": running,
        "can_audit": access.can_audit(request.user),
    }
    return render_page(request, "remote/index.html", context)


@require_GET
@staff_required
def panel(request, number: str):
    """The panel alone (htmx: another tool chosen); without htmx, the ticket page."""
    ticket = ticket_for(request.user, number)
    if not request.htmx:
        url = ticket_url(ticket)
        tool = request.GET.get("remote_tool", "")
        return redirect(f"{url}?remote_tool={tool}#remote-panel" if tool.isdigit() else url)
    context = {"ticket": ticket, "panel": panel_context(request, ticket)}
    return render(request, PANEL_TEMPLATE, context)


def ticket_url(ticket) -> str:
    return reverse("tickets:detail", args=[ticket.number])


@require_GET
@staff_required
def wait(request, number: str, consent: int):
    """Polled while a link is out: nothing (204) until the contact answers, then the
    whole ticket."""
    ticket = ticket_for(request.user, number)
    found = access.visible_consents(request.user).filter(pk=consent, ticket=ticket).first()
    if found is None:
        raise Http404("No such consent")
    state = found.state(timezone.now())
    if not request.htmx:
        return redirect(ticket_url(ticket))
    if state == ConsentState.PENDING:
        return HttpResponse(status=204)
    from loket.tickets.views.ticket import render_ticket

    if state == ConsentState.VALID:
        return render_ticket(request, ticket, done=_("The contact gave consent."))
    if state == ConsentState.REFUSED:
        return render_ticket(request, ticket, error=_("The contact did not agree."))
    if state == ConsentState.LINK_EXPIRED:
        return render_ticket(request, ticket, error=_("The consent link expired unanswered."))
    return render_ticket(request, ticket)


FORMS = {
    "verbal": forms.VerbalConsentForm,
    "link": forms.LinkConsentForm,
    "start": forms.StartSessionForm,
    "end": forms.EndSessionForm,
    "withdraw": forms.WithdrawForm,
}


def _done(action: str) -> str:
    # Spelled out for the translation pass (makemessages reads literal strings).
    return {
        "verbal": _("The consent was recorded."),
        "link": _("The consent link was sent to the contact."),
        "start": _("The remote session was started."),
        "end": _("The remote session was ended."),
        "withdraw": _("The consent was withdrawn."),
    }[action]


def _perform(action: str, ticket, data: dict[str, Any], user) -> None:
    match action:
        case "verbal":
            services.record_verbal_consent(
                ticket,
                tool=data["tool"],
                acting_user=user,
                text_read_confirmed=data["text_read_confirmed"],
            )
        case "link":
            links.send_consent_link(ticket, tool=data["tool"], acting_user=user)
        case "start":
            consent = access.visible_consents(user).filter(pk=data["consent"]).first()
            services.start_session(
                ticket, consent=consent, reference=data["reference"], acting_user=user
            )
        case "end":
            session = _session(user, ticket, data["session"])
            services.end_session(session, acting_user=user)
        case "withdraw":
            consent = access.consent_for(user, data["consent"])
            if consent.ticket_id != ticket.pk:
                raise Http404("No such consent")
            services.withdraw_consent(consent, acting_user=user, reason=data["reason"])


def _session(user, ticket, pk: int) -> RemoteSession:
    session = access.session_for(user, pk)
    if session.ticket_id != ticket.pk:
        raise Http404("No such session")
    return session


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return _("Check the form.")


@require_POST
@staff_required
def ticket_action(request, number: str, action: str):
    if action not in FORMS:
        raise Http404("No such action")
    ticket = ticket_for(request.user, number, write=True)
    form = FORMS[action](request.POST)
    if not form.is_valid():
        return _answer(request, ticket, error=_first_error(form), status=422)
    try:
        _perform(action, ticket, form.cleaned_data, request.user)
    except ServiceError as exc:
        return _answer(request, ticket, error=str(exc.message), status=exc.status)
    return _answer(request, ticket, done=_done(action))


def _answer(request, ticket, *, done: str = "", error: str = "", status: int = 200):
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done)
        return redirect(ticket_url(ticket) + "#remote-panel")
    from loket.tickets.views.ticket import render_ticket

    fresh = ticket_for(request.user, ticket.number)
    # htmx swaps 409 and 422 answers only: every refusal is shown as one of them.
    shown = status if status in (200, 409) else 422
    return render_ticket(request, fresh, done=done, error=error, status=shown, open_panel="remote")
