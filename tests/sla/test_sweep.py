"""The SLA sweep: warnings and breaches, each acted on once, never on a paused or resolved
clock, and reading only the tickets that are due.

The default policy "Standaard" applies (office hours in Brussels, Mon–Fri 08:00–17:00).
A P2 ticket created Monday 3 March 2025 at 09:00 has its first response due at 10:00,
with the warning (75 %) at 09:45; its resolution (9 h) is due Tuesday 09:00.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.notifications.models import Notification
from loket.sla import services as sla
from loket.sla.models import SlaAction, SlaPolicy
from loket.sla.sweep import sweep
from loket.tickets.models import EventKind, Ticket, TimelineEvent
from loket.tickets.services import add_reply, change_status, create_ticket, resolve_ticket

BRUSSELS = ZoneInfo("Europe/Brussels")
P2 = {"impact": 1, "urgency": 2}
P4 = {"impact": 3, "urgency": 3}
REASON = "Automatic: the SLA target “First response” was breached."


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2025, Brussels time (3 March is a Monday)."""
    return datetime(2025, 3, day, hour, minute, tzinfo=BRUSSELS)


@pytest.fixture
def policy(db):
    return SlaPolicy.objects.get(name="Standaard")


@pytest.fixture
def ticket(anna, sofie, contact_a, teams):
    """Chris's P2 e-mail, with Anna on Eerstelijn (whose lead is Sofie)."""
    return create_ticket(
        acting_user=None,
        subject="Mail server unreachable",
        contact=contact_a,
        channel="email",
        team=teams["first"],
        assignee=anna,
        now=at(3, 9),
        **P2,
    )


def sla_events(ticket, action=None):
    events = TimelineEvent.objects.filter(ticket=ticket, kind=EventKind.SLA)
    if action:
        events = events.filter(data__action=action)
    return list(events.order_by("id"))


def notified(kind):
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


# -- warnings ---------------------------------------------------------------------------------


def test_it_does_nothing_before_the_warning(ticket):
    result = sweep(at(3, 9, 44))
    assert (result.checked, result.warnings, result.breaches) == (0, 0, 0)
    assert sla_events(ticket) == []


def test_it_warns_once_at_75_percent(ticket, anna):
    assert ticket.sla_next_check_at == at(3, 9, 45)
    result = sweep(at(3, 9, 46))
    assert (result.checked, result.warnings, result.breaches) == (1, 1, 0)
    (event,) = sla_events(ticket)
    assert event.data["target"] == "first_response"
    assert event.data["action"] == "warning"
    assert event.data["cycle"] == 0
    assert datetime.fromisoformat(event.data["due_at"]) == at(3, 10)
    assert event.author is None
    assert notified("sla_warning") == ["anna"]
    note = Notification.objects.get(kind="sla_warning")
    assert note.ticket == ticket
    assert note.data["number"] == ticket.number
    assert note.data["target"] == "first_response"

    again = sweep(at(3, 9, 50))
    assert (again.checked, again.warnings, again.breaches) == (0, 0, 0)
    assert len(sla_events(ticket)) == 1
    assert Notification.objects.count() == 1
    ticket.refresh_from_db()
    # The breach is next: the first working second past the due moment.
    assert ticket.sla_next_check_at == at(3, 10) + timedelta(seconds=1)


def test_a_warning_goes_to_the_team_when_nobody_is_assigned(anna, sofie, sam, teams):
    unassigned = create_ticket(
        acting_user=None,
        subject="Printer",
        channel="email",
        team=teams["first"],
        now=at(3, 9),
        **P2,
    )
    sweep(at(3, 9, 46))
    assert notified("sla_warning") == ["anna", "sofie"]
    assert sla_events(unassigned, "warning")


def test_a_policy_without_a_warning_percentage_only_acts_on_breaches(ticket, policy):
    policy.warning_percent = None
    policy.save()
    # The snapshot still said 09:45 (it is recomputed in the background): the ticket is
    # read, nothing is done, and its next check moves to the breach.
    result = sweep(at(3, 9, 50))
    assert (result.warnings, result.breaches) == (0, 0)
    ticket.refresh_from_db()
    assert ticket.sla_next_check_at == at(3, 10) + timedelta(seconds=1)
    result = sweep(at(3, 10, 1))
    assert (result.warnings, result.breaches) == (0, 1)
    assert [e.data["action"] for e in sla_events(ticket)] == ["breach"]


# -- breaches ---------------------------------------------------------------------------------


def test_a_breach_escalates_to_the_policy_team_once(ticket, policy, teams, anna, sofie, sam):
    policy.escalate_to = teams["second"]
    policy.save()
    result = sweep(at(3, 10, 5))
    assert (result.breaches, result.escalations) == (1, 1)
    # The warning and the breach came due together: only the breach is acted on.
    assert result.warnings == 0
    (breach,) = sla_events(ticket)
    assert breach.data["action"] == "breach"
    assert breach.data["escalated_to"] == "Werkplek 2de lijn"
    assert breach.data["priority_raised"] is False

    escalation = TimelineEvent.objects.get(ticket=ticket, kind=EventKind.ESCALATION)
    assert escalation.author is None
    assert escalation.data["reason"] == REASON
    assert escalation.data["to_team"] == "Werkplek 2de lijn"
    assert escalation.data["from_team"] == "Eerstelijn"
    assert escalation.created_at == at(3, 10, 5)
    ticket.refresh_from_db()
    assert ticket.team == teams["second"]
    assert ticket.assignee is None
    # Anna worked it, Sofie leads her team, Sam is on the team it went to.
    assert notified("sla_breach") == ["anna", "sam", "sofie"]
    assert Notification.objects.get(recipient=sam).data["escalated_to"] == "Werkplek 2de lijn"

    again = sweep(at(3, 10, 10))
    assert (again.checked, again.breaches, again.escalations) == (0, 0, 0)
    assert TimelineEvent.objects.filter(ticket=ticket, kind=EventKind.ESCALATION).count() == 1
    assert SlaAction.objects.filter(ticket=ticket).count() == 2  # warning and breach, once each


def test_a_ticket_already_with_the_escalation_team_is_not_escalated_again(
    policy, teams, sam, sofie
):
    policy.escalate_to = teams["second"]
    policy.save()
    ticket = create_ticket(
        acting_user=None, subject="Disk", channel="email", team=teams["second"], now=at(3, 9), **P2
    )
    result = sweep(at(3, 10, 5))
    assert (result.breaches, result.escalations) == (1, 0)
    assert not TimelineEvent.objects.filter(ticket=ticket, kind=EventKind.ESCALATION).exists()
    assert sla_events(ticket, "breach")[0].data["escalated_to"] is None


def test_a_breach_can_raise_the_priority(ticket, policy):
    policy.raise_priority = True
    policy.save()
    sweep(at(3, 10, 5))
    ticket.refresh_from_db()
    assert ticket.priority == "P1"
    change = TimelineEvent.objects.get(ticket=ticket, kind=EventKind.FIELD, data__field="priority")
    assert (change.data["old"], change.data["new"]) == ("P2", "P1")
    assert change.body == REASON
    assert change.author is None
    assert sla_events(ticket, "breach")[0].data["priority_raised"] is True
    # P1 targets count from the start: the first response (30 min, still unanswered) was
    # due at 09:30; the resolution (4 h) is due at 13:00, its warning (3 h) at 12:00.
    assert ticket.sla_due_at == at(3, 9, 30)
    assert ticket.sla_next_check_at == at(3, 12)
    assert sweep(at(3, 12, 1)).warnings == 1


def test_the_supervisor_is_told_of_a_breach_only_when_the_policy_says_so(ticket, policy):
    policy.notify_supervisor = False
    policy.save()
    sweep(at(3, 10, 5))
    assert notified("sla_breach") == ["anna"]


def test_a_team_without_a_lead_falls_back_to_the_supervisors(policy, teams, sofie, bob):
    ticket = create_ticket(
        acting_user=None,
        subject="Badge",
        channel="email",
        team=teams["first_gent"],
        now=at(3, 9),
        **P2,
    )
    sweep(at(3, 10, 5))
    assert sla_events(ticket, "breach")
    assert notified("sla_breach") == ["bob", "sofie"]


# -- paused, resolved, nothing due ------------------------------------------------------------


def test_nothing_happens_on_a_paused_clock(ticket, anna, chris):
    change_status(ticket, to="waiting_customer", acting_user=anna, version=None, now=at(3, 9, 30))
    ticket.refresh_from_db()
    assert ticket.sla_paused
    assert ticket.sla_next_check_at is None
    assert sweep(at(4, 12)).checked == 0
    assert SlaAction.objects.count() == 0
    # Chris answers at 13:00: 30 min were used, the warning comes 15 min later.
    add_reply(ticket, body="Here is the log.", acting_user=chris, now=at(4, 13))
    ticket.refresh_from_db()
    assert not ticket.sla_paused
    assert ticket.sla_next_check_at == at(4, 13, 15)
    assert sweep(at(4, 13, 16)).warnings == 1


def test_nothing_happens_on_a_resolved_ticket(ticket, anna, resolution_code):
    resolve_ticket(
        ticket,
        resolution="Restarted the service.",
        code=resolution_code,
        acting_user=anna,
        version=None,
        now=at(3, 9, 30),
    )
    ticket.refresh_from_db()
    assert ticket.sla_next_check_at is None
    result = sweep(at(10, 12))
    assert (result.checked, result.warnings, result.breaches) == (0, 0, 0)
    assert sla_events(ticket) == []


def test_running_the_sweep_twice_does_nothing_the_second_time(ticket, policy, teams):
    policy.escalate_to = teams["second"]
    policy.raise_priority = True
    policy.save()
    first = sweep(at(4, 12))  # both targets overdue
    assert (first.breaches, first.escalations) == (2, 1)
    counts = (
        TimelineEvent.objects.count(),
        Notification.objects.count(),
        SlaAction.objects.count(),
    )
    second = sweep(at(4, 12))
    assert (second.checked, second.warnings, second.breaches, second.escalations) == (0, 0, 0, 0)
    assert counts == (
        TimelineEvent.objects.count(),
        Notification.objects.count(),
        SlaAction.objects.count(),
    )


def _not_due(count, teams):
    for n in range(count):
        create_ticket(
            acting_user=None,
            subject=f"Question {n}",
            channel="email",
            team=teams["first"],
            now=at(3, 9),
            **P4,
        )


def _queries_of_a_sweep(moment):
    with CaptureQueriesContext(connection) as queries:
        result = sweep(moment)
    return result, len(queries)


def test_a_sweep_with_nothing_due_costs_one_query_however_many_tickets(teams):
    _not_due(3, teams)
    result, few = _queries_of_a_sweep(at(3, 9, 30))
    assert result.checked == 0
    _not_due(30, teams)
    result, many = _queries_of_a_sweep(at(3, 9, 30))
    assert result.checked == 0
    assert few == many == 1


def test_a_sweep_reads_only_the_due_tickets(teams, anna):
    _not_due(5, teams)
    due = create_ticket(
        acting_user=None, subject="Due", channel="email", team=teams["first"], now=at(3, 9), **P2
    )
    result, few = _queries_of_a_sweep(at(3, 9, 46))
    assert result.checked == 1
    assert sla_events(due, "warning")
    # Another due ticket among many more that are not: the same work per due ticket.
    _not_due(40, teams)
    create_ticket(
        acting_user=None, subject="Due", channel="email", team=teams["first"], now=at(3, 9), **P2
    )
    result, many = _queries_of_a_sweep(at(3, 9, 47))
    assert result.checked == 1
    assert many == few


# -- next-response cycles ---------------------------------------------------------------------


def test_each_next_response_cycle_warns_and_breaches_on_its_own(anna, chris, contact_a, teams):
    # Anna takes Chris's call: first response at once. Next response (P2): 4 h.
    ticket = create_ticket(
        acting_user=anna,
        subject="Laptop will not boot",
        contact=contact_a,
        channel="phone",
        team=teams["first"],
        assignee=anna,
        now=at(3, 9),
        **P2,
    )
    add_reply(ticket, body="It still does not start.", acting_user=chris, now=at(3, 10))
    assert sweep(at(3, 13, 1)).warnings == 1  # 3 h of 4 used
    assert sweep(at(3, 14, 1)).breaches == 1
    add_reply(ticket, body="Bring it over.", acting_user=anna, now=at(3, 14, 30))
    add_reply(ticket, body="On my way.", acting_user=chris, now=at(3, 15))
    # Cycle 2: Monday 15:00–17:00 and Tuesday 08:00–10:00; warning after 3 h, at 09:00.
    cycle = sla.clock_for(ticket, at(3, 15, 1)).target("next_response")
    assert (cycle.cycle, cycle.warn_at, cycle.due_at) == (
        2,
        at(4, 9).timestamp(),
        at(4, 10).timestamp(),
    )
    sweep(at(4, 9, 1))
    sweep(at(4, 10, 1))
    cycles = [
        (e.data["cycle"], e.data["action"])
        for e in sla_events(ticket)
        if e.data["target"] == "next_response"
    ]
    assert cycles == [(1, "warning"), (1, "breach"), (2, "warning"), (2, "breach")]
    assert set(
        SlaAction.objects.filter(ticket=ticket, target="next_response").values_list("cycle", "kind")
    ) == {(1, "warning"), (1, "breach"), (2, "warning"), (2, "breach")}


def test_the_snapshot_follows_the_clock(ticket):
    """What the queue sorts and filters on: due, warning, next check, paused, breached."""
    assert ticket.sla_policy.name == "Standaard"
    assert (ticket.sla_due_at, ticket.sla_warn_at) == (at(3, 10), at(3, 9, 45))
    assert (ticket.sla_paused, ticket.sla_breached) == (False, False)
    assert ticket.sla_first_response_met is None
    sweep(at(3, 10, 5))
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.sla_breached
    assert ticket.sla_first_response_met is False
    # What is left to watch: the resolution's warning (6 h 45 min of 9 h) at 15:45.
    assert ticket.sla_next_check_at == at(3, 15, 45)


def test_a_target_reached_at_closing_time_is_missed_only_when_work_resumes(anna, teams):
    # First response (P2: 1 h) from Friday 16:00 is due at 17:00, the end of the week's
    # working time. Over the weekend it is due, not missed: no working second has passed.
    friday = create_ticket(
        acting_user=None,
        subject="VPN down",
        channel="email",
        team=teams["first"],
        now=at(7, 16),
        **P2,
    )
    saturday = sweep(at(8, 12))
    assert (saturday.warnings, saturday.breaches) == (1, 0)
    friday.refresh_from_db()
    assert friday.sla_due_at == at(7, 17)
    assert not friday.sla_breached
    assert friday.sla_next_check_at == at(10, 8) + timedelta(seconds=1)
    monday = sweep(at(10, 8, 1))
    assert monday.breaches == 1
    friday.refresh_from_db()
    assert friday.sla_breached
