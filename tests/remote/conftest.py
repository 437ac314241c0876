"""Builders shared by the remote-session tests."""

import importlib
from datetime import UTC, datetime

import pytest
from django.apps import apps as django_apps

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
def remote_tools(db):
    """The tools of migration remote 0002. Transactional tests flush the database between
    them, so data from migrations cannot be taken for granted there."""
    migration = importlib.import_module("loket.remote.migrations.0002_default_tools")
    migration.create(django_apps, None)


@pytest.fixture
def tool(remote_tools):
    return RemoteTool.objects.get(name="Quick Assist")


@pytest.fixture
def other_tool(remote_tools):
    return RemoteTool.objects.get(name="TeamViewer")
