"""A notification in words: rendered when read, from its kind and data, in the reader's
language and the desk's time zone (Brussels; 13:30 UTC on 10 March is 14:30 there)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from loket.notifications.models import Notification, NotificationKind
from loket.notifications.texts import describe
from loket.sla.sweep import sweep
from loket.tickets.models import Channel
from loket.tickets.services import create_ticket

from .conftest import T0

SAME_DAY = T0 + timedelta(hours=2)
NEXT_DAY = T0 + timedelta(days=1)


def test_warning_names_ticket_target_and_due_time(anna, ticket, send):
    n = send(anna, ticket)
    assert describe(n, SAME_DAY) == (
        f"SLA warning: {ticket.number} “Printer on floor 2 prints blank pages” "
        "— first response due at 14:30"
    )


@pytest.mark.parametrize(
    "target, words",
    [("next_response", "next response due at"), ("resolution", "resolution due at")],
)
def test_warning_for_other_targets(anna, ticket, send, target, words):
    assert f"— {words} 14:30" in describe(send(anna, ticket, target=target), SAME_DAY)


def test_due_time_on_another_day_shows_the_date(anna, ticket, send):
    assert describe(send(anna, ticket), NEXT_DAY).endswith("due at 10 March 14:30")


def test_breach_tells_where_it_was_escalated(anna, ticket, send):
    n = send(anna, ticket, NotificationKind.SLA_BREACH, escalated_to="Werkplek 2de lijn")
    assert describe(n, SAME_DAY) == (
        f"SLA breached: {ticket.number} “Printer on floor 2 prints blank pages” "
        "— first response was due at 14:30; escalated to Werkplek 2de lijn"
    )


def test_breach_without_escalation(anna, ticket, send):
    n = send(anna, ticket, NotificationKind.SLA_BREACH, target="resolution")
    assert describe(n, SAME_DAY).endswith("— resolution was due at 14:30")


def test_long_subjects_are_shortened(anna, ticket, send):
    n = send(anna, ticket, subject="A" * 120)
    assert f"“{'A' * 49}…”" in describe(n, SAME_DAY)


def test_text_is_in_the_readers_language(anna, ticket, send):
    n = send(anna, ticket)
    with translation.override("nl"):
        assert describe(n, NEXT_DAY).endswith("10 maart 14:30")
    with translation.override("fr"):
        assert describe(n, NEXT_DAY).endswith("10 mars 14:30")


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"target": "first_response", "due_at": "not a time"},
        {"target": "first_response", "due_at": "2026-03-10T13:30:00"},  # naive
        {"target": "first_response", "due_at": 12},
        {"target": "coffee", "due_at": "2026-03-10T13:30:00+00:00"},
    ],
)
def test_missing_or_odd_facts_give_a_shorter_sentence(anna, ticket, data):
    n = Notification.objects.create(
        recipient=anna, ticket=ticket, kind=NotificationKind.SLA_WARNING, data=data, created_at=T0
    )
    assert describe(n, SAME_DAY) == (
        f"SLA warning: {ticket.number} “Printer on floor 2 prints blank pages”"
    )


def test_data_that_is_not_a_dict_falls_back_to_the_ticket(anna, ticket):
    n = Notification.objects.create(
        recipient=anna, ticket=ticket, kind=NotificationKind.SLA_BREACH, data=["x"], created_at=T0
    )
    assert describe(n) == f"SLA breached: {ticket.number} “Printer on floor 2 prints blank pages”"


def test_what_the_sweep_sends_reads_well(anna, sofie, teams, contact_a):
    """A P1 e-mail on Tuesday 10 March 10:00 Brussels: first response due 10:30, warned
    at 75 % (10:22:30), breached after."""
    created = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    ticket = create_ticket(
        acting_user=anna,
        subject="Network down on floor 3",
        contact=contact_a,
        channel=Channel.EMAIL,
        impact=1,
        urgency=1,
        team=teams["first"],
        assignee=anna,
        now=created,
    )
    sweep(created + timedelta(minutes=25))
    (warning,) = Notification.objects.filter(recipient=anna)
    assert describe(warning, created) == (
        f"SLA warning: {ticket.number} “Network down on floor 3” — first response due at 10:30"
    )
    sweep(created + timedelta(minutes=35))
    breach = Notification.objects.get(recipient=sofie, kind=NotificationKind.SLA_BREACH)
    assert describe(breach, created) == (
        f"SLA breached: {ticket.number} “Network down on floor 3” — first response was due at 10:30"
    )
