"""The panel's actions on a ticket: add a checklist, tick an item (or undo), start a
required checklist by ticking one of its items, remove a checklist. Each answers with
the whole ticket (htmx) or a redirect back to it (plain POST)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from loket.checklists import forms, services
from loket.checklists.access import can_use_checklists, checklist_on, visible_templates
from loket.checklists.models import ItemState, TicketChecklist, TicketChecklistItem
from loket.core.errors import ServiceError, VersionConflict
from loket.core.pages import allowed_if
from loket.tickets.access import ticket_for
from loket.tickets.views.ticket import render_ticket

staff_required = allowed_if(can_use_checklists)
PANEL = "checklists"

DONE_STATE = {
    ItemState.DONE: gettext_lazy("Marked done."),
    ItemState.FAILED: gettext_lazy("Marked failed."),
    ItemState.NOT_APPLICABLE: gettext_lazy("Marked not applicable."),
    ItemState.OPEN: gettext_lazy("Set back to open."),
}


def _answer(request, number: str, *, done: str = "", error: str = "", status: int = 200, item=None):
    """The ticket again, with what happened; without htmx, a redirect to it."""
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif done:
            messages.success(request, done)
        return redirect(reverse("tickets:detail", args=[number]) + "#checklists")
    if error:
        # The panel shows the message where the user is looking: at the item it concerns,
        # or at the top of the panel (the ticket's own flash line may be out of view).
        request.checklist_error = {"item": item, "message": error}
    ticket = ticket_for(request.user, number)
    return render_ticket(request, ticket, done=done, status=status, open_panel=PANEL)


def _refused(request, number: str, exc: Exception, *, item=None):
    if isinstance(exc, VersionConflict):
        return _answer(request, number, error=exc.message, status=409, item=item)
    if isinstance(exc, ServiceError):
        return _answer(request, number, error=exc.message, status=422, item=item)
    message = str(exc) if str(exc) else _("You are not allowed to do this.")
    # 422 rather than 403: htmx shows the answer (and its message) in place.
    return _answer(request, number, error=message, status=422, item=item)


def _invalid(request, number: str, form):
    first = next(iter(form.errors.values()), [""])[0]
    return _answer(
        request, number, error=_("Invalid input: %(error)s") % {"error": first}, status=422
    )


@require_POST
@staff_required
def add(request, number: str):
    ticket = ticket_for(request.user, number, write=True)
    form = forms.AddForm(request.POST)
    if not form.is_valid():
        return _answer(request, number, error=_("Choose a checklist to add."), status=422)
    template = visible_templates(request.user).filter(pk=form.cleaned_data["template"]).first()
    if template is None:
        return _answer(request, number, error=_("There is no such checklist."), status=422)
    try:
        checklist = services.add_checklist(ticket, template, acting_user=request.user)
    except (ServiceError, PermissionDenied) as exc:
        return _refused(request, number, exc)
    done = _("Checklist “%(title)s” added.") % {"title": checklist.shown_title}
    return _answer(request, number, done=done)


@require_POST
@staff_required
def tick(request, number: str, item_id: int):
    ticket = ticket_for(request.user, number, write=True)
    item = TicketChecklistItem.objects.filter(pk=item_id, checklist__ticket=ticket).first()
    if item is None:
        raise Http404("No such checklist item")
    form = forms.TickForm(request.POST)
    if not form.is_valid():
        return _invalid(request, number, form)
    data = form.cleaned_data
    try:
        services.tick(
            item,
            state=data["state"],
            result=data["result"],
            version=data["version"],
            acting_user=request.user,
        )
    except (ServiceError, PermissionDenied) as exc:
        return _refused(request, number, exc, item=item.pk)
    return _answer(request, number, done=str(DONE_STATE[ItemState(data["state"])]))


@require_POST
@staff_required
def start(request, number: str):
    """Tick an item of a required checklist that is not on the ticket yet: the required
    checklists are added first."""
    ticket = ticket_for(request.user, number, write=True)
    form = forms.StartForm(request.POST)
    if not form.is_valid():
        return _invalid(request, number, form)
    data = form.cleaned_data
    try:
        services.ensure_required(ticket, acting_user=request.user)
        item = TicketChecklistItem.objects.filter(
            checklist__ticket=ticket,
            checklist__template_id=data["template"],
            position=data["position"],
        ).first()
        if item is None:
            return _answer(request, number, error=_("There is no such checklist item."), status=422)
        services.tick(item, state=data["state"], result=data["result"], acting_user=request.user)
    except (ServiceError, PermissionDenied) as exc:
        return _refused(request, number, exc)
    return _answer(request, number, done=str(DONE_STATE[ItemState(data["state"])]))


@require_POST
@staff_required
def ensure(request, number: str):
    """Add the checklists the ticket's category and type require."""
    ticket = ticket_for(request.user, number, write=True)
    try:
        added = services.ensure_required(ticket, acting_user=request.user)
    except (ServiceError, PermissionDenied) as exc:
        return _refused(request, number, exc)
    done = _("The required checklists were added.") if added else ""
    return _answer(request, number, done=done)


@require_POST
@staff_required
def remove(request, number: str, checklist_id: int):
    ticket = ticket_for(request.user, number, write=True)
    checklist: TicketChecklist = checklist_on(request.user, ticket, checklist_id)
    title = checklist.shown_title
    try:
        services.remove_checklist(checklist, acting_user=request.user)
    except (ServiceError, PermissionDenied) as exc:
        return _refused(request, number, exc)
    return _answer(request, number, done=_("Checklist “%(title)s” removed.") % {"title": title})
