"""The stored snapshot follows what the clock depends on: contracts, policies, targets,
calendars, categories and priorities; ``loket sla-recompute`` rewrites it on demand.

Configuration changes recompute open tickets in a background task after the commit (the
test settings run tasks at once; the commit callbacks are run explicitly here).
"""

from contextlib import suppress
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from loket.directory.models import Contract
from loket.sla import services as sla
from loket.sla.models import Calendar, ClosureDay, SlaPolicy, SlaTarget
from loket.tickets.models import Ticket
from loket.tickets.services import (
    CallLog,
    create_ticket,
    log_call,
    reopen_ticket,
    resolve_ticket,
    update_ticket,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
P2 = {"impact": 1, "urgency": 2}


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A moment in 2025, Brussels time (3 March is a Monday)."""
    return datetime(2025, month, day, hour, minute, tzinfo=BRUSSELS)


@pytest.fixture
def standard(db):
    return SlaPolicy.objects.get(name="Standaard")


@pytest.fixture
def premium(db):
    """Premium contracts: 24/7, a P2 answered within 15 minutes."""
    policy = SlaPolicy.objects.create(
        name="Premium",
        position=10,
        calendar=Calendar.objects.get(name="24/7"),
        service_levels=["premium"],
    )
    SlaTarget.objects.create(
        policy=policy, priority="P2", first_response_minutes=15, resolution_minutes=4 * 60
    )
    return policy


@pytest.fixture
def ticket(contact_a, teams, anna):
    """Chris's P2 e-mail of Monday 3 March 2025, 09:00: first response due 10:00."""
    return create_ticket(
        acting_user=None,
        subject="Invoices do not print",
        contact=contact_a,
        channel="email",
        team=teams["first"],
        assignee=anna,
        now=at(3, 9),
        **P2,
    )


def fresh(ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def test_a_premium_contract_moves_the_organisations_tickets_to_the_premium_policy(
    ticket, org_a, premium, django_capture_on_commit_callbacks
):
    assert fresh(ticket).sla_policy.name == "Standaard"
    with django_capture_on_commit_callbacks(execute=True):
        contract = Contract.objects.create(
            organisation=org_a,
            name="Premium 2025",
            service_level="premium",
            valid_from=date(2025, 1, 1),
        )
    assert fresh(ticket).sla_policy == premium
    assert fresh(ticket).sla_due_at == at(3, 9, 15)
    # Back to the standard service level: back to the standard policy.
    with django_capture_on_commit_callbacks(execute=True):
        contract.service_level = "standard"
        contract.save()
    assert fresh(ticket).sla_policy.name == "Standaard"
    assert fresh(ticket).sla_due_at == at(3, 10)


def test_another_organisations_contract_leaves_the_ticket_alone(
    ticket, org_b, premium, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Contract.objects.create(
            organisation=org_b,
            name="Premium B",
            service_level="premium",
            valid_from=date(2025, 1, 1),
        )
    assert callbacks == []  # org B has no open tickets: nothing to recompute
    assert fresh(ticket).sla_policy.name == "Standaard"


def test_a_contract_that_ended_no_longer_counts(
    ticket, org_a, premium, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Contract.objects.create(
            organisation=org_a,
            name="Premium 2024",
            service_level="premium",
            valid_from=date(2024, 1, 1),
            valid_until=date(2024, 12, 31),
        )
    assert fresh(ticket).sla_policy.name == "Standaard"


def test_changing_a_target_recomputes_open_tickets(
    ticket, standard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        target = standard.targets.get(priority="P2")
        target.first_response_minutes = 120
        target.save()
    assert fresh(ticket).sla_due_at == at(3, 11)
    assert fresh(ticket).sla_next_check_at == at(3, 10, 30)  # 75 % of 2 h


def test_changing_the_policys_warning_percentage_moves_the_next_check(
    ticket, standard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        standard.warning_percent = 50
        standard.save()
    assert fresh(ticket).sla_next_check_at == at(3, 9, 30)


def test_a_new_closure_day_moves_the_due_time(
    contact_a, teams, standard, django_capture_on_commit_callbacks
):
    friday = create_ticket(
        acting_user=None, subject="VPN", contact=contact_a, channel="email", now=at(7, 16, 30), **P2
    )
    assert fresh(friday).sla_due_at == at(10, 8, 30)
    with django_capture_on_commit_callbacks(execute=True):
        ClosureDay.objects.create(
            calendar=standard.calendar, date=date(2025, 3, 10), name="Team day"
        )
    assert fresh(friday).sla_due_at == at(11, 8, 30)


def test_deactivating_the_only_policy_clears_the_snapshot(
    ticket, standard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        standard.is_active = False
        standard.save()
    ticket = fresh(ticket)
    assert ticket.sla_policy is None
    assert (ticket.sla_due_at, ticket.sla_warn_at, ticket.sla_next_check_at) == (None, None, None)


def test_one_recompute_per_transaction_however_many_rows_change(
    standard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        for target in standard.targets.all():
            target.resolution_minutes += 60
            target.save()
    assert len(callbacks) == 1


def test_a_policy_for_a_category_applies_to_its_subcategories(
    ticket, anna, categories, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hardware = SlaPolicy.objects.create(
            name="Hardware", position=20, calendar=Calendar.objects.get(name="24/7")
        )
        hardware.categories.add(categories["hardware"])
        SlaTarget.objects.create(policy=hardware, priority="P2", first_response_minutes=30)
    assert fresh(ticket).sla_policy.name == "Standaard"
    # Reclassifying the ticket as a printing problem (under hardware) changes its policy.
    update_ticket(
        ticket, acting_user=anna, version=None, category=categories["printing"], now=at(3, 9, 5)
    )
    assert fresh(ticket).sla_policy == hardware
    assert fresh(ticket).sla_due_at == at(3, 9, 30)


def test_a_priority_without_a_target_gets_no_clock(ticket, anna, standard):
    standard.targets.filter(priority="P1").delete()
    update_ticket(ticket, acting_user=anna, version=None, urgency=1, now=at(3, 9, 10))
    ticket = fresh(ticket)
    assert ticket.priority == "P1"
    assert ticket.sla_policy is None
    assert ticket.sla_due_at is None


def test_a_higher_priority_takes_effect_at_once(ticket, anna):
    update_ticket(ticket, acting_user=anna, version=None, urgency=1, now=at(3, 9, 10))
    ticket = fresh(ticket)
    assert ticket.priority == "P1"
    assert ticket.sla_due_at == at(3, 9, 30)  # 30 min from creation, not from the change


def test_resolving_and_reopening_stop_and_resume_the_snapshot(ticket, anna, resolution_code):
    resolve_ticket(
        ticket,
        resolution="Driver updated.",
        code=resolution_code,
        acting_user=anna,
        version=None,
        now=at(3, 9, 30),
    )
    ticket = fresh(ticket)
    assert (ticket.sla_due_at, ticket.sla_next_check_at) == (None, None)
    assert ticket.sla_resolution_met is True
    assert ticket.sla_first_response_met is True
    reopen_ticket(ticket, acting_user=anna, version=None, now=at(4, 9))
    ticket = fresh(ticket)
    # 30 min of the 9 h were used on Monday; 8 h 30 min from Tuesday 09:00 ends 17:30,
    # past closing, so Wednesday 08:30.
    assert ticket.sla_due_at == at(5, 8, 30)
    assert ticket.sla_resolution_met is None


def test_recompute_leaves_resolved_tickets_alone(ticket, anna, resolution_code, standard):
    resolve_ticket(
        ticket,
        resolution="Done.",
        code=resolution_code,
        acting_user=anna,
        version=None,
        now=at(3, 9, 30),
    )
    Ticket.objects.filter(pk=ticket.pk).update(sla_resolution_met=None)
    assert sla.recompute() == 0
    assert fresh(ticket).sla_resolution_met is None


def test_the_sla_recompute_command_rewrites_stale_snapshots(ticket):
    # A bulk import wrote tickets without going through the services.
    Ticket.objects.filter(pk=ticket.pk).update(sla_due_at=None, sla_next_check_at=None)
    out = StringIO()
    call_command("sla_recompute", stdout=out)
    assert out.getvalue().strip() == "1 tickets updated"
    assert fresh(ticket).sla_due_at == at(3, 10)
    out = StringIO()
    call_command("sla_recompute", stdout=out)
    assert out.getvalue().strip() == "0 tickets updated"


def test_recompute_works_in_batches(contact_a, monkeypatch):
    tickets = [
        create_ticket(acting_user=None, subject=f"T{n}", channel="email", now=at(3, 9), **P2)
        for n in range(7)
    ]
    Ticket.objects.update(sla_due_at=None)
    assert sla.recompute([t.pk for t in tickets[:5]]) == 5
    assert Ticket.objects.filter(sla_due_at=None).count() == 2
    assert sla.recompute() == 2


def test_a_rolled_back_configuration_change_does_not_stick_in_the_cache(standard):
    """Every process caches the compiled configuration by revision: a change that was
    rolled back must not share its revision with the next one."""
    target = standard.targets.get(priority="P2")
    with suppress(RuntimeError), transaction.atomic():
        target.first_response_minutes = 5
        target.save()
        assert sla.config().by_id(standard.pk).targets["P2"]["first_response"] == 5 * 60
        raise RuntimeError("the admin's transaction fails after the save")
    target.refresh_from_db()
    target.first_response_minutes = 120
    target.save()
    assert sla.config().by_id(standard.pk).targets["P2"]["first_response"] == 120 * 60


def test_the_compiled_configuration_follows_each_change(standard):
    assert sla.config().by_id(standard.pk).targets["P2"]["first_response"] == 60 * 60
    target = standard.targets.get(priority="P2")
    target.first_response_minutes = 90
    target.save()
    assert sla.config().by_id(standard.pk).targets["P2"]["first_response"] == 90 * 60


def test_a_call_staff_log_is_the_first_response(contact_a, teams, anna, standard):
    # log_call stamps the snapshot with the current time, so this timeline is recent
    # and counted on the 24/7 calendar.
    standard.calendar = Calendar.objects.get(name="24/7")
    standard.save()
    now = timezone.now()
    ticket = create_ticket(
        acting_user=None,
        subject="Cannot log in",
        contact=contact_a,
        channel="email",
        team=teams["first"],
        now=now - timedelta(minutes=20),
        **P2,
    )
    assert fresh(ticket).sla_due_at == ticket.created_at + timedelta(hours=1)
    call = CallLog(
        direction="out",
        started=now - timedelta(minutes=15),
        answered=now - timedelta(minutes=14),
        ended=now - timedelta(minutes=10),
    )
    log_call(ticket, call=call, acting_user=anna)
    ticket = fresh(ticket)
    assert ticket.sla_first_response_met is True
    assert ticket.sla_due_at == ticket.created_at + timedelta(hours=9)  # the resolution
