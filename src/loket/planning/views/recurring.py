"""Pages where supervisors and administrators list, create, edit and pause recurring tasks."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.core.errors import ServiceError
from loket.core.pages import allowed_if, render_page
from loket.planning import forms, recurring, schedule
from loket.planning.access import can_manage_recurring, recurring_task_for
from loket.planning.models import RecurringTask

manager_required = allowed_if(can_manage_recurring)
UPCOMING = 3


@require_GET
@manager_required
def index(request):
    now = timezone.now()
    tasks = list(RecurringTask.objects.select_related("team", "assignee", "category"))
    for task in tasks:
        task.upcoming = schedule.upcoming(task, now, UPCOMING) if task.is_active else []
    context = {"active_nav": "today", "time_zone": settings.TIME_ZONE, "tasks": tasks}
    return render_page(request, "planning/recurring.html", context)


def _save(request, form, task: RecurringTask | None):
    fields = dict(form.cleaned_data)
    try:
        if task is None:
            task = recurring.create_recurring_task(acting_user=request.user, **fields)
        else:
            task = recurring.update_recurring_task(task, acting_user=request.user, **fields)
    except ServiceError as exc:
        form.add_error(None, exc.message)
        return None
    return task


@require_http_methods(["GET", "POST"])
@manager_required
def create(request):
    initial = {
        "frequency": "weekly",
        "weekdays": [1],
        "type": "service_request",
        "impact": 3,
        "urgency": 3,
        "start_date": timezone.localdate(),
        "is_active": True,
    }
    form = forms.RecurringTaskForm(request.POST or None, initial=initial, user=request.user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and _save(request, form, None):
            messages.success(request, _("The recurring task was created."))
            return redirect("planning:recurring")
    context = {"active_nav": "today", "time_zone": settings.TIME_ZONE, "form": form, "task": None}
    return render_page(request, "planning/recurring_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@manager_required
def edit(request, pk: int):
    task = recurring_task_for(request.user, pk)
    form = forms.RecurringTaskForm(
        request.POST or None, initial=forms.RecurringTaskForm.initial_for(task), user=request.user
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and _save(request, form, task):
            messages.success(request, _("The recurring task was saved."))
            return redirect("planning:recurring")
    task.upcoming = schedule.upcoming(task, timezone.now(), 5) if task.is_active else []
    occurrences = task.occurrences.select_related("ticket")[:10]
    context = {
        "active_nav": "today",
        "time_zone": settings.TIME_ZONE,
        "form": form,
        "task": task,
        "occurrences": occurrences,
    }
    return render_page(request, "planning/recurring_form.html", context, status=status)


@require_POST
@manager_required
def toggle(request, pk: int):
    task = recurring_task_for(request.user, pk)
    try:
        task = recurring.update_recurring_task(
            task, acting_user=request.user, is_active=not task.is_active
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if task.is_active:
            messages.success(request, _("“%(title)s” runs again.") % {"title": task.title})
        else:
            messages.success(request, _("“%(title)s” is paused.") % {"title": task.title})
    return redirect("planning:recurring")
