"""Business calendars, SLA policies with targets per priority, and the record of actions.

A ticket's clock is not stored: it is derived from the ticket's timeline each time
(see ``clock.py``). What is stored on the ticket (``sla_*`` fields) is a snapshot for
sorting, filtering and the sweep; it is rewritten whenever the ticket changes.
"""

import zoneinfo
from datetime import time

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loket.directory.models import ServiceLevel
from loket.tickets.models import Priority, Status, TicketType


def _time_zone_names():
    return sorted(zoneinfo.available_timezones())


class Calendar(models.Model):
    """When the desk works: weekly hours in a time zone, minus holidays and closures."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Brussels")
    always_open = models.BooleanField(
        _("open 24/7"),
        default=False,
        help_text=_("Every hour of every day counts; working hours and holidays are ignored."),
    )
    holidays = models.JSONField(
        _("public holidays observed"),
        default=list,
        blank=True,
        help_text=_("Belgian public and bank holidays on which the desk is closed."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self):
        return self.name

    def clean(self):
        if self.time_zone not in zoneinfo.available_timezones():
            raise ValidationError({"time_zone": _("Unknown time zone.")})
        from loket.sla.calendars import holiday_choices

        known = {key for key, _label in holiday_choices()}
        unknown = [name for name in self.holidays or [] if name not in known]
        if unknown:
            raise ValidationError({"holidays": _("Unknown holiday: %s") % ", ".join(unknown)})


class Weekday(models.IntegerChoices):
    # A context of their own: the project's catalog would otherwise also rename the
    # days in dates ("dinsdag 1 december"), where Django's lower-case names belong.
    MONDAY = 0, pgettext_lazy("weekday", "Monday")
    TUESDAY = 1, pgettext_lazy("weekday", "Tuesday")
    WEDNESDAY = 2, pgettext_lazy("weekday", "Wednesday")
    THURSDAY = 3, pgettext_lazy("weekday", "Thursday")
    FRIDAY = 4, pgettext_lazy("weekday", "Friday")
    SATURDAY = 5, pgettext_lazy("weekday", "Saturday")
    SUNDAY = 6, pgettext_lazy("weekday", "Sunday")


class WorkingHours(models.Model):
    """One working interval on a weekday, in the calendar's wall-clock time.

    A day may have several (08:00–12:00 and 13:00–17:00). An end of 00:00 means midnight.
    """

    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="hours", verbose_name=_("calendar")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "start"]
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self):
        if self.start is None or self.end is None:
            return  # the field errors already say what is missing
        if self.end != time(0) and self.end <= self.start:
            raise ValidationError(_("The interval must end after it starts (00:00 = midnight)."))


class ClosureDay(models.Model):
    """A day the desk is closed besides public holidays (bridge day, team day)."""

    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="closures", verbose_name=_("calendar")
    )
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=120, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("closure day")
        verbose_name_plural = _("closure days")
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="unique_closure_day")
        ]

    def __str__(self):
        return f"{self.date} {self.name}".strip()


def default_pause_statuses():
    return [Status.WAITING_CUSTOMER.value, Status.WAITING_THIRD_PARTY.value]


class SlaPolicy(models.Model):
    """Targets that apply to the tickets matching its conditions; the first match wins.

    An empty condition matches everything. ``no_contract`` in service levels matches
    tickets whose organisation has no valid contract.
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Policies are tried from the lowest number up.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    calendar = models.ForeignKey(
        Calendar, on_delete=models.PROTECT, related_name="policies", verbose_name=_("calendar")
    )
    service_levels = models.JSONField(_("service levels"), default=list, blank=True)
    priorities = models.JSONField(_("priorities"), default=list, blank=True)
    types = models.JSONField(_("ticket types"), default=list, blank=True)
    categories = models.ManyToManyField(
        "tickets.Category",
        blank=True,
        related_name="+",
        verbose_name=_("categories"),
        help_text=_("A category also matches its subcategories."),
    )
    pause_statuses = models.JSONField(
        _("pause the clock while"),
        default=default_pause_statuses,
        blank=True,
        help_text=_("Statuses during which the clock stands still."),
    )
    warning_percent = models.PositiveSmallIntegerField(
        _("warn at (% of target)"),
        default=75,
        null=True,
        blank=True,
        help_text=_("Notify the assignee and team when this share of a target is used."),
    )
    escalate_to = models.ForeignKey(
        "accounts.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on breach, escalate to"),
    )
    notify_supervisor = models.BooleanField(_("on breach, notify the supervisor"), default=True)
    raise_priority = models.BooleanField(_("on breach, raise the priority one step"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")

    def __str__(self):
        return self.name

    def clean(self):
        checks = {
            "service_levels": [*ServiceLevel.values, NO_CONTRACT],
            "priorities": Priority.values,
            "types": TicketType.values,
            "pause_statuses": [Status.WAITING_CUSTOMER, Status.WAITING_THIRD_PARTY],
        }
        for field, allowed in checks.items():
            value = getattr(self, field) or []
            if not isinstance(value, list) or any(v not in allowed for v in value):
                raise ValidationError(
                    {field: _("Choose from: %s") % ", ".join(str(a) for a in allowed)}
                )
        if self.warning_percent is not None and not 1 <= self.warning_percent <= 99:
            raise ValidationError({"warning_percent": _("Between 1 and 99 %.")})


NO_CONTRACT = "no_contract"


class TargetName(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    NEXT_RESPONSE = "next_response", _("Next response")
    RESOLUTION = "resolution", _("Resolution")


class SlaTarget(models.Model):
    """The targets of a policy for one priority, in business minutes."""

    policy = models.ForeignKey(
        SlaPolicy, on_delete=models.CASCADE, related_name="targets", verbose_name=_("policy")
    )
    priority = models.CharField(_("priority"), max_length=2, choices=Priority.choices)
    first_response_minutes = models.PositiveIntegerField(
        _("first response (minutes)"), null=True, blank=True
    )
    next_response_minutes = models.PositiveIntegerField(
        _("next response (minutes)"), null=True, blank=True
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution (minutes)"), null=True, blank=True
    )

    class Meta:
        ordering = ["priority"]
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        constraints = [
            models.UniqueConstraint(fields=["policy", "priority"], name="unique_policy_priority")
        ]

    def __str__(self):
        return f"{self.policy} {self.priority}"


class ActionKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    BREACH = "breach", _("Breach")


class SlaAction(models.Model):
    """A warning or breach handled for one target of one ticket: written once, so a
    second worker (or a second sweep) never repeats it. ``cycle`` tells the next-response
    cycles apart (0 for first response and resolution)."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="sla_actions"
    )
    target = models.CharField(max_length=20, choices=TargetName.choices)
    kind = models.CharField(max_length=10, choices=ActionKind.choices)
    cycle = models.PositiveIntegerField(default=0)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("SLA action")
        verbose_name_plural = _("SLA actions")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "target", "kind", "cycle"], name="sla_action_once"
            )
        ]

    def __str__(self):
        return f"{self.ticket_id} {self.target} {self.kind} {self.cycle}"


class ConfigRevision(models.Model):
    """One row counting changes to calendars and policies, so every process knows when
    its compiled copy is stale with one cheap query."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("SLA configuration revision")

    def __str__(self):
        return str(self.value)
