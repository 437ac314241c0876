"""Linking incidents to problems, and resolving a problem with its linked tickets."""

from datetime import UTC, datetime, timedelta

import pytest

from loket.core.errors import InvalidInput
from loket.problems import services
from loket.problems.models import ProblemLink, ProblemStatus
from loket.problems.services import link_ticket, resolve_problem, unlink_ticket
from loket.tickets.models import EventKind, Status
from loket.tickets.services import change_status, close_ticket, resolve_ticket

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
T1 = T0 + timedelta(hours=1)


@pytest.fixture
def ticket(make_ticket, anna, teams, contact_a):
    return make_ticket(anna, team=teams["first"], contact=contact_a, now=T0)


def link_events(ticket):
    return list(ticket.events.filter(kind=EventKind.LINK).order_by("id"))


def test_linking_records_the_link_and_a_timeline_event(ticket, problem, anna):
    link = link_ticket(ticket, problem, acting_user=anna, now=T1)
    assert link.problem == problem
    assert link.linked_by == anna
    assert link.linked_at == T1
    [event] = link_events(ticket)
    assert event.data["problem"] == problem.pk
    assert event.author == anna
    assert not event.is_public


def test_linking_twice_to_the_same_problem_changes_nothing(ticket, problem, anna):
    link_ticket(ticket, problem, acting_user=anna)
    link_ticket(ticket, problem, acting_user=anna)
    assert ProblemLink.objects.count() == 1
    assert len(link_events(ticket)) == 1


def test_relinking_moves_the_ticket_to_the_other_problem(ticket, problem, make_problem, anna):
    other = make_problem(title="Spooler crashes")
    link_ticket(ticket, problem, acting_user=anna)
    link_ticket(ticket, other, acting_user=anna)
    assert ProblemLink.objects.get().problem == other
    assert [e.data["problem"] for e in link_events(ticket)] == [problem.pk, other.pk]


def test_unlinking_removes_the_link_and_says_so(ticket, problem, anna):
    link_ticket(ticket, problem, acting_user=anna)
    unlink_ticket(ticket, acting_user=anna)
    assert not ProblemLink.objects.exists()
    events = link_events(ticket)
    assert events[-1].data == {"problem": problem.pk, "unlinked": True}
    unlink_ticket(ticket, acting_user=anna)  # nothing linked: nothing happens
    assert len(link_events(ticket)) == 2


def test_a_resolved_problem_takes_no_new_tickets(ticket, problem, sofie, anna):
    resolve_problem(problem, acting_user=sofie, resolution="Fixed.")
    with pytest.raises(InvalidInput):
        link_ticket(ticket, problem, acting_user=anna)


@pytest.fixture
def linked(problem, make_ticket, anna, teams, contact_a, contact_b, resolution_code):
    """Tickets of Chris (nl) and Camille (fr) in several statuses, all linked."""

    def make(contact, status):
        ticket = make_ticket(anna, team=teams["first"], contact=contact, now=T0)
        if status in (Status.OPEN, Status.WAITING_CUSTOMER):
            change_status(ticket, to=Status.OPEN, acting_user=anna, version=None, now=T0)
            change_status(ticket, to=status, acting_user=anna, version=None, now=T0)
        if status in (Status.RESOLVED, Status.CLOSED):
            resolve_ticket(
                ticket,
                resolution="Other fix",
                code=resolution_code,
                acting_user=anna,
                version=None,
                now=T0,
            )
        if status == Status.CLOSED:
            close_ticket(ticket, acting_user=anna, version=None, now=T0)
        link_ticket(ticket, problem, acting_user=anna, now=T0)
        ticket.refresh_from_db()
        return ticket

    return {
        "new_nl": make(contact_a, Status.NEW),
        "open_fr": make(contact_b, Status.OPEN),
        "waiting_nl": make(contact_a, Status.WAITING_CUSTOMER),
        "resolved": make(contact_a, Status.RESOLVED),
        "closed": make(contact_b, Status.CLOSED),
        "no_contact": make(None, Status.NEW),
    }


def test_resolving_a_problem_resolves_and_notifies_only_open_tickets(problem, linked, sofie):
    outcome = resolve_problem(
        problem, acting_user=sofie, resolution="The printer firmware was updated.", now=T1
    )
    assert outcome == services.ResolveOutcome(resolved=4, notified=3)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED
    assert problem.resolved_at == T1
    assert problem.resolution == "The printer firmware was updated."
    for name in ("new_nl", "open_fr", "waiting_nl", "no_contact"):
        linked[name].refresh_from_db()
        assert linked[name].status == Status.RESOLVED, name
        assert "firmware" in linked[name].resolution
    for name, status in (("resolved", Status.RESOLVED), ("closed", Status.CLOSED)):
        linked[name].refresh_from_db()
        assert linked[name].status == status
        assert linked[name].resolution == "Other fix"
        assert not linked[name].events.filter(kind=EventKind.REPLY).exists()


def test_customers_are_told_in_english_when_english_is_their_language(
    problem, linked, sofie, contact_a
):
    contact_a.language = "en"
    contact_a.save(update_fields=["language"])
    resolve_problem(problem, acting_user=sofie, resolution="The firmware was updated.")
    reply = linked["new_nl"].events.get(kind=EventKind.REPLY)
    assert reply.is_public
    assert reply.author == sofie
    assert reply.body.startswith("Good news: the known problem “Printers print blank pages”")
    assert "The firmware was updated." in reply.body


def test_each_customer_is_told_in_their_own_language(problem, linked, sofie):
    resolve_problem(problem, acting_user=sofie, resolution="Firmware updated.")
    dutch = linked["new_nl"].events.get(kind=EventKind.REPLY).body
    french = linked["open_fr"].events.get(kind=EventKind.REPLY).body
    assert dutch.startswith("Goed nieuws: het bekende probleem “Printers print blank pages”")
    assert french.startswith("Bonne nouvelle : le problème connu « Printers print blank pages »")
    for body in (dutch, french):
        assert "Firmware updated." in body
    linked["open_fr"].refresh_from_db()
    assert linked["open_fr"].resolution.startswith("Résolu")


def test_resolving_without_tickets_only_notifies(problem, linked, sofie):
    outcome = resolve_problem(
        problem, acting_user=sofie, resolution="Fixed.", resolve_tickets=False
    )
    assert outcome.resolved == 0 and outcome.notified == 3
    linked["open_fr"].refresh_from_db()
    assert linked["open_fr"].status == Status.OPEN


def test_resolving_without_notifying_sends_no_reply(problem, linked, sofie):
    outcome = resolve_problem(problem, acting_user=sofie, resolution="Fixed.", notify=False)
    assert outcome.resolved == 4 and outcome.notified == 0
    assert not linked["open_fr"].events.filter(kind=EventKind.REPLY).exists()


def test_a_problem_is_resolved_once_and_with_a_resolution(problem, sofie):
    with pytest.raises(InvalidInput):
        resolve_problem(problem, acting_user=sofie, resolution="  ")
    resolve_problem(problem, acting_user=sofie, resolution="Fixed.")
    with pytest.raises(InvalidInput):
        resolve_problem(problem, acting_user=sofie, resolution="Fixed again.")


def test_a_ticket_whose_required_checklist_is_not_done_stays_open_and_is_counted(
    problem, linked, sofie, categories
):
    from loket.checklists.definitions import add_item, create_template
    from loket.tickets.services import update_ticket

    template = create_template(
        acting_user=sofie,
        categories=[categories["printing"]],
        title_nl="Printertest",
        required=True,
    )
    add_item(template, acting_user=sofie, text_nl="Testpagina afgedrukt")
    update_ticket(
        linked["open_fr"], acting_user=sofie, version=None, category=categories["printing"]
    )

    outcome = resolve_problem(problem, acting_user=sofie, resolution="Firmware updated.", now=T1)

    assert outcome == services.ResolveOutcome(resolved=3, notified=3, left_open=1)
    linked["open_fr"].refresh_from_db()
    assert linked["open_fr"].status == Status.OPEN
    # The customer was still told the problem is solved.
    assert linked["open_fr"].events.filter(kind=EventKind.REPLY).exists()
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED
