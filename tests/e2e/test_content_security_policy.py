"""The pages work under the Content-Security-Policy: no inline script, no eval."""

import pytest

from tests.e2e.test_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = ["/tickets/", "/tickets/new-call/", "/directory/contacts/", "/api/v1/docs"]


def test_agent_pages_raise_no_policy_violations(live_server, new_page, anna, make_ticket):
    ticket = make_ticket(anna, subject="Scanner offline")
    page = new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    log_in(page, live_server.url, "anna")
    for path in [*PAGES, f"/tickets/{ticket.number}/"]:
        response = page.goto(live_server.url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/tickets/new-call/")
    page.fill("#caller-search", "Cl")
    page.wait_for_load_state("networkidle")
    assert problems == []
