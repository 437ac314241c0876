"""Collaboration (colleagues helping, @mentions, handovers), callbacks, recurring tasks and the agent's day."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.tickets.models import Level, TicketType


class Collaborator(models.Model):
    """A colleague (or a whole team) asked to help on a ticket that stays with its
    assignee. Open while ``done_at`` is empty; one open request per user and ticket."""

    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.CASCADE,
        related_name="collaborators",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="collaborations",
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="collaborations",
    )
    question = models.TextField(_("question"), blank=True)
    # "help" when asked for help, "mention" when @mentioned in an internal note.
    reason = models.CharField(_("reason"), max_length=10, default="help")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_note = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("collaborator")
        verbose_name_plural = _("collaborators")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, team__isnull=True)
                    | models.Q(user__isnull=True, team__isnull=False)
                ),
                name="collaborator_user_or_team",
            ),
            models.UniqueConstraint(
                fields=["ticket", "user"],
                condition=models.Q(done_at__isnull=True, user__isnull=False),
                name="collaborator_one_open_per_user",
            ),
            models.UniqueConstraint(
                fields=["ticket", "team"],
                condition=models.Q(done_at__isnull=True, team__isnull=False),
                name="collaborator_one_open_per_team",
            ),
        ]
        indexes = [
            models.Index(
                fields=["user"], name="collab_open_user", condition=models.Q(done_at__isnull=True)
            ),
            models.Index(
                fields=["team"], name="collab_open_team", condition=models.Q(done_at__isnull=True)
            ),
        ]

    def __str__(self):
        return f"{self.ticket_id}: {self.user or self.team}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    @property
    def helper(self):
        return self.user or self.team


class Callback(models.Model):
    """A promise to call the customer back at a given time."""

    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.CASCADE,
        related_name="callbacks",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who calls back"),
        on_delete=models.PROTECT,
        related_name="callbacks",
    )
    due_at = models.DateTimeField(_("due"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.TextField(_("outcome"), blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    notified_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        indexes = [
            models.Index(
                fields=["assignee", "due_at"],
                name="callback_open_by_assignee",
                condition=models.Q(done_at__isnull=True),
            ),
            models.Index(
                fields=["due_at"],
                name="callback_to_notify",
                condition=models.Q(done_at__isnull=True, notified_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.ticket_id} @ {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly, on chosen weekdays")
    MONTHLY = "monthly", _("Monthly, on a day of the month")
    EVERY_N_DAYS = "days", _("Every N days")


class RecurringTask(models.Model):
    """Work that comes back on a schedule (a backup report on Mondays); each occurrence
    becomes a ticket. Times are wall-clock times of the desk's time zone."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="recurring_tasks",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recurring_tasks",
    )
    category = models.ForeignKey(
        "tickets.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    type = models.CharField(
        _("type"),
        max_length=20,
        choices=TicketType.choices,
        default=TicketType.SERVICE_REQUEST,
    )
    impact = models.PositiveSmallIntegerField(_("impact"), choices=Level.choices, default=3)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Level.choices, default=3)
    frequency = models.CharField(
        _("repeats"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    # Weekly: ISO weekdays 1 (Monday) … 7 (Sunday).
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    # Monthly: the day of the month (a short month uses its last day).
    day_of_month = models.PositiveSmallIntegerField(_("day of the month"), null=True, blank=True)
    # Every N days, counted from the start date.
    interval_days = models.PositiveSmallIntegerField(_("every N days"), null=True, blank=True)
    time_of_day = models.TimeField(_("time"))
    start_date = models.DateField(_("start date"))
    is_active = models.BooleanField(_("active"), default=True)
    last_occurrence_at = models.DateTimeField(_("last occurrence"), null=True, blank=True)
    next_occurrence_at = models.DateTimeField(
        _("next occurrence"), null=True, blank=True, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["title"]
        verbose_name = _("recurring task")
        verbose_name_plural = _("recurring tasks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(impact__gte=1, impact__lte=3, urgency__gte=1, urgency__lte=3),
                name="recurring_levels_range",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def weekday_names(self) -> str:
        """The weekdays of a weekly task, in the active language ("Monday, Friday")."""
        from django.utils.dates import WEEKDAYS

        return ", ".join(str(WEEKDAYS[day - 1]) for day in self.weekdays or [] if 1 <= day <= 7)


class TaskOccurrence(models.Model):
    """One occurrence of a recurring task. The unique row is written before the ticket,
    so that each occurrence makes exactly one ticket whatever the number of workers."""

    task = models.ForeignKey(
        RecurringTask,
        verbose_name=_("recurring task"),
        on_delete=models.CASCADE,
        related_name="occurrences",
    )
    occurrence_at = models.DateTimeField(_("occurrence"))
    ticket = models.OneToOneField(
        "tickets.Ticket",
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="task_occurrence",
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["-occurrence_at"]
        verbose_name = _("task occurrence")
        verbose_name_plural = _("task occurrences")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "occurrence_at"], name="unique_task_occurrence"
            ),
        ]

    def __str__(self):
        return f"{self.task} @ {self.occurrence_at:%Y-%m-%d %H:%M}"
