"""Fuzz the contacts and tickets operations from the published OpenAPI: no server errors.

Schemathesis generates requests that fit the schema (positive) and requests that do not
(negative) for every contacts and tickets operation; no answer may be a 5xx. Path ids point
at seeded objects half of the time, so handlers run past the lookup, not only into 404s.

(Schemathesis' own ``schema.parametrize()`` does not work with pytest 9 yet, so each
operation gets a plain parametrized test that drives the operation's strategy.)
"""

import itertools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from loket.accounts.services import issue_token
from loket.api.api import api

FUZZED = ("/api/v1/contacts", "/api/v1/tickets")
OPERATIONS = [
    f"{method.upper()} {path}"
    for path, methods in api.get_openapi_schema()["paths"].items()
    if path.startswith(FUZZED)
    for method in methods
]


@pytest.fixture
def keep_test_connection():
    """Schemathesis calls the real WSGI application, which closes the database connection
    around each request; that would end the test's transaction. Django's test client
    avoids it the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def seeded(
    keep_test_connection,
    ad,
    anna,
    contact_a,
    contact_b,
    teams,
    categories,
    make_ticket,
    resolution_code,
):
    ticket = make_ticket(acting_user=anna, contact=contact_a, team=teams["first"])
    return {"token": issue_token(ad), "ticket": ticket, "contact": contact_a}


def _aim_at_seeded_objects(case, seeded, alternate) -> None:
    params = case.path_parameters
    if not params or not next(alternate):
        return
    if "key" in params:
        params["key"] = str(seeded["ticket"].pk)
    if "contact_id" in params:
        params["contact_id"] = seeded["contact"].pk


# 25 examples per operation in all: more that fit the schema than that do not.
EXAMPLES = {GenerationMode.POSITIVE: 15, GenerationMode.NEGATIVE: 10}


def fuzz(label: str, mode: GenerationMode, *, token: str, aim) -> None:
    """Send ``EXAMPLES[mode]`` generated requests to operation ``label``; ``aim(case)``
    may point its path ids at seeded objects. No answer may be a server error."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operation = schema.find_operation_by_label(label)
    assert operation is not None, label
    headers = {"Authorization": f"Bearer {token}"}

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        aim(case)
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error], headers=headers)

    check()


@pytest.mark.schema
@pytest.mark.parametrize("mode", list(EXAMPLES))
@pytest.mark.parametrize("label", OPERATIONS)
def test_contacts_and_tickets_never_answer_with_a_server_error(seeded, label, mode):
    alternate = itertools.cycle([True, False])
    fuzz(
        label,
        mode,
        token=seeded["token"],
        aim=lambda case: _aim_at_seeded_objects(case, seeded, alternate),
    )
