"""Recurring tasks are configured here too (the same rules as the supervisors' pages);
callbacks, help requests and occurrences are shown read-only: they change through the
ticket page, which keeps the timeline."""

import copy

from django import forms
from django.contrib import admin

from loket.core.errors import ServiceError
from loket.planning import recurring
from loket.planning.models import Callback, Collaborator, RecurringTask, TaskOccurrence


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Callback)
class CallbackAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "assignee", "due_at", "done_at", "cancelled", "notified_at"]
    list_filter = ["cancelled"]
    search_fields = ["ticket__number", "note", "outcome"]
    date_hierarchy = "due_at"


@admin.register(Collaborator)
class CollaboratorAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "user", "team", "reason", "requested_by", "requested_at", "done_at"]
    list_filter = ["reason"]
    search_fields = ["ticket__number", "question"]


class TaskOccurrenceInline(admin.TabularInline):
    model = TaskOccurrence
    extra = 0
    fields = ["occurrence_at", "ticket", "created_at"]
    readonly_fields = fields
    can_delete = False
    ordering = ["-occurrence_at"]

    def has_add_permission(self, request, obj=None):
        return False


class RecurringTaskForm(forms.ModelForm):
    class Meta:
        model = RecurringTask
        fields = list(recurring.RECURRING_FIELDS)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        candidate = copy.copy(self.instance)
        for name in recurring.RECURRING_FIELDS:
            if name in cleaned:
                setattr(candidate, name, cleaned[name])
        try:
            recurring.validate_recurring_task(candidate)
        except ServiceError as exc:
            raise forms.ValidationError(exc.message) from exc
        return cleaned


@admin.register(RecurringTask)
class RecurringTaskAdmin(admin.ModelAdmin):
    form = RecurringTaskForm
    list_display = ["title", "team", "frequency", "time_of_day", "is_active", "next_occurrence_at"]
    list_filter = ["is_active", "frequency", "team"]
    search_fields = ["title", "description"]
    raw_id_fields = ["assignee"]
    inlines = [TaskOccurrenceInline]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in recurring.RECURRING_FIELDS}
        if change:
            original = RecurringTask.objects.get(pk=obj.pk)
            changed = {k: v for k, v in fields.items() if k in form.changed_data}
            recurring.update_recurring_task(original, acting_user=request.user, **changed)
        else:
            task = recurring.create_recurring_task(acting_user=request.user, **fields)
            obj.pk = task.pk
            obj._state.adding = False
