"""Configuration screens for business calendars and SLA policies, and the record of
SLA actions (read-only). Only the admin role reaches them (see accounts/admin.py)."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from loket.sla.admin_forms import (
    SERVICE_LEVEL_CHOICES,
    CalendarForm,
    SlaPolicyForm,
    SlaTargetForm,
    WorkingHoursForm,
    WorkingHoursFormSet,
)
from loket.sla.calendars import preview_days
from loket.sla.explain import business_duration
from loket.sla.models import (
    Calendar,
    ClosureDay,
    SlaAction,
    SlaPolicy,
    SlaTarget,
    WorkingHours,
)
from loket.tickets.models import Priority, TicketType


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    form = WorkingHoursForm
    formset = WorkingHoursFormSet
    extra = 1


class ClosureDayInline(admin.TabularInline):
    model = ClosureDay
    fields = ["date", "name"]
    extra = 1
    formfield_overrides = {
        models.DateField: {"widget": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}
    }


def _interval(start, end) -> str:
    return f"{start:%H:%M}–{'24:00' if end.hour == end.minute == 0 else f'{end:%H:%M}'}"


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    form = CalendarForm
    inlines = [WorkingHoursInline, ClosureDayInline]
    list_display = ["name", "time_zone", "always_open", "week", "observed_holidays"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("hours")

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": ["name", "time_zone", "always_open", "holidays"]})]
        if obj is not None:
            fieldsets.append(
                (
                    _("The next 14 days"),
                    {
                        "fields": ["preview"],
                        "description": _(
                            "As the SLA clock counts them, after saving. Working time per day "
                            "in the calendar's time zone."
                        ),
                    },
                )
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return ["preview"] if obj is not None else []

    @admin.display(description=gettext_lazy("working week"))
    def week(self, obj):
        if obj.always_open:
            return _("24/7")
        days: dict[int, list[str]] = {}
        for hours in obj.hours.all():
            days.setdefault(hours.weekday, []).append(_interval(hours.start, hours.end))
        # Runs of days with the same hours read as one: "Mon–Fri 08:00–17:00".
        runs: list[tuple[int, int, str]] = []
        for day in sorted(days):
            text = ", ".join(days[day])
            if runs and runs[-1][1] == day - 1 and runs[-1][2] == text:
                runs[-1] = (runs[-1][0], day, text)
            else:
                runs.append((day, day, text))
        return "; ".join(
            f"{WEEKDAYS_ABBR[first]}{'' if first == last else f'–{WEEKDAYS_ABBR[last]}'} {text}"
            for first, last, text in runs
        )

    @admin.display(description=gettext_lazy("public holidays"))
    def observed_holidays(self, obj):
        return len(obj.holidays or [])

    @admin.display(description=gettext_lazy("preview"))
    def preview(self, obj):
        rows = []
        for day in preview_days(obj):
            if day.closed_because:
                what = _("closed: %(reason)s") % {"reason": day.closed_because}
            elif not day.intervals:
                what = pgettext("calendar day", "closed")
            elif obj.always_open:
                what = _("open all day")
            else:
                what = ", ".join(_interval(start, end) for start, end in day.intervals)
            rows.append(
                (
                    date_format(day.day, "D j M Y"),
                    what,
                    business_duration(day.business_seconds) if day.business_seconds else "—",
                )
            )
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html(
            '<table class="sla-preview"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr>'
            "</thead><tbody>{}</tbody></table>",
            _("day"),
            _("working hours"),
            _("business time"),
            body,
        )


class SlaTargetInline(admin.TabularInline):
    model = SlaTarget
    form = SlaTargetForm
    extra = 0
    max_num = len(Priority.choices)
    verbose_name_plural = gettext_lazy("targets per priority (business minutes)")

    class Media:
        js = ["sla/target-hints.js"]


def _labels(values, choices) -> str:
    names = dict(choices)
    return ", ".join(str(names.get(value, value)) for value in values)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    form = SlaPolicyForm
    inlines = [SlaTargetInline]
    list_display = ["position", "name", "is_active", "calendar", "conditions", "on_breach"]
    list_display_links = ["name"]
    list_filter = ["is_active", "calendar"]
    ordering = ["position", "id"]
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": ["name", "position", "is_active", "calendar"]}),
        (
            gettext_lazy("Applies to tickets with"),
            {
                "fields": ["service_levels", "priorities", "types", "categories"],
                "description": gettext_lazy(
                    "Policies are tried in order; the first whose conditions all match "
                    "applies. A priority without a target below gets no SLA under this policy."
                ),
            },
        ),
        (gettext_lazy("Clock"), {"fields": ["pause_statuses", "warning_percent"]}),
        (
            gettext_lazy("On breach"),
            {"fields": ["escalate_to", "notify_supervisor", "raise_priority"]},
        ),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["categories"].widget.can_add_related = False
        return form

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("calendar", "escalate_to")
            .prefetch_related("categories")
        )

    @admin.display(description=gettext_lazy("conditions"))
    def conditions(self, obj):
        parts = []
        if obj.service_levels:
            parts.append(
                _("service level: %(values)s")
                % {"values": _labels(obj.service_levels, SERVICE_LEVEL_CHOICES)}
            )
        if obj.priorities:
            parts.append(
                _("priority: %(values)s") % {"values": _labels(obj.priorities, Priority.choices)}
            )
        if obj.types:
            parts.append(_("type: %(values)s") % {"values": _labels(obj.types, TicketType.choices)})
        categories = obj.categories.all()
        if categories:
            parts.append(
                _("category: %(values)s") % {"values": ", ".join(c.name for c in categories)}
            )
        return " · ".join(parts) if parts else _("every ticket")

    @admin.display(description=gettext_lazy("on breach"))
    def on_breach(self, obj):
        parts = []
        if obj.escalate_to:
            parts.append(_("escalate to %(team)s") % {"team": obj.escalate_to})
        if obj.notify_supervisor:
            parts.append(_("notify the supervisor"))
        if obj.raise_priority:
            parts.append(_("raise the priority"))
        return ", ".join(parts) if parts else "—"


@admin.register(SlaAction)
class SlaActionAdmin(admin.ModelAdmin):
    """What the sweep did, once per ticket and target: for checking, never for editing."""

    list_display = ["ticket_number", "target_name", "action", "cycle_number", "due", "done"]
    list_filter = ["kind", "target"]
    search_fields = ["ticket__number"]
    list_select_related = ["ticket"]
    ordering = ["-created_at", "-id"]
    fields = readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("ticket"), ordering="ticket__number")
    def ticket_number(self, obj):
        return obj.ticket.number

    @admin.display(description=gettext_lazy("target"), ordering="target")
    def target_name(self, obj):
        return obj.get_target_display()

    @admin.display(description=gettext_lazy("action"), ordering="kind")
    def action(self, obj):
        return obj.get_kind_display()

    @admin.display(description=gettext_lazy("cycle"), ordering="cycle")
    def cycle_number(self, obj):
        return obj.cycle or "—"

    @admin.display(description=gettext_lazy("due"), ordering="due_at")
    def due(self, obj):
        return obj.due_at

    @admin.display(description=gettext_lazy("handled"), ordering="created_at")
    def done(self, obj):
        return obj.created_at
