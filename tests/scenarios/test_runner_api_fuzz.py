"""Fuzz the scenario operations from the published OpenAPI: no answer may be a 5xx. Path
ids point at a seeded ticket, scenario and running scenario half of the time, so the
handlers run past the lookups."""

import itertools

import pytest

from loket.accounts.services import issue_token
from loket.api.api import api as api_v1
from loket.scenarios.services import start_run
from tests.api.test_schema_fuzz import EXAMPLES, fuzz, keep_test_connection

OPERATIONS = [
    f"{method.upper()} {path}"
    for path, methods in api_v1.get_openapi_schema()["paths"].items()
    if path.startswith(("/api/v1/scenarios", "/api/v1/scenario-runs")) or "/scenario-runs" in path
    for method in methods
]


@pytest.fixture
def seeded(request, ad, anna, ticket, scenario):
    request.getfixturevalue(keep_test_connection.__name__)
    run = start_run(ticket, scenario, acting_user=anna)
    return {
        "token": issue_token(ad),
        "ids": {"key": str(ticket.pk), "scenario_id": scenario.pk, "run_id": run.pk},
    }


def test_every_scenario_operation_is_fuzzed():
    assert len(OPERATIONS) == 7


@pytest.mark.schema
@pytest.mark.parametrize("mode", list(EXAMPLES))
@pytest.mark.parametrize("label", OPERATIONS)
def test_scenario_endpoints_never_answer_with_a_server_error(seeded, label, mode):
    alternate = itertools.cycle([True, False])

    def aim(case):
        if case.path_parameters and next(alternate):
            for name in case.path_parameters:
                case.path_parameters[name] = seeded["ids"].get(name, 1)

    fuzz(label, mode, token=seeded["token"], aim=aim)
