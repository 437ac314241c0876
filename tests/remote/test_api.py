"""The remote-session API: consents, sessions, refusals with codes, who may call."""

from datetime import timedelta

import pytest
from django.core import mail

from loket.remote import services
from loket.remote.models import Consent, RemoteSession
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(db):
    from loket.accounts.services import issue_token

    def make(user):
        return ApiClient(issue_token(user) if user is not None else None)

    return make


def key(ticket) -> str:
    return ticket.number


def test_lists_the_tools_in_use(api, anna):
    response = api(anna).get("/remote-tools")
    assert response.status_code == 200
    names = [t["name"] for t in response.json()]
    assert names == ["Quick Assist", "TeamViewer", "AnyDesk", "RustDesk"]


def test_a_session_without_consent_is_refused(api, anna, ticket):
    response = api(anna).post(
        f"/tickets/{key(ticket)}/remote-sessions", {"consent": 12345, "reference": "1"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "no_consent"
    assert set(response.json()) >= {"detail", "code"}
    assert not RemoteSession.objects.exists()


def test_verbal_consent_needs_the_confirmation(api, anna, ticket, tool):
    client = api(anna)
    response = client.post(
        f"/tickets/{key(ticket)}/consents", {"tool": tool.pk, "method": "verbal"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "consent_not_read"


def test_the_whole_flow(api, anna, ticket, tool):
    client = api(anna)
    response = client.post(
        f"/tickets/{key(ticket)}/consents",
        {"tool": tool.pk, "method": "verbal", "text_read_confirmed": True},
    )
    assert response.status_code == 201, response.json()
    consent = response.json()
    assert consent["state"] == "valid"
    assert consent["method"] == "verbal"
    assert consent["confirmed_by"]["username"] == "anna"
    assert consent["language"] == "nl"
    assert "token" not in str(consent.keys())
    response = client.post(
        f"/tickets/{key(ticket)}/remote-sessions",
        {"consent": consent["id"], "reference": "555 111"},
    )
    assert response.status_code == 201
    session = response.json()
    assert session["end_reason"] == "" and session["ended_at"] is None
    listed = client.get(f"/tickets/{key(ticket)}/remote-sessions").json()
    assert [s["id"] for s in listed] == [session["id"]]
    response = client.post(f"/consents/{consent['id']}/withdraw", {"reason": "changed mind"})
    assert response.status_code == 200
    assert response.json()["state"] == "withdrawn"
    ended = client.get(f"/tickets/{key(ticket)}/remote-sessions").json()[0]
    assert ended["end_reason"] == "consent_withdrawn"
    again = client.post(
        f"/tickets/{key(ticket)}/remote-sessions", {"consent": consent["id"], "reference": "2"}
    )
    assert again.status_code == 422
    assert again.json()["code"] == "consent_withdrawn"


def test_expired_consent_is_refused(api, anna, ticket, tool):
    consent = services.record_verbal_consent(
        ticket, tool=tool, acting_user=anna, text_read_confirmed=True
    )
    Consent.objects.filter(pk=consent.pk).update(
        valid_until=consent.given_at - timedelta(seconds=1)
    )
    response = api(anna).post(
        f"/tickets/{key(ticket)}/remote-sessions", {"consent": consent.pk, "reference": "1"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "consent_expired"


def test_ending_a_session(api, anna, ticket, tool):
    consent = services.record_verbal_consent(
        ticket, tool=tool, acting_user=anna, text_read_confirmed=True
    )
    session = services.start_session(ticket, consent=consent, reference="1", acting_user=anna)
    client = api(anna)
    response = client.post(f"/remote-sessions/{session.pk}/end")
    assert response.status_code == 200
    assert response.json()["end_reason"] == "ended"
    assert client.post(f"/remote-sessions/{session.pk}/end").json()["code"] == "session_ended"


def test_a_link_consent_sends_the_mail(api, anna, ticket, tool, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(anna).post(
            f"/tickets/{key(ticket)}/consents", {"tool": tool.pk, "method": "link"}
        )
    assert response.status_code == 201
    assert response.json()["state"] == "pending"
    assert len(mail.outbox) == 1


def test_unknown_tool_and_unknown_fields_are_422(api, anna, ticket):
    client = api(anna)
    response = client.post(f"/tickets/{key(ticket)}/consents", {"tool": 999, "method": "verbal"})
    assert response.json()["code"] == "unknown_tool"
    response = client.post(
        f"/tickets/{key(ticket)}/consents", {"tool": 1, "method": "verbal", "x": 1}
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anna", 200), ("sofie", 200), ("ad", 200), ("bob", 404), ("chris", 403), ("camille", 403)],
)
def test_who_may_read_a_tickets_consents(api, request, ticket, persona, status):
    user = request.getfixturevalue(persona)
    assert api(user).get(f"/tickets/{key(ticket)}/consents").status_code == status
    assert api(user).get(f"/tickets/{key(ticket)}/remote-sessions").status_code == status


def test_customers_cannot_list_tools_and_anonymous_is_401(api, chris):
    assert api(chris).get("/remote-tools").status_code == 403
    assert api(None).get("/remote-tools").status_code == 401


def test_another_teams_consent_is_not_found(api, anna, bob, ticket, tool):
    consent = services.record_verbal_consent(
        ticket, tool=tool, acting_user=anna, text_read_confirmed=True
    )
    response = api(bob).post(f"/consents/{consent.pk}/withdraw", {})
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_a_consent_of_another_ticket_is_refused(api, anna, ticket, make_ticket, contact_a, tool):
    consent = services.record_verbal_consent(
        ticket, tool=tool, acting_user=anna, text_read_confirmed=True
    )
    other = make_ticket(anna, contact=contact_a)
    response = api(anna).post(
        f"/tickets/{other.number}/remote-sessions", {"consent": consent.pk, "reference": "1"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "no_consent"


def test_consent_and_sessions_on_a_resolved_ticket_are_409(
    api, anna, ticket, tool, resolution_code
):
    from loket.tickets.services import resolve_ticket

    consent = services.record_verbal_consent(
        ticket, tool=tool, acting_user=anna, text_read_confirmed=True
    )
    resolve_ticket(
        ticket, resolution="Fixed.", code=resolution_code, acting_user=anna, version=None
    )
    client = api(anna)
    for method in ("verbal", "link"):
        response = client.post(
            f"/tickets/{key(ticket)}/consents",
            {"tool": tool.pk, "method": method, "text_read_confirmed": True},
        )
        assert response.status_code == 409
        assert response.json()["code"] == "ticket_not_open"
        assert set(response.json()) >= {"detail", "code"}
    response = client.post(
        f"/tickets/{key(ticket)}/remote-sessions", {"consent": consent.pk, "reference": "1"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "ticket_not_open"
    assert not RemoteSession.objects.exists()
    assert len(mail.outbox) == 0
    # What stops a session stays possible.
    response = client.post(f"/consents/{consent.pk}/withdraw", {"reason": "Solved"})
    assert response.status_code == 200
    assert response.json()["state"] == "withdrawn"
