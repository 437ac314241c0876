"""Fuzz the complaints operations from the published OpenAPI: no server errors.

The ``/tickets/{key}/complaint…`` operations are fuzzed with the other ticket operations
in tests/api/test_schema_fuzz.py; these are the ``/complaints`` ones, with a complaint
in the database so that lists and counts have something to read.
"""

import pytest
from schemathesis import GenerationMode

from loket.accounts.services import issue_token
from loket.api.api import api
from tests.api.test_schema_fuzz import EXAMPLES, fuzz, keep_test_connection  # noqa: F401

OPERATIONS = [
    f"{method.upper()} {path}"
    for path, methods in api.get_openapi_schema()["paths"].items()
    if path.startswith("/api/v1/complaints")
    for method in methods
]


@pytest.fixture
def seeded(keep_test_connection, ad, ticket, register):  # noqa: F811
    register(ticket)
    return {"token": issue_token(ad)}


@pytest.mark.schema
@pytest.mark.parametrize("mode", list(EXAMPLES))
@pytest.mark.parametrize("label", OPERATIONS)
def test_complaints_never_answer_with_a_server_error(seeded, label, mode: GenerationMode):
    fuzz(label, mode, token=seeded["token"], aim=lambda case: None)
