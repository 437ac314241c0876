"""Forms behind the SLA configuration screens: checkboxes instead of JSON, targets in
minutes with their reading in hours, and the checks an administrator needs spelled out."""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from datetime import time
from itertools import pairwise

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.accounts.models import Team
from loket.directory.models import ServiceLevel
from loket.sla.calendars import holiday_choices
from loket.sla.explain import business_duration
from loket.sla.models import NO_CONTRACT, Calendar, SlaPolicy, SlaTarget, Weekday, WorkingHours
from loket.tickets.models import Category, Priority, Status, TicketType


def _time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class CalendarForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=capfirst(gettext_lazy("time zone")),
        choices=_time_zone_choices,
        initial="Europe/Brussels",
    )
    holidays = forms.MultipleChoiceField(
        label=capfirst(gettext_lazy("public holidays observed")),
        choices=holiday_choices,  # called on each form, so labels follow the user's language
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("The desk is closed on the days ticked here."),
    )

    class Meta:
        model = Calendar
        fields = ["name", "time_zone", "always_open", "holidays"]


class WorkingHoursForm(forms.ModelForm):
    class Meta:
        model = WorkingHours
        fields = ["weekday", "start", "end"]
        widgets = {
            # Wall-clock times of the calendar's own time zone: the admin's time shortcuts
            # would add a note about the server's time zone, which does not apply here.
            "start": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
            "end": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        }

    def _post_clean(self):
        # The model's interval check needs both times; a missing or mistyped one already
        # has its own error.
        if self.cleaned_data.get("start") is None or self.cleaned_data.get("end") is None:
            return
        super()._post_clean()


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


class WorkingHoursFormSet(forms.BaseInlineFormSet):
    """Intervals of one weekday may touch (08:00–12:00, 12:00–17:00) but not overlap."""

    def clean(self):
        super().clean()
        by_day: dict[int, list[tuple[int, int, time, time]]] = defaultdict(list)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form.errors:
                continue
            day, start, end = data.get("weekday"), data.get("start"), data.get("end")
            if day is None or start is None or end is None:
                continue
            stop = 24 * 60 if end == time(0) else _minutes(end)
            by_day[int(day)].append((_minutes(start), stop, start, end))
        errors = []
        for day in sorted(by_day):
            intervals = sorted(by_day[day])
            for before, after in pairwise(intervals):
                if after[0] < before[1]:
                    errors.append(
                        _("%(day)s: %(first)s and %(second)s overlap.")
                        % {
                            "day": Weekday(day).label,
                            "first": f"{before[2]:%H:%M}–{before[3]:%H:%M}",
                            "second": f"{after[2]:%H:%M}–{after[3]:%H:%M}",
                        }
                    )
        if errors:
            raise ValidationError(errors)
        if not by_day and not self.instance.always_open:
            raise ValidationError(
                _("Add working hours, or tick “open 24/7”: without either the clock never runs.")
            )


SERVICE_LEVEL_CHOICES = [*ServiceLevel.choices, (NO_CONTRACT, gettext_lazy("No contract"))]
PAUSE_CHOICES = [
    (Status.WAITING_CUSTOMER.value, Status.WAITING_CUSTOMER.label),
    (Status.WAITING_THIRD_PARTY.value, Status.WAITING_THIRD_PARTY.label),
]
ANY = gettext_lazy("Nothing ticked: any.")


def _checkboxes(label, choices, help_text=ANY):
    return forms.MultipleChoiceField(
        label=capfirst(label),
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


class SlaPolicyForm(forms.ModelForm):
    service_levels = _checkboxes(gettext_lazy("service levels"), SERVICE_LEVEL_CHOICES)
    priorities = _checkboxes(gettext_lazy("priorities"), Priority.choices)
    types = _checkboxes(gettext_lazy("ticket types"), TicketType.choices)
    pause_statuses = _checkboxes(
        gettext_lazy("pause the clock while"),
        PAUSE_CHOICES,
        gettext_lazy("The clock also stands still while a ticket is resolved or closed."),
    )

    class Meta:
        model = SlaPolicy
        fields = [
            "name",
            "position",
            "is_active",
            "calendar",
            "service_levels",
            "priorities",
            "types",
            "categories",
            "pause_statuses",
            "warning_percent",
            "escalate_to",
            "notify_supervisor",
            "raise_priority",
        ]
        widgets = {"categories": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Active teams, and the current one even if it was since made inactive, so
        # saving the form does not silently drop it.
        self.fields["escalate_to"].queryset = Team.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.escalate_to_id)
        )
        categories = self.fields["categories"]
        categories.queryset = Category.objects.select_related("parent__parent")
        categories.label_from_instance = lambda category: category.path
        self.fields["categories"].help_text = _(
            "Nothing ticked: any. A category also matches its subcategories."
        )

    def clean(self):
        data = super().clean()
        if data.get("is_active") and data.get("position") is not None and not self.errors:
            self._check_order(data)
        return data

    def _check_order(self, data):
        """An active policy that matches every ticket ends the search: one ordered after
        it would never apply, which is easy to miss in a list."""
        me = (data["position"], self.instance.pk or float("inf"))
        others = SlaPolicy.objects.filter(is_active=True).exclude(pk=self.instance.pk)
        for other in others.prefetch_related("categories"):
            if _matches_everything(other) and (other.position, other.pk) < me:
                raise ValidationError(
                    {
                        "position": _(
                            "“%(policy)s” (order %(order)s) matches every ticket and comes "
                            "first, so this policy would never apply. Give this one a lower "
                            "order number."
                        )
                        % {"policy": other.name, "order": other.position}
                    }
                )
        conditions = ("service_levels", "priorities", "types", "categories")
        if any(data.get(name) for name in conditions):
            return
        for other in others.order_by("position", "id"):
            if (other.position, other.pk) > me:
                raise ValidationError(
                    {
                        "position": _(
                            "This policy matches every ticket, so “%(policy)s” (order "
                            "%(order)s) after it would never apply. Give this one a higher "
                            "order number, or add a condition."
                        )
                        % {"policy": other.name, "order": other.position}
                    }
                )


def _matches_everything(policy: SlaPolicy) -> bool:
    return not (
        policy.service_levels or policy.priorities or policy.types or policy.categories.all()
    )


class BusinessMinutesInput(forms.NumberInput):
    """A number of minutes, with its reading in hours beside it (``= 4 h 30 min business
    time``), kept up to date as the administrator types (sla/target-hints.js)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "min": 1,
                "data-hint": _("= %(duration)s business time"),
                "data-hours-minutes": _("%(hours)d h %(minutes)d min"),
                "data-hours": _("%(hours)d h"),
                "data-minutes": _("%(minutes)d min"),
            }
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        return format_html('{}<div class="help sla-minutes-hint">{}</div>', html, _hint(value))


def _hint(value) -> str:
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return ""
    if minutes <= 0:
        return ""
    return _("= %(duration)s business time") % {"duration": business_duration(minutes * 60)}


class SlaTargetForm(forms.ModelForm):
    class Meta:
        model = SlaTarget
        fields = [
            "priority",
            "first_response_minutes",
            "next_response_minutes",
            "resolution_minutes",
        ]
        widgets = {
            "first_response_minutes": BusinessMinutesInput,
            "next_response_minutes": BusinessMinutesInput,
            "resolution_minutes": BusinessMinutesInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_response_minutes", "next_response_minutes", "resolution_minutes"):
            self.fields[name].validators.append(_at_least_one_minute)

    def clean(self):
        data = super().clean()
        minutes = [
            data.get(name)
            for name in ("first_response_minutes", "next_response_minutes", "resolution_minutes")
        ]
        if data.get("priority") and not self.errors and not any(minutes):
            raise ValidationError(_("Give at least one target for this priority."))
        first, resolution = minutes[0], minutes[2]
        if first and resolution and first > resolution:
            self.add_error(
                "first_response_minutes",
                _("The first response cannot take longer than the resolution."),
            )
        return data


def _at_least_one_minute(value):
    if value is not None and value < 1:
        raise ValidationError(_("Enter a number of minutes of at least 1."))
