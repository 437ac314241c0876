"""Builders shared by the complaint tests."""

import json
from datetime import UTC, datetime

import pytest
from django.test import Client

from loket.accounts.services import issue_token
from loket.complaints.services import register_complaint

# A Monday morning in March 2026, in office hours in Brussels (09:00 local).
MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def ticket(make_ticket, anna, teams, contact_a, categories):
    """Chris's ticket (Dutch, novice), with Anna on the first-line team Sofie leads."""
    return make_ticket(
        anna,
        subject="Nobody called me back about my printer",
        team=teams["first"],
        assignee=anna,
        contact=contact_a,
        category=categories["printing"],
    )


@pytest.fixture
def ticket_b(make_ticket, anna, teams, contact_b, categories):
    """Camille's ticket (French)."""
    return make_ticket(
        anna,
        subject="Mon compte est bloqué depuis trois jours",
        team=teams["first"],
        assignee=anna,
        contact=contact_b,
        category=categories["account"],
    )


@pytest.fixture
def register(anna):
    """``register(ticket, **overrides)`` registers a confirmed complaint as Anna."""

    def make(ticket, **fields):
        fields.setdefault("paraphrase", "Promised a callback twice; nobody called back.")
        fields.setdefault("paraphrase_confirmed", True)
        fields.setdefault("desired_outcome", "A working printer by Friday and a call back.")
        fields.setdefault("subject", "delay")
        fields.setdefault("acting_user", anna)
        return register_complaint(ticket, **fields)

    return make


PREFIX = "/api/v1"


class ApiClient:
    """JSON requests to the API with one user's bearer token."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, path, params=None):
        return self.client.get(PREFIX + path, params or {}, **self.headers)

    def post(self, path, data=None):
        body = "" if data is None else json.dumps(data)
        return self.client.post(
            PREFIX + path, body, content_type="application/json", **self.headers
        )


@pytest.fixture
def api(db):
    def make(user):
        return ApiClient(issue_token(user) if user is not None else None)

    return make
