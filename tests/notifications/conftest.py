"""Notifications as the SLA sweep writes them: kind, ticket and the facts in ``data``."""

from datetime import UTC, datetime

import pytest

from loket.notifications.models import NotificationKind
from loket.notifications.services import notify

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def ticket(make_ticket, anna, teams, contact_a):
    return make_ticket(
        anna, subject="Printer on floor 2 prints blank pages", contact=contact_a,
        team=teams["first"], now=T0,
    )  # fmt: skip


@pytest.fixture
def send():
    """``send(user, ticket, kind="sla_warning", target=..., due_at=..., **data)``"""

    def make(user, ticket, kind=NotificationKind.SLA_WARNING, *, now=T0, **data):
        facts = {
            "target": "first_response",
            "number": ticket.number,
            "subject": ticket.subject,
            "due_at": "2026-03-10T13:30:00+00:00",
            "escalated_to": None,
        }
        (notification,) = notify([user], kind=kind, ticket=ticket, data=facts | data, now=now)
        return notification

    return make
