"""Builders shared by the remote-session tests."""

from datetime import UTC, datetime

import pytest

from loket.remote.models import RemoteTool

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def ticket(make_ticket, anna, teams, contact_a):
    # Anna's team's ticket; Bob (another first-line team) does not see it.
    return make_ticket(
        anna,
        subject="Outlook keeps asking for the password",
        team=teams["first"],
        assignee=anna,
        contact=contact_a,
    )


@pytest.fixture
def tool(db):
    return RemoteTool.objects.get(name="Quick Assist")


@pytest.fixture
def other_tool(db):
    return RemoteTool.objects.get(name="TeamViewer")
