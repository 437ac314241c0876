"""Recurring tasks: setting them up (supervisors and administrators), and turning due
occurrences into tickets (run by the worker every round).

Exactly once per occurrence, however many workers run: a worker takes a due task under a
row lock (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so a second worker passes it by;
SQLite serialises writers) and writes the unique ``TaskOccurrence`` row *before* the
ticket, in the same transaction. Should two workers still meet on one occurrence, the
unique constraint lets one of them through.

Catch-up rule: after the worker was down, each task makes up at most
``CATCH_UP_LIMIT`` missed occurrences — the most recent ones — and the log says how many
older ones it skipped. A task that was paused, or whose schedule changed, starts again
from the next occurrence (see :func:`update_recurring_task`).
"""

import logging
from collections import deque
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from loket.accounts.models import User
from loket.core.errors import InvalidInput, ServiceError
from loket.planning import schedule
from loket.planning.access import can_manage_recurring
from loket.planning.models import Frequency, RecurringTask, TaskOccurrence
from loket.tickets.models import Category, Channel, TicketType

logger = logging.getLogger(__name__)

CATCH_UP_LIMIT = 3


# --------------------------------------------------------------------------- set-up


RECURRING_FIELDS = (
    "title",
    "description",
    "team",
    "assignee",
    "category",
    "type",
    "impact",
    "urgency",
    "frequency",
    "weekdays",
    "day_of_month",
    "interval_days",
    "time_of_day",
    "start_date",
    "is_active",
)


def _require_manager(user: User) -> None:
    if not can_manage_recurring(user):
        raise PermissionDenied(_("Only supervisors and administrators manage recurring tasks."))


def validate_recurring_task(task: RecurringTask) -> None:
    """Check (and normalise) a task's fields; raises ``InvalidInput``."""
    task.title = (task.title or "").strip()
    if not task.title:
        raise InvalidInput(_("A title is required."), code="title_required")
    if len(task.title) > 200:
        raise InvalidInput(_("The title is longer than 200 characters."), code="too_long")
    if task.team_id is None:
        raise InvalidInput(_("Choose the team that does the task."), code="team_required")
    if not task.team.is_active:
        raise InvalidInput(_("This team is no longer active."), code="inactive_team")
    if task.assignee is not None:
        if not task.assignee.is_active or not task.assignee.is_staff_member:
            raise InvalidInput(_("Tasks can only go to active staff."), code="bad_assignee")
        if not task.assignee.memberships.filter(team_id=task.team_id).exists():
            raise InvalidInput(
                _("%(user)s is not a member of team %(team)s.")
                % {"user": task.assignee, "team": task.team},
                code="assignee_not_in_team",
            )
    if task.category is not None and not isinstance(task.category, Category):
        raise InvalidInput(_("Unknown category."), code="bad_category")
    if task.type not in TicketType.values:
        raise InvalidInput(_("Unknown ticket type."), code="bad_type")
    if task.impact not in (1, 2, 3) or task.urgency not in (1, 2, 3):
        raise InvalidInput(_("Impact and urgency must be 1, 2 or 3."), code="invalid_level")
    if not isinstance(task.time_of_day, time):
        raise InvalidInput(_("Give the time of day."), code="time_required")
    if not isinstance(task.start_date, date):
        raise InvalidInput(_("Give the start date."), code="start_required")
    if task.frequency == Frequency.WEEKLY:
        days = sorted({int(day) for day in task.weekdays or [] if str(day).isdigit()})
        if not days or any(day < 1 or day > 7 for day in days):
            raise InvalidInput(_("Choose at least one weekday."), code="weekdays_required")
        task.weekdays, task.day_of_month, task.interval_days = days, None, None
    elif task.frequency == Frequency.MONTHLY:
        if not task.day_of_month or not 1 <= task.day_of_month <= 31:
            raise InvalidInput(_("Choose a day of the month (1–31)."), code="day_required")
        task.weekdays, task.interval_days = [], None
    elif task.frequency == Frequency.EVERY_N_DAYS:
        if not task.interval_days or not 1 <= task.interval_days <= 366:
            raise InvalidInput(_("Repeat every 1 to 366 days."), code="interval_required")
        task.weekdays, task.day_of_month = [], None
    else:
        raise InvalidInput(_("Unknown schedule."), code="bad_frequency")


@transaction.atomic
def create_recurring_task(
    *, acting_user: User, now: datetime | None = None, **fields: Any
) -> RecurringTask:
    """A new recurring task; its first occurrence is the first one from now on."""
    _require_manager(acting_user)
    unknown = set(fields) - set(RECURRING_FIELDS)
    if unknown:
        raise InvalidInput(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))},
            code="bad_field",
        )
    now = now or timezone.now()
    task = RecurringTask(created_by=acting_user, created_at=now, updated_at=now, **fields)
    validate_recurring_task(task)
    task.next_occurrence_at = schedule.next_after(task, now, inclusive=True)
    task.save()
    return task


@transaction.atomic
def update_recurring_task(
    task: RecurringTask, *, acting_user: User, now: datetime | None = None, **changes: Any
) -> RecurringTask:
    """Change a task, pause it (``is_active=False``) or resume it. A changed schedule
    or a resumed task starts from now: missed occurrences are not made up."""
    _require_manager(acting_user)
    unknown = set(changes) - set(RECURRING_FIELDS)
    if unknown:
        raise InvalidInput(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))},
            code="bad_field",
        )
    now = now or timezone.now()
    task = RecurringTask.objects.select_for_update().get(pk=task.pk)
    was_active = task.is_active
    for name, value in changes.items():
        setattr(task, name, value)
    validate_recurring_task(task)
    schedule_fields = {"frequency", "weekdays", "day_of_month", "interval_days"}
    schedule_fields |= {"time_of_day", "start_date"}
    if task.is_active and (not was_active or schedule_fields & set(changes)):
        task.next_occurrence_at = schedule.next_after(task, now, inclusive=True)
    task.updated_at = now
    task.save()
    return task


# --------------------------------------------------------------------- occurrences


def create_due_occurrences(*, now: datetime | None = None) -> int:
    """Make the ticket of every due occurrence; return how many tickets were made."""
    now = now or timezone.now()
    due = RecurringTask.objects.filter(is_active=True, next_occurrence_at__lte=now)
    created = 0
    for pk in list(due.order_by("next_occurrence_at").values_list("pk", flat=True)[:200]):
        created += _run_task(pk, now)
    return created


def _missed(task: RecurringTask, now: datetime) -> tuple[list[datetime], int]:
    """The occurrences to make now (at most ``CATCH_UP_LIMIT``, the latest) and how many
    older ones are skipped."""
    start = task.next_occurrence_at or now
    # Looking back further than the schedule horizon cannot find the latest ones.
    start = max(start, now - timedelta(days=schedule.HORIZON_DAYS - 2))
    latest: deque[datetime] = deque(maxlen=CATCH_UP_LIMIT)
    seen = 0
    for occurrence in schedule.occurrences(task, start, inclusive=True):
        if occurrence > now:
            break
        latest.append(occurrence)
        seen += 1
    return list(latest), seen - len(latest)


@transaction.atomic
def _run_task(pk: int, now: datetime) -> int:
    task = (
        RecurringTask.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("team", "assignee", "category")
        .filter(pk=pk, is_active=True, next_occurrence_at__lte=now)
        .first()
    )
    if task is None:  # another worker has it, or did it already
        return 0
    occurrences, skipped = _missed(task, now)
    if skipped:
        logger.warning(
            "Recurring task %s (%s): %s missed occurrence(s) skipped, making the latest %s",
            task.pk,
            task.title,
            skipped,
            len(occurrences),
        )
    created = 0
    for occurrence in occurrences:
        created += _make_occurrence(task, occurrence, now)
    if occurrences:
        task.last_occurrence_at = occurrences[-1]
    task.next_occurrence_at = schedule.next_after(task, now)
    task.save(update_fields=["last_occurrence_at", "next_occurrence_at"])
    return created


def _make_occurrence(task: RecurringTask, occurrence: datetime, now: datetime) -> int:
    from loket.tickets.services import create_ticket

    try:
        with transaction.atomic():
            row = TaskOccurrence.objects.create(task=task, occurrence_at=occurrence, created_at=now)
    except IntegrityError:
        return 0  # made already
    try:
        with transaction.atomic():
            ticket = create_ticket(
                acting_user=None,
                subject=_subject(task, occurrence),
                description=task.description,
                category=task.category if task.category and task.category.is_active else None,
                type=task.type,
                channel=Channel.API,
                impact=task.impact,
                urgency=task.urgency,
                team=task.team,
                assignee=_assignee(task),
                now=now,
            )
    except ServiceError as exc:
        # The row stays (without a ticket) so that the occurrence is not retried forever.
        logger.error("Recurring task %s (%s): no ticket made: %s", task.pk, task.title, exc)
        return 0
    row.ticket = ticket
    row.save(update_fields=["ticket"])
    return 1


def _assignee(task: RecurringTask):
    """The task's assignee, if they are still active staff in the task's team."""
    user = task.assignee
    if user is None or not user.is_active or not user.is_staff_member:
        return None
    return user if user.memberships.filter(team_id=task.team_id).exists() else None


def _subject(task: RecurringTask, occurrence: datetime) -> str:
    """The title and the local date, in the desk's default language, e.g. "Check backup
    report – 2 March 2026"."""
    from django.conf import settings

    with override(settings.LANGUAGE_CODE):
        day = formats.date_format(occurrence.astimezone(schedule.desk_zone()), "j F Y")
        return (_("%(title)s – %(date)s") % {"title": task.title, "date": day})[:200]


def recurring_tickets_today(tickets, day_start: datetime, day_end: datetime):
    """The tickets among ``tickets`` made by a recurring task for an occurrence between
    ``day_start`` and ``day_end``."""
    return tickets.filter(
        task_occurrence__occurrence_at__gte=day_start, task_occurrence__occurrence_at__lt=day_end
    )
