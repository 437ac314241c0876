"""The remote panel on the ticket page and its actions, the audit page and its CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from loket.remote import services
from loket.remote.models import Consent, RemoteSession

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def act(client, ticket, action, data, **extra):
    return client.post(reverse("remote:action", args=[ticket.number, action]), data, **extra)


def page(client, ticket, **params):
    return client.get(reverse("tickets:detail", args=[ticket.number]), params).content.decode()


def test_the_panel_shows_the_text_to_read_in_the_contacts_language(client, anna, ticket, tool):
    client.force_login(anna)
    html = page(client, ticket, remote_tool=tool.pk)
    assert 'id="remote-panel"' in html
    assert "Read this to the caller" in html
    assert 'lang="nl"' in html
    assert "Send consent link by e-mail" in html


def test_customers_see_no_panel_and_cannot_act(client, chris, ticket, tool):
    client.force_login(chris)
    response = act(client, ticket, "verbal", {"tool": tool.pk, "text_read_confirmed": "on"})
    assert response.status_code in (403, 404)
    assert not Consent.objects.exists()


def test_anonymous_users_are_sent_to_the_login_page(client, ticket, tool):
    response = act(client, ticket, "verbal", {"tool": tool.pk, "text_read_confirmed": "on"})
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_agent_of_another_team_gets_404(client, bob, ticket, tool):
    client.force_login(bob)
    response = act(client, ticket, "verbal", {"tool": tool.pk, "text_read_confirmed": "on"})
    assert response.status_code == 404


def test_recording_verbal_consent_redraws_the_ticket_with_the_timeline(client, anna, ticket, tool):
    client.force_login(anna)
    response = act(client, ticket, "verbal", {"tool": tool.pk, "text_read_confirmed": "on"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ticket"' in html
    assert "The consent was recorded." in html
    assert "given verbally" in html
    assert "Start remote session" in html


def test_verbal_consent_without_the_tick_shows_why(client, anna, ticket, tool):
    client.force_login(anna)
    response = act(client, ticket, "verbal", {"tool": tool.pk}, **HTMX)
    assert response.status_code == 422
    assert "Read the consent text to the caller" in response.content.decode()
    assert not Consent.objects.exists()


def test_without_javascript_the_action_redirects_to_the_ticket(client, anna, ticket, tool):
    client.force_login(anna)
    response = act(client, ticket, "verbal", {"tool": tool.pk, "text_read_confirmed": "on"})
    assert response.status_code == 302
    assert ticket.number in response["Location"]


def test_start_end_and_withdraw_from_the_panel(client, anna, ticket, tool):
    client.force_login(anna)
    consent = services.record_verbal_consent(
        ticket, tool=tool, acting_user=anna, text_read_confirmed=True
    )
    response = act(client, ticket, "start", {"consent": consent.pk, "reference": "123 456"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "End session" in html and "123 456" in html
    session = RemoteSession.objects.get()
    response = act(client, ticket, "end", {"session": session.pk}, **HTMX)
    assert "ended after" in response.content.decode()
    response = act(client, ticket, "withdraw", {"consent": consent.pk, "reason": "done"}, **HTMX)
    assert response.status_code == 200
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_starting_without_consent_from_the_panel_is_refused(client, anna, ticket):
    client.force_login(anna)
    response = act(client, ticket, "start", {"consent": 999, "reference": "1"}, **HTMX)
    assert response.status_code == 422
    assert "consent" in response.content.decode()
    assert not RemoteSession.objects.exists()


def test_sending_a_link_shows_the_waiting_state_that_polls(client, anna, ticket, tool):
    client.force_login(anna)
    response = act(client, ticket, "link", {"tool": tool.pk}, **HTMX)
    html = response.content.decode()
    consent = Consent.objects.get()
    wait = reverse("remote:wait", args=[ticket.number, consent.pk])
    assert "Waiting for the contact" in html
    assert wait in html and 'hx-trigger="every 5s"' in html
    assert client.get(wait, **HTMX).status_code == 204
    Consent.objects.filter(pk=consent.pk).update(
        given_at=timezone.now(), valid_until=timezone.now() + timedelta(hours=8)
    )
    answer = client.get(wait, **HTMX)
    assert answer.status_code == 200
    assert "The contact gave consent." in answer.content.decode()


def test_choosing_another_tool_redraws_the_panel(client, anna, ticket, other_tool):
    client.force_login(anna)
    url = reverse("remote:panel", args=[ticket.number])
    html = client.get(url, {"remote_tool": other_tool.pk}, **HTMX).content.decode()
    assert html.startswith('<section id="remote-panel"')
    assert "TeamViewer" in html


def test_the_panel_costs_few_queries(client, anna, ticket, tool):
    client.force_login(anna)
    services.record_verbal_consent(ticket, tool=tool, acting_user=anna, text_read_confirmed=True)
    from loket.remote.panels import ticket_panel

    request = client.get("/").wsgi_request
    request.user = anna
    with CaptureQueriesContext(connection) as queries:
        ticket_panel(request, ticket, None)
    assert len(queries) <= 4


@pytest.mark.parametrize(
    ("persona", "status"),
    [("sofie", 200), ("ad", 200), ("anna", 403), ("sam", 403), ("chris", 403)],
)
def test_who_may_read_the_audit(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("remote:audit")).status_code == status
    assert client.get(reverse("remote:audit_csv")).status_code == status


def test_the_audit_lists_consents_and_sessions_with_filters(client, sofie, anna, ticket, tool):
    consent = services.record_verbal_consent(
        ticket, tool=tool, acting_user=anna, text_read_confirmed=True
    )
    services.start_session(ticket, consent=consent, reference="=cmd|calc", acting_user=anna)
    client.force_login(sofie)
    html = client.get(reverse("remote:audit")).content.decode()
    assert ticket.number in html and "=cmd|calc" in html
    other_org = client.get(reverse("remote:audit"), {"agent": sofie.pk}).content.decode()
    assert ticket.number not in other_org


def test_the_csv_is_safe_against_formulas(client, sofie, anna, ticket, tool):
    consent = services.record_verbal_consent(
        ticket, tool=tool, acting_user=anna, text_read_confirmed=True
    )
    services.start_session(ticket, consent=consent, reference="=cmd|calc", acting_user=anna)
    services.withdraw_consent(consent, acting_user=anna, reason="@SUM(A1)")
    client.force_login(sofie)
    sessions = client.get(reverse("remote:audit_csv"), {"kind": "sessions"})
    rows = list(csv.reader(io.StringIO(sessions.content.decode())))
    assert rows[1][5] == "'=cmd|calc"
    consents = client.get(reverse("remote:audit_csv"), {"kind": "consents"})
    rows = list(csv.reader(io.StringIO(consents.content.decode())))
    assert "'@SUM(A1)" in rows[1]
    assert sessions["Content-Disposition"].startswith("attachment")


def test_a_supervisor_does_not_audit_tickets_they_cannot_see(
    client, sofie, bob, make_ticket, teams, contact_a, tool
):
    hidden = make_ticket(bob, team=teams["first_gent"], assignee=bob, contact=contact_a)
    services.record_verbal_consent(hidden, tool=tool, acting_user=bob, text_read_confirmed=True)
    client.force_login(sofie)
    assert hidden.number not in client.get(reverse("remote:audit")).content.decode()


def test_the_index_lists_running_sessions(client, anna, ticket, tool):
    consent = services.record_verbal_consent(
        ticket, tool=tool, acting_user=anna, text_read_confirmed=True
    )
    services.start_session(ticket, consent=consent, reference="RUN-1", acting_user=anna)
    client.force_login(anna)
    assert "RUN-1" in client.get(reverse("remote:index")).content.decode()
