"""Turning due recurring-task occurrences into tickets (run by the worker every round).

Exactly once per occurrence, however many workers run: a worker takes a due task under a
row lock (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so a second worker passes it by;
SQLite serialises writers) and writes the unique ``TaskOccurrence`` row *before* the
ticket, in the same transaction. Should two workers still meet on one occurrence, the
unique constraint lets one of them through.

Catch-up rule: after the worker was down, each task makes up at most
``CATCH_UP_LIMIT`` missed occurrences — the most recent ones — and the log says how many
older ones it skipped. A task that was paused, or whose schedule changed, starts again
from the next occurrence (see ``services.update_recurring_task``).
"""

import logging
from collections import deque
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from loket.core.errors import ServiceError
from loket.planning import schedule
from loket.planning.models import RecurringTask, TaskOccurrence
from loket.tickets.models import Channel

logger = logging.getLogger(__name__)

CATCH_UP_LIMIT = 3


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
