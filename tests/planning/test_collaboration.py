import pytest
from django.core.exceptions import PermissionDenied

from loket.core.errors import InvalidInput, VersionConflict
from loket.notifications.models import Notification
from loket.planning.access import collaborating_ticket_ids
from loket.planning.models import Collaborator
from loket.planning.services import ask_for_help, finish_help, hand_over
from loket.tickets.models import EventKind, Ticket
from loket.tickets.services import add_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(make_ticket, anna, teams):
    return make_ticket(acting_user=anna, team=teams["first"], assignee=anna)


def test_a_mention_notifies_the_colleague_once_and_ignores_unknown_names(ticket, anna, sam):
    add_note(
        ticket,
        body="@sam can you look? @sam (again) and @nobody, mail x@sam.example",
        acting_user=anna,
    )
    told = Notification.objects.filter(kind="mention")
    assert [n.recipient for n in told] == [sam]
    assert told.get().data["by"] == "Anna"
    assert Collaborator.objects.get(ticket=ticket).user == sam


def test_a_second_mention_adds_no_second_open_collaboration(ticket, anna, sam):
    add_note(ticket, body="@sam first", acting_user=anna)
    add_note(ticket, body="@SAM second", acting_user=anna)
    assert Collaborator.objects.filter(ticket=ticket, done_at__isnull=True).count() == 1
    assert Notification.objects.filter(kind="mention").count() == 2  # one per note


def test_customers_and_the_author_are_not_notified_by_mentions(ticket, anna, chris):
    add_note(ticket, body="@chris @anna", acting_user=anna)
    assert not Notification.objects.filter(kind="mention").exists()
    assert not Collaborator.objects.exists()


def test_asking_a_colleague_for_help_notifies_them_and_keeps_the_assignee(ticket, anna, sam):
    collaborator = ask_for_help(ticket, user=sam, question="Driver issue?", acting_user=anna)
    ticket.refresh_from_db()
    assert ticket.assignee == anna
    assert Notification.objects.get(kind="help_request").recipient == sam
    event = ticket.events.get(kind=EventKind.COLLAB)
    assert event.data["action"] == "asked" and event.body == "Driver issue?"
    finish_help(collaborator, acting_user=sam, note="Reinstall the driver")
    collaborator.refresh_from_db()
    assert collaborator.done_at is not None and collaborator.done_note == "Reinstall the driver"


def test_asking_a_team_notifies_its_members(ticket, anna, sam, teams):
    ask_for_help(ticket, team=teams["second"], question="Anyone?", acting_user=anna)
    assert [n.recipient for n in Notification.objects.filter(kind="help_request")] == [sam]


def test_you_cannot_ask_yourself_or_nobody(ticket, anna, teams):
    with pytest.raises(InvalidInput) as caught:
        ask_for_help(ticket, user=anna, question="?", acting_user=anna)
    assert caught.value.code == "self_help"
    with pytest.raises(InvalidInput):
        ask_for_help(ticket, question="?", acting_user=anna)
    with pytest.raises(InvalidInput) as caught:
        ask_for_help(ticket, user=None, team=teams["second"], question="  ", acting_user=anna)
    assert caught.value.code == "question_required"


def test_the_same_open_request_is_refused(ticket, anna, sam):
    ask_for_help(ticket, user=sam, question="Help", acting_user=anna)
    with pytest.raises(InvalidInput) as caught:
        ask_for_help(ticket, user=sam, question="Help again", acting_user=anna)
    assert caught.value.code == "already_asked"


def test_customers_cannot_ask_for_help(ticket, chris, sam):
    with pytest.raises(PermissionDenied):
        ask_for_help(ticket, user=sam, question="?", acting_user=chris)


def test_handover_requires_a_note(ticket, anna, sofie):
    with pytest.raises(InvalidInput) as caught:
        hand_over(ticket, to_user=sofie, note=" ", acting_user=anna, version=ticket.version)
    assert caught.value.code == "note_required"
    ticket.refresh_from_db()
    assert ticket.assignee == anna


def test_handover_assigns_notifies_and_logs_the_note(ticket, anna, sofie):
    ticket = hand_over(
        ticket,
        to_user=sofie,
        note="Printer swapped; call Chris at 3",
        acting_user=anna,
        version=ticket.version,
    )
    assert ticket.assignee == sofie
    assert ticket.events.filter(kind=EventKind.ASSIGNMENT).count() == 1
    event = ticket.events.get(kind=EventKind.COLLAB)
    assert event.data["action"] == "handover" and "call Chris" in event.body
    assert Notification.objects.get(kind="handover").recipient == sofie


def test_handover_to_another_teams_agent_moves_the_ticket_to_their_team(ticket, anna, bob, teams):
    ticket = hand_over(
        ticket, to_user=bob, note="Gent takes it", acting_user=anna, version=ticket.version
    )
    assert (ticket.team, ticket.assignee) == (teams["first_gent"], bob)


def test_handover_checks_the_version(ticket, anna, sofie):
    with pytest.raises(VersionConflict):
        hand_over(
            ticket, to_user=sofie, note="x", acting_user=anna, version=ticket.version - 1 or 99
        )


def test_collaborating_ticket_ids_lists_open_requests_for_me_and_my_teams(
    ticket, make_ticket, anna, sam, bob, teams, chris
):
    other = make_ticket(acting_user=anna, team=teams["first"], subject="Other")
    ask_for_help(ticket, user=sam, question="?", acting_user=anna)
    done = ask_for_help(other, team=teams["second"], question="?", acting_user=anna)

    def ids(user):
        return set(
            Ticket.objects.filter(pk__in=collaborating_ticket_ids(user)).values_list(
                "pk", flat=True
            )
        )

    assert ids(sam) == {ticket.pk, other.pk}
    assert ids(bob) == set()
    assert ids(chris) == set()
    finish_help(done, acting_user=anna)
    assert ids(sam) == {ticket.pk}
