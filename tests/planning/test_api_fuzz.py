"""Fuzz the planning operations from the published OpenAPI: no server errors.

The ``/tickets/{key}/…`` operations (callbacks, collaborators, handover) are fuzzed with
the other ticket operations in tests/api/test_schema_fuzz.py; these are ``/me/today``,
``/callbacks…`` and ``/recurring-tasks…``, with a callback and a task in the database.
"""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone
from schemathesis import GenerationMode

from loket.accounts.services import issue_token
from loket.api.api import api
from loket.planning.models import Frequency
from loket.planning.recurring import create_recurring_task
from loket.planning.services import schedule_callback
from tests.api.test_schema_fuzz import EXAMPLES, fuzz, keep_test_connection  # noqa: F401

PREFIXES = ("/api/v1/me/today", "/api/v1/callbacks", "/api/v1/recurring-tasks")
OPERATIONS = [
    f"{method.upper()} {path}"
    for path, methods in api.get_openapi_schema()["paths"].items()
    if path.startswith(PREFIXES)
    for method in methods
]


@pytest.fixture
def seeded(keep_test_connection, ad, anna, teams, make_ticket):  # noqa: F811
    ticket = make_ticket(acting_user=anna, team=teams["first"], assignee=anna)
    callback = schedule_callback(ticket, due_at=timezone.now() + timedelta(hours=1), acting_user=ad)
    task = create_recurring_task(
        acting_user=ad,
        title="Backup",
        team=teams["first"],
        frequency=Frequency.WEEKLY,
        weekdays=[1],
        time_of_day=time(8),
        start_date=date(2026, 1, 1),
    )
    return {"token": issue_token(ad), "callback": callback, "task": task}


def _aim(seeded):
    def aim(case):
        params = case.path_parameters or {}
        if "callback_id" in params:
            params["callback_id"] = seeded["callback"].pk
        if "task_id" in params:
            params["task_id"] = seeded["task"].pk

    return aim


@pytest.mark.schema
@pytest.mark.parametrize("mode", list(EXAMPLES))
@pytest.mark.parametrize("label", OPERATIONS)
def test_planning_never_answers_with_a_server_error(seeded, label, mode: GenerationMode):
    fuzz(label, mode, token=seeded["token"], aim=_aim(seeded))
