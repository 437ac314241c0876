"""Fuzz the remote-session operations from the published OpenAPI: no answer may be a 5xx.
Path ids point at a seeded ticket, consent and session half of the time, so the handlers
run past the lookups."""

import itertools

import pytest

from loket.accounts.services import issue_token
from loket.api.api import api as api_v1
from loket.remote import services
from tests.api.test_schema_fuzz import EXAMPLES, fuzz, keep_test_connection

OPERATIONS = [
    f"{method.upper()} {path}"
    for path, methods in api_v1.get_openapi_schema()["paths"].items()
    if path.startswith(("/api/v1/remote-", "/api/v1/consents"))
    or path.endswith(("/consents", "/remote-sessions"))
    for method in methods
]


@pytest.fixture
def seeded(request, ad, anna, ticket, tool):
    request.getfixturevalue(keep_test_connection.__name__)
    consent = services.record_verbal_consent(
        ticket, tool=tool, acting_user=anna, text_read_confirmed=True
    )
    session = services.start_session(ticket, consent=consent, reference="1", acting_user=anna)
    return {
        "token": issue_token(ad),
        "ids": {"key": str(ticket.pk), "consent_id": consent.pk, "session_id": session.pk},
    }


def test_every_remote_operation_is_fuzzed():
    assert len(OPERATIONS) == 7


@pytest.mark.schema
@pytest.mark.parametrize("mode", list(EXAMPLES))
@pytest.mark.parametrize("label", OPERATIONS)
def test_remote_endpoints_never_answer_with_a_server_error(seeded, label, mode):
    alternate = itertools.cycle([True, False])

    def aim(case):
        if case.path_parameters and next(alternate):
            for name in case.path_parameters:
                case.path_parameters[name] = seeded["ids"].get(name, 1)

    fuzz(label, mode, token=seeded["token"], aim=aim)
