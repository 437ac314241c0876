"""The Today page and the "My callbacks" list."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from loket.core.errors import ServiceError
from loket.core.pages import allowed_if, render_page
from loket.planning import services, today
from loket.planning.access import callback_for, can_manage_recurring, can_plan

planner_required = allowed_if(can_plan)


@require_GET
@planner_required
def index(request):
    day = today.my_day(request.user)
    context = {
        "active_nav": "today",
        "day": day,
        "now": day.now,
        "perms_recurring": can_manage_recurring(request.user),
    }
    return render_page(request, "planning/today.html", context, fragment="today")


@require_GET
@planner_required
def callbacks(request):
    return _callbacks_page(request)


def _callbacks_page(request, *, status: int = 200, error: str = "", done: str = ""):
    now = timezone.now()
    items = list(today.open_callbacks(request.user)[:200])
    context = {
        "active_nav": "today",
        "callbacks": items,
        "now": now,
        "overdue": sum(1 for c in items if c.due_at < now),
        "error": error,
        "done": done,
    }
    return render_page(
        request, "planning/callbacks.html", context, fragment="callbacks", status=status
    )


@require_POST
@planner_required
def callback_done(request, pk: int):
    callback = callback_for(request.user, pk)
    note = (request.POST.get("note") or "")[:2000]
    try:
        services.complete_callback(callback, acting_user=request.user, note=note)
    except ServiceError as exc:
        if request.htmx:
            return _callbacks_page(request, status=exc.status, error=str(exc.message))
        messages.error(request, exc.message)
        return redirect("planning:callbacks")
    done = _("Callback for %(number)s marked done.") % {"number": callback.ticket.number}
    if request.htmx:
        return _callbacks_page(request, done=done)
    messages.success(request, done)
    back = "planning:index" if request.POST.get("next") == "today" else "planning:callbacks"
    return redirect(back)
