"""Recurring tasks make one ticket per occurrence, at the local wall-clock time."""

import logging
import threading
from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from loket.accounts.models import Role, Team, TeamKind
from loket.accounts.services import add_to_team, create_user
from loket.core.errors import InvalidInput
from loket.planning import periodic, schedule
from loket.planning.models import Frequency, RecurringTask, TaskOccurrence
from loket.planning.recurring import (
    CATCH_UP_LIMIT,
    create_due_occurrences,
    create_recurring_task,
    update_recurring_task,
)
from loket.tickets.models import Channel, Ticket

BRUSSELS = ZoneInfo("Europe/Brussels")
MONDAY = datetime(2026, 3, 2, 7, 0, tzinfo=BRUSSELS)  # a Monday, before 08:00


def weekly(acting_user, team, *, now=MONDAY, **fields):
    fields = {
        "title": "Check backup report",
        "frequency": Frequency.WEEKLY,
        "weekdays": [1],
        "time_of_day": time(8, 0),
        "start_date": date(2026, 1, 1),
        **fields,
    }
    return create_recurring_task(acting_user=acting_user, now=now, team=team, **fields)


@pytest.mark.django_db
def test_the_next_occurrence_is_the_first_one_from_now(sofie, teams):
    task = weekly(sofie, teams["first"])
    assert task.next_occurrence_at == datetime(2026, 3, 2, 8, 0, tzinfo=BRUSSELS)


@pytest.mark.django_db
def test_each_occurrence_makes_one_ticket_over_repeated_runs(sofie, anna, teams):
    task = weekly(sofie, teams["first"], assignee=anna)
    at_eight = datetime(2026, 3, 2, 8, 0, tzinfo=BRUSSELS)
    assert create_due_occurrences(now=at_eight - timedelta(minutes=1)) == 0
    assert periodic.run(now=at_eight)["recurring_tickets"] == 1
    assert periodic.run(now=at_eight + timedelta(minutes=1))["recurring_tickets"] == 0
    assert periodic.run(now=at_eight + timedelta(hours=5))["recurring_tickets"] == 0
    ticket = Ticket.objects.get()
    assert ticket.subject.startswith("Check backup report")
    assert ticket.channel == Channel.API
    assert ticket.created_by is None
    assert (ticket.team, ticket.assignee) == (teams["first"], anna)
    assert ticket.task_occurrence.occurrence_at == at_eight
    task.refresh_from_db()
    assert task.last_occurrence_at == at_eight
    assert task.next_occurrence_at == datetime(2026, 3, 9, 8, 0, tzinfo=BRUSSELS)


@pytest.mark.django_db
def test_monday_eight_stays_eight_local_across_the_dst_change(sofie, teams):
    weekly(sofie, teams["first"], now=datetime(2026, 3, 23, 9, tzinfo=BRUSSELS))
    # Summer time starts on Sunday 29 March 2026: 08:00 local is 07:00 UTC before, 06:00 after.
    for day in (30, 6):
        month = 3 if day == 30 else 4
        moment = datetime(2026, month, day, 8, 0, tzinfo=BRUSSELS)
        assert create_due_occurrences(now=moment) == 1
    utc_hours = sorted(
        o.occurrence_at.astimezone(ZoneInfo("UTC")).hour for o in TaskOccurrence.objects.all()
    )
    local_hours = {o.occurrence_at.astimezone(BRUSSELS).hour for o in TaskOccurrence.objects.all()}
    assert local_hours == {8}
    assert utc_hours == [6, 6]  # both summer time; the week before the change was 07:00 UTC
    task = RecurringTask.objects.get()
    before = schedule.at_local(task, date(2026, 3, 23))
    assert before.astimezone(ZoneInfo("UTC")).hour == 7


@pytest.mark.django_db
def test_monthly_on_the_31st_uses_the_last_day_of_short_months(sofie, teams):
    task = create_recurring_task(
        acting_user=sofie,
        now=datetime(2026, 2, 1, tzinfo=BRUSSELS),
        title="Licence review",
        team=teams["first"],
        frequency=Frequency.MONTHLY,
        day_of_month=31,
        time_of_day=time(9, 0),
        start_date=date(2026, 1, 1),
    )
    assert schedule.upcoming(task, datetime(2026, 2, 1, tzinfo=BRUSSELS), 3) == [
        datetime(2026, 2, 28, 9, tzinfo=BRUSSELS),
        datetime(2026, 3, 31, 9, tzinfo=BRUSSELS),
        datetime(2026, 4, 30, 9, tzinfo=BRUSSELS),
    ]


@pytest.mark.django_db
def test_every_n_days_counts_from_the_start_date(sofie, teams):
    task = create_recurring_task(
        acting_user=sofie,
        now=datetime(2026, 3, 1, tzinfo=BRUSSELS),
        title="Toner round",
        team=teams["first"],
        frequency=Frequency.EVERY_N_DAYS,
        interval_days=10,
        time_of_day=time(14, 0),
        start_date=date(2026, 3, 5),
    )
    assert [d.date() for d in schedule.upcoming(task, datetime(2026, 3, 1, tzinfo=BRUSSELS))] == [
        date(2026, 3, 5),
        date(2026, 3, 15),
        date(2026, 3, 25),
    ]


@pytest.mark.django_db
def test_after_a_long_outage_only_the_latest_occurrences_are_made_up(sofie, teams, caplog):
    weekly(sofie, teams["first"])
    ten_weeks_later = datetime(2026, 5, 4, 12, 0, tzinfo=BRUSSELS)  # 10 Mondays since 2 March
    with caplog.at_level(logging.WARNING, logger="loket.planning.recurring"):
        assert create_due_occurrences(now=ten_weeks_later) == CATCH_UP_LIMIT
    made = sorted(o.occurrence_at for o in TaskOccurrence.objects.all())
    assert made[-1] == datetime(2026, 5, 4, 8, 0, tzinfo=BRUSSELS)
    assert len(made) == CATCH_UP_LIMIT
    assert "missed occurrence(s) skipped" in caplog.text
    assert create_due_occurrences(now=ten_weeks_later) == 0


@pytest.mark.django_db
def test_a_paused_task_makes_no_tickets_and_resumes_from_now(sofie, teams):
    task = weekly(sofie, teams["first"])
    update_recurring_task(task, acting_user=sofie, now=MONDAY, is_active=False)
    assert create_due_occurrences(now=MONDAY + timedelta(days=14)) == 0
    task = update_recurring_task(
        task, acting_user=sofie, now=MONDAY + timedelta(days=14), is_active=True
    )
    assert task.next_occurrence_at == datetime(2026, 3, 16, 8, 0, tzinfo=BRUSSELS)
    assert create_due_occurrences(now=MONDAY + timedelta(days=14, hours=2)) == 1


@pytest.mark.django_db
def test_agents_cannot_manage_recurring_tasks(anna, teams):
    with pytest.raises(PermissionDenied):
        weekly(anna, teams["first"])


@pytest.mark.django_db
def test_a_weekly_task_needs_a_weekday(sofie, teams):
    with pytest.raises(InvalidInput) as caught:
        weekly(sofie, teams["first"], weekdays=[])
    assert caught.value.code == "weekdays_required"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_make_each_occurrence_once(default_policy):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the row locks are exercised on PostgreSQL")
    team = Team.objects.create(name="Eerstelijn", kind=TeamKind.FIRST_LINE)
    sofie = create_user(username="sofie", role=Role.SUPERVISOR, password="pw")
    add_to_team(sofie, team, is_lead=True)
    tasks = [
        weekly(sofie, team, title=f"Task {n}", now=MONDAY - timedelta(days=7)) for n in range(12)
    ]
    now = datetime(2026, 3, 2, 9, 0, tzinfo=BRUSSELS)  # two Mondays due for each task
    start = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait()
            results.append(create_due_occurrences(now=now))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(results) == 2 * len(tasks)
    per_task = Counter(TaskOccurrence.objects.values_list("task_id", flat=True))
    assert per_task == {task.pk: 2 for task in tasks}
    assert Ticket.objects.count() == 2 * len(tasks)
    assert TaskOccurrence.objects.filter(ticket__isnull=True).count() == 0
