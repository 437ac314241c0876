"""The ticket timeline is append-only: events are written once and never changed."""

import pytest

from loket.tickets.models import AppendOnlyError, EventKind, TimelineEvent
from loket.tickets.services import add_note


@pytest.fixture
def note(make_ticket, anna):
    ticket = make_ticket(anna)
    return add_note(ticket, body="Original text", acting_user=anna)


def test_saving_an_existing_event_is_refused(note):
    note.body = "Rewritten history"

    with pytest.raises(AppendOnlyError):
        note.save()

    assert TimelineEvent.objects.get(pk=note.pk).body == "Original text"


def test_saving_only_some_fields_is_refused_too(note):
    note.is_public = True

    with pytest.raises(AppendOnlyError):
        note.save(update_fields=["is_public"])

    assert TimelineEvent.objects.get(pk=note.pk).is_public is False


def test_deleting_an_event_is_refused(note):
    with pytest.raises(AppendOnlyError):
        note.delete()

    assert TimelineEvent.objects.filter(pk=note.pk).exists()


def test_reloaded_event_cannot_be_saved_either(note):
    reloaded = TimelineEvent.objects.get(pk=note.pk)

    with pytest.raises(AppendOnlyError):
        reloaded.save()


def test_events_are_listed_in_the_order_they_happened(make_ticket, anna):
    ticket = make_ticket(anna)
    add_note(ticket, body="one", acting_user=anna)
    add_note(ticket, body="two", acting_user=anna)

    kinds = list(ticket.events.values_list("kind", "body"))

    assert kinds == [(EventKind.CREATED, ""), (EventKind.NOTE, "one"), (EventKind.NOTE, "two")]
