"""Two workers sweeping at the same moment act on each breached ticket exactly once.

PostgreSQL only: each worker locks the due tickets it takes (``FOR UPDATE SKIP LOCKED``)
and records every action under a unique constraint. SQLite serialises writers, so there is
no race to exercise there.
"""

import threading
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from loket.accounts.models import Role, Team, TeamKind
from loket.accounts.services import add_to_team, create_user
from loket.notifications.models import Notification
from loket.sla.models import SlaAction, SlaPolicy
from loket.sla.sweep import sweep
from loket.tickets.models import EventKind, Ticket, TimelineEvent
from loket.tickets.services import create_ticket

BRUSSELS = ZoneInfo("Europe/Brussels")
TICKETS = 40
WORKERS = 2
NOW = datetime(2025, 3, 31, 12, tzinfo=BRUSSELS)  # a Monday, a month after the tickets


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_sweeping_together_escalate_each_breached_ticket_once(default_policy):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the row locks are exercised on PostgreSQL")
    first = Team.objects.create(name="Eerstelijn", kind=TeamKind.FIRST_LINE)
    second = Team.objects.create(name="Werkplek 2de lijn", kind=TeamKind.SECOND_LINE)
    anna = create_user(username="anna", role=Role.AGENT, password="pw")
    add_to_team(anna, first)
    sam = create_user(username="sam", role=Role.SPECIALIST, password="pw")
    add_to_team(sam, second)
    policy = SlaPolicy.objects.get(name="Standaard")
    policy.escalate_to = second
    policy.raise_priority = True
    policy.save()
    tickets = [
        create_ticket(
            acting_user=None,
            subject=f"Overdue {n}",
            channel="email",
            team=first,
            assignee=anna,
            impact=3,
            urgency=3,  # P4: both breaches raise it one step, to P2
            now=datetime(2025, 3, 3, 9, tzinfo=BRUSSELS) + timedelta(minutes=n),
        )
        for n in range(TICKETS)
    ]

    start = threading.Barrier(WORKERS)
    results = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            start.wait()
            result = sweep(NOW, batch=5)  # small batches: the workers meet on every one
            with lock:
                results.append(result)
        except BaseException as exc:  # re-raised in the main thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(r.escalations for r in results) == TICKETS
    assert sum(r.breaches for r in results) == 2 * TICKETS  # first response and resolution
    assert sum(r.checked for r in results) == TICKETS

    ids = [t.pk for t in tickets]
    escalations = Counter(
        TimelineEvent.objects.filter(ticket_id__in=ids, kind=EventKind.ESCALATION).values_list(
            "ticket_id", flat=True
        )
    )
    assert escalations == dict.fromkeys(ids, 1)
    breaches = Counter(
        TimelineEvent.objects.filter(
            ticket_id__in=ids, kind=EventKind.SLA, data__action="breach"
        ).values_list("ticket_id", "data__target")
    )
    assert set(breaches.values()) == {1}
    assert len(breaches) == 2 * TICKETS
    actions = Counter(
        SlaAction.objects.filter(ticket_id__in=ids).values_list("ticket_id", "target", "kind")
    )
    assert set(actions.values()) == {1}
    assert len(actions) == 4 * TICKETS  # warning and breach of both targets, once each
    raises = Counter(
        TimelineEvent.objects.filter(
            ticket_id__in=ids, kind=EventKind.FIELD, data__field="priority"
        ).values_list("ticket_id", flat=True)
    )
    assert raises == dict.fromkeys(ids, 2)
    assert set(Ticket.objects.filter(pk__in=ids).values_list("priority", "team")) == {
        ("P2", second.pk)
    }
    # Each breach is told once: the first to Anna and to Sam (the ticket went to his
    # team), the second to Sam, who now has it.
    told = Counter(
        Notification.objects.filter(kind="sla_breach").values_list("ticket_id", "recipient_id")
    )
    assert told == {
        **{(pk, anna.pk): 1 for pk in ids},
        **{(pk, sam.pk): 2 for pk in ids},
    }

    # And a later sweep finds nothing left to do.
    again = sweep(NOW)
    assert (again.checked, again.breaches, again.escalations) == (0, 0, 0)
