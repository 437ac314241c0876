"""The status workflow: every allowed move works, every other one is refused."""

from datetime import UTC, datetime, timedelta

import pytest

from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.tickets import workflow
from loket.tickets.models import EventKind, ResolutionCode, Status, Ticket
from loket.tickets.services import (
    change_status,
    close_ticket,
    reopen_ticket,
    resolve_ticket,
)

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
T1 = T0 + timedelta(hours=1)
T2 = T0 + timedelta(hours=2)

ALLOWED = [(old, new) for old, targets in workflow.TRANSITIONS.items() for new in sorted(targets)]
FORBIDDEN = [
    (old, new)
    for old in Status.values
    for new in Status.values
    if old != new and new not in workflow.TRANSITIONS[old]
]
WORKING = (Status.OPEN, Status.WAITING_CUSTOMER, Status.WAITING_THIRD_PARTY)


@pytest.fixture
def ticket(make_ticket, anna, teams):
    return make_ticket(anna, team=teams["first"], now=T0)


def bring_to(ticket: Ticket, status: str, user, code: ResolutionCode) -> Ticket:
    """Walk a new ticket to ``status`` through the services."""
    if status in WORKING:
        return change_status(ticket, to=status, acting_user=user, version=ticket.version, now=T0)
    if status in (Status.RESOLVED, Status.CLOSED):
        ticket = resolve_ticket(
            ticket, resolution="Fixed", code=code, acting_user=user, version=ticket.version, now=T0
        )
    if status == Status.CLOSED:
        ticket = close_ticket(ticket, acting_user=user, version=ticket.version, now=T0)
    return ticket


def move(ticket: Ticket, to: str, user, code: ResolutionCode) -> Ticket:
    """Make the move with the service meant for it."""
    if ticket.status in (Status.RESOLVED, Status.CLOSED) and to == Status.OPEN:
        return reopen_ticket(ticket, acting_user=user, version=ticket.version, now=T1)
    if to == Status.RESOLVED:
        return resolve_ticket(
            ticket, resolution="Fixed", code=code, acting_user=user, version=ticket.version, now=T1
        )
    if to == Status.CLOSED:
        return close_ticket(ticket, acting_user=user, version=ticket.version, now=T1)
    return change_status(ticket, to=to, acting_user=user, version=ticket.version, now=T1)


def status_events(ticket: Ticket):
    return list(ticket.events.filter(kind=EventKind.STATUS).values_list("data", flat=True))


@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_allowed_transition_changes_status_and_logs_it(ticket, anna, resolution_code, old, new):
    ticket = bring_to(ticket, old, anna, resolution_code)
    version = ticket.version

    moved = move(ticket, new, anna, resolution_code)

    moved.refresh_from_db()
    assert moved.status == new
    assert moved.version == version + 1
    last = moved.events.filter(kind=EventKind.STATUS).last()
    assert last.data == {"field": "status", "old": old, "new": new}
    assert last.author == anna
    assert last.is_public
    assert last.created_at == T1


@pytest.mark.parametrize(("old", "new"), FORBIDDEN)
def test_forbidden_transition_is_refused_by_every_service(ticket, anna, resolution_code, old, new):
    ticket = bring_to(ticket, old, anna, resolution_code)
    before = (ticket.version, status_events(ticket))
    attempts = [
        lambda: change_status(ticket, to=new, acting_user=anna, version=ticket.version),
    ]
    if new == Status.RESOLVED:
        attempts.append(
            lambda: resolve_ticket(
                ticket, resolution="x", code=resolution_code, acting_user=anna, version=None
            )
        )
    if new == Status.CLOSED:
        attempts.append(lambda: close_ticket(ticket, acting_user=anna, version=None))
    if new == Status.OPEN:
        attempts.append(lambda: reopen_ticket(ticket, acting_user=anna, version=None))

    for attempt in attempts:
        with pytest.raises(TransitionNotAllowed):
            attempt()

    ticket.refresh_from_db()
    assert ticket.status == old
    assert (ticket.version, status_events(ticket)) == before


def test_nothing_leads_back_to_new():
    assert all(Status.NEW not in targets for targets in workflow.TRANSITIONS.values())


def test_every_status_has_a_row_in_the_table():
    assert set(workflow.TRANSITIONS) == set(Status.values)


@pytest.mark.parametrize("status", Status.values)
def test_next_statuses_offers_only_plain_changes(status):
    offered = workflow.next_statuses(status)

    if status in (Status.RESOLVED, Status.CLOSED):
        assert offered == []
    else:
        assert set(offered) == set(workflow.TRANSITIONS[status]) - set(workflow.DEDICATED)


@pytest.mark.parametrize("to", [Status.RESOLVED, Status.CLOSED])
def test_change_status_points_to_the_dedicated_action(ticket, anna, to):
    with pytest.raises(TransitionNotAllowed) as excinfo:
        change_status(ticket, to=to, acting_user=anna, version=ticket.version)

    assert str(excinfo.value)


def test_unknown_status_is_refused(ticket, anna):
    with pytest.raises(InvalidInput) as excinfo:
        change_status(ticket, to="sleeping", acting_user=anna, version=ticket.version)

    assert excinfo.value.code == "bad_status"


def test_changing_to_the_same_status_writes_nothing(ticket, anna):
    ticket = change_status(ticket, to=Status.OPEN, acting_user=anna, version=ticket.version)
    version, events = ticket.version, ticket.events.count()

    again = change_status(ticket, to=Status.OPEN, acting_user=anna, version=ticket.version)

    assert again.version == version
    assert ticket.events.count() == events


# --- resolve ------------------------------------------------------------------


def test_resolve_sets_resolution_code_and_time(ticket, anna, resolution_code):
    resolved = resolve_ticket(
        ticket,
        resolution="  Replaced the toner.  ",
        code=resolution_code,
        acting_user=anna,
        version=ticket.version,
        now=T1,
    )

    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED
    assert resolved.resolution == "Replaced the toner."
    assert resolved.resolution_code == resolution_code
    assert resolved.resolved_at == T1
    assert resolved.closed_at is None
    event = resolved.events.filter(kind=EventKind.STATUS).get()
    assert event.body == "Replaced the toner."


def test_resolve_assigns_the_resolver_when_nobody_had_the_ticket(ticket, anna, resolution_code):
    assert ticket.assignee is None

    resolved = resolve_ticket(
        ticket, resolution="Fixed", code=resolution_code, acting_user=anna, version=ticket.version
    )

    resolved.refresh_from_db()
    assert resolved.assignee == anna


def test_resolve_keeps_the_assignee_it_had(make_ticket, anna, sofie, teams, resolution_code):
    ticket = make_ticket(anna, team=teams["first"], assignee=anna)

    resolved = resolve_ticket(
        ticket, resolution="Fixed", code=resolution_code, acting_user=sofie, version=ticket.version
    )

    resolved.refresh_from_db()
    assert resolved.assignee == anna


@pytest.mark.parametrize("resolution", ["", "   ", None])
def test_resolve_needs_a_resolution_text(ticket, anna, resolution_code, resolution):
    with pytest.raises(InvalidInput) as excinfo:
        resolve_ticket(
            ticket, resolution=resolution, code=resolution_code, acting_user=anna, version=None
        )

    assert excinfo.value.code == "resolution_required"
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_resolve_needs_a_code(ticket, anna):
    with pytest.raises(InvalidInput) as excinfo:
        resolve_ticket(ticket, resolution="Fixed", code=None, acting_user=anna, version=None)

    assert excinfo.value.code == "code_required"


def test_resolve_refuses_an_inactive_code(ticket, anna):
    retired = ResolutionCode.objects.create(code="retired", name_nl="Oud", is_active=False)

    with pytest.raises(InvalidInput) as excinfo:
        resolve_ticket(ticket, resolution="Fixed", code=retired, acting_user=anna, version=None)

    assert excinfo.value.code == "inactive_code"
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


# --- close and reopen -------------------------------------------------------------


def test_close_sets_the_closing_time(ticket, anna, resolution_code):
    ticket = bring_to(ticket, Status.RESOLVED, anna, resolution_code)

    closed = close_ticket(ticket, acting_user=anna, version=ticket.version, now=T2)

    closed.refresh_from_db()
    assert closed.status == Status.CLOSED
    assert closed.closed_at == T2
    assert closed.resolved_at == T0


@pytest.mark.parametrize("status", [Status.NEW, *WORKING, Status.CLOSED])
def test_close_is_only_for_resolved_tickets(ticket, anna, resolution_code, status):
    ticket = bring_to(ticket, status, anna, resolution_code)

    with pytest.raises(TransitionNotAllowed):
        close_ticket(ticket, acting_user=anna, version=ticket.version)


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED])
def test_reopen_clears_the_timestamps_and_keeps_the_reason(ticket, anna, resolution_code, status):
    ticket = bring_to(ticket, status, anna, resolution_code)

    reopened = reopen_ticket(
        ticket, acting_user=anna, version=ticket.version, reason=" Still broken ", now=T2
    )

    reopened.refresh_from_db()
    assert reopened.status == Status.OPEN
    assert reopened.resolved_at is None
    assert reopened.closed_at is None
    event = reopened.events.filter(kind=EventKind.STATUS).last()
    assert event.data == {"field": "status", "old": status, "new": Status.OPEN}
    assert event.body == "Still broken"


@pytest.mark.parametrize("status", [Status.NEW, *WORKING])
def test_reopen_is_only_for_resolved_or_closed_tickets(ticket, anna, resolution_code, status):
    ticket = bring_to(ticket, status, anna, resolution_code)

    with pytest.raises(TransitionNotAllowed):
        reopen_ticket(ticket, acting_user=anna, version=ticket.version)


def test_reopened_ticket_can_be_resolved_again(ticket, anna, resolution_code):
    ticket = bring_to(ticket, Status.CLOSED, anna, resolution_code)
    ticket = reopen_ticket(ticket, acting_user=anna, version=ticket.version, now=T1)

    again = resolve_ticket(
        ticket,
        resolution="Really fixed",
        code=resolution_code,
        acting_user=anna,
        version=ticket.version,
        now=T2,
    )

    again.refresh_from_db()
    assert again.resolved_at == T2
    assert again.resolution == "Really fixed"
    assert [e["new"] for e in status_events(again)] == [
        Status.RESOLVED,
        Status.CLOSED,
        Status.OPEN,
        Status.RESOLVED,
    ]
