"""The planning panel's actions on a ticket; each answers with the whole ticket redrawn."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loket.core.errors import ServiceError
from loket.core.pages import allowed_if
from loket.planning import forms, services
from loket.planning.access import callback_for, can_plan, collaborator_for
from loket.tickets.access import ticket_for

PANEL = "planning"


class Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _form_error(form) -> Refused:
    messages_ = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages_.append(f"{label}: {error}" if label else str(error))
    return Refused(" ".join(messages_))


def quick_time(choice: str, now: datetime) -> datetime | None:
    """The quick buttons: in 30 minutes, in 2 hours, tomorrow at 09:00 (local)."""
    local = timezone.localtime(now).replace(second=0, microsecond=0)
    if choice == "30m":
        return local + timedelta(minutes=30)
    if choice == "2h":
        return local + timedelta(hours=2)
    if choice == "tomorrow":
        day = local.date() + timedelta(days=1)
        return datetime.combine(day, time(9, 0), tzinfo=timezone.get_current_timezone())
    return None


def _schedule(request, ticket) -> str:
    now = timezone.now()
    data = request.POST.copy()
    quick = quick_time(request.POST.get("quick", ""), now)
    if quick is not None:
        data["due_at"] = timezone.localtime(quick).strftime("%Y-%m-%dT%H:%M")
    form = forms.CallbackForm(data, user=request.user)
    if not form.is_valid():
        raise _form_error(form)
    callback = services.schedule_callback(
        ticket,
        due_at=form.cleaned_data["due_at"],
        assignee=form.cleaned_data["assignee"],
        note=form.cleaned_data["note"],
        acting_user=request.user,
        now=now,
    )
    due = timezone.localtime(callback.due_at).strftime("%d/%m %H:%M")
    return _("Callback planned for %(due)s.") % {"due": due}


def _callback_of(request, ticket):
    callback = callback_for(request.user, request.POST.get("callback", ""))
    if callback.ticket_id != ticket.pk:
        raise Http404("No such callback")
    return callback


def _callback_done(request, ticket) -> str:
    form = forms.CallbackDoneForm(request.POST)
    if not form.is_valid():
        raise _form_error(form)
    services.complete_callback(
        _callback_of(request, ticket), acting_user=request.user, note=form.cleaned_data["note"]
    )
    return _("Callback marked done.")


def _callback_cancel(request, ticket) -> str:
    services.cancel_callback(_callback_of(request, ticket), acting_user=request.user)
    return _("Callback cancelled.")


def _help(request, ticket) -> str:
    form = forms.HelpForm(request.POST, user=request.user)
    if not form.is_valid():
        raise _form_error(form)
    data = form.cleaned_data
    collaborator = services.ask_for_help(
        ticket,
        user=data["user"],
        team=data["team"],
        question=data["question"],
        acting_user=request.user,
    )
    return _("%(helper)s was asked for help.") % {"helper": collaborator.helper}


def _help_done(request, ticket) -> str:
    collaborator = collaborator_for(request.user, request.POST.get("collaborator", ""))
    if collaborator.ticket_id != ticket.pk:
        raise Http404("No such help request")
    services.finish_help(
        collaborator, acting_user=request.user, note=(request.POST.get("note") or "")[:2000]
    )
    return _("Help request marked done.")


def _handover(request, ticket) -> str:
    form = forms.HandoverForm(request.POST, user=request.user)
    if not form.is_valid():
        raise _form_error(form)
    data = form.cleaned_data
    services.hand_over(
        ticket,
        to_user=data["to_user"],
        note=data["note"],
        acting_user=request.user,
        version=data["version"],
    )
    return _("The ticket was handed over to %(user)s.") % {"user": data["to_user"]}


ACTIONS = {
    "callback": _schedule,
    "callback-done": _callback_done,
    "callback-cancel": _callback_cancel,
    "help": _help,
    "help-done": _help_done,
    "handover": _handover,
}


@require_POST
@allowed_if(can_plan)
def ticket_action(request, number: str, action: str):
    from loket.tickets.views.ticket import render_ticket

    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404("No such action")
    ticket = ticket_for(request.user, number, write=True)
    try:
        done = handler(request, ticket)
    except Refused as exc:
        return render_ticket(request, ticket, error=exc.message, status=422, open_panel=PANEL)
    except ServiceError as exc:
        ticket.refresh_from_db()
        return render_ticket(
            request, ticket, error=str(exc.message), status=exc.status, open_panel=PANEL
        )
    ticket.refresh_from_db()
    if not request.htmx:
        messages.success(request, done)
        try:
            # After a handover the agent may no longer see the ticket.
            ticket_for(request.user, number)
        except Http404:
            return redirect("planning:index")
        return redirect("tickets:detail", number=ticket.number)
    try:
        ticket_for(request.user, number)
    except Http404:
        response = redirect("planning:index")
        response["HX-Redirect"] = response["Location"]
        messages.success(request, done)
        return response
    return render_ticket(request, ticket, done=done, open_panel=PANEL)
