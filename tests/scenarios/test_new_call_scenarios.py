"""The new-call workspace suggests scenarios while the agent types; "Start scenario"
creates the ticket from the call form exactly like "Create" and opens it with the run."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.scenarios.models import RunStatus, ScenarioRun
from loket.tickets.models import EventKind, Ticket

pytestmark = pytest.mark.django_db
NEW_CALL = reverse("tickets:new_call")
START_CALL = reverse("scenarios:start_call")
SUGGEST = reverse("scenarios:suggest")


def call_form(**extra):
    data = {
        "subject": "De printer drukt niet af",
        "description": "Blanco pagina's",
        "type": "incident",
        "impact": "2",
        "urgency": "2",
        "call_started": (timezone.now() - timedelta(minutes=2)).isoformat(),
    }
    data.update(extra)
    return data


def test_the_workspace_has_a_scenarios_box_for_agents(client, anna, scenario):
    client.force_login(anna)

    html = client.get(NEW_CALL).content.decode()

    assert 'id="call-scenarios"' in html
    assert SUGGEST in html


def test_scenarios_are_suggested_for_what_is_typed(client, anna, scenario, categories):
    client.force_login(anna)

    by_text = client.get(SUGGEST, {"subject": "Printer kapot"}, HTTP_HX_REQUEST="true")
    by_category = client.get(SUGGEST, {"category": categories["printing"].pk})
    nothing = client.get(SUGGEST, {"subject": "Factuur", "category": "9" * 30})

    assert "Printer does not print" in by_text.content.decode()
    assert f'formaction="{START_CALL}"' in by_text.content.decode()
    assert 'form="ticket-form"' in by_text.content.decode()
    assert "Printer does not print" in by_category.content.decode()
    assert nothing.status_code == 200
    assert "Printer does not print" not in nothing.content.decode()


def test_start_scenario_creates_the_ticket_and_opens_it_with_the_run(
    client, anna, scenario, contact_a
):
    client.force_login(anna)

    response = client.post(START_CALL, call_form(contact=contact_a.pk, scenario=scenario.pk))

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("tickets:detail", args=[ticket.number])
    assert ticket.subject == "De printer drukt niet af"
    assert ticket.contact == contact_a
    assert ticket.events.filter(kind=EventKind.CALL).exists()  # the call is logged as on Create
    run = ScenarioRun.objects.get(ticket=ticket)
    assert (run.status, run.language, run.agent) == (RunStatus.RUNNING, "nl", anna)
    page = client.get(response.url).content.decode()
    assert "data-scenario-runner" in page


def test_start_scenario_never_escalates_or_resolves_the_new_ticket(client, anna, scenario, teams):
    client.force_login(anna)

    client.post(
        START_CALL,
        call_form(scenario=scenario.pk, action="escalate", escalate_team=teams["second"].pk),
    )

    ticket = Ticket.objects.get()
    assert ticket.team is None
    assert ScenarioRun.objects.filter(ticket=ticket).exists()


def test_a_form_error_creates_nothing_and_keeps_the_input(client, anna, scenario):
    client.force_login(anna)

    response = client.post(START_CALL, call_form(subject="", scenario=scenario.pk))

    assert response.status_code == 422
    assert "Blanco pagina" in response.content.decode()
    assert not Ticket.objects.exists()
    assert not ScenarioRun.objects.exists()


@pytest.mark.parametrize("choice", ["", "abc", "424242", "9" * 40])
def test_a_scenario_that_cannot_start_creates_nothing(client, anna, scenario, choice):
    client.force_login(anna)

    response = client.post(START_CALL, call_form(scenario=choice))

    assert response.status_code == 422
    assert "This scenario cannot be started" in response.content.decode()
    assert not Ticket.objects.exists()


def test_an_unpublished_scenario_cannot_start_a_call(client, anna, make_scenario, tree):
    draft = make_scenario(tree, publish=False)
    client.force_login(anna)

    response = client.post(START_CALL, call_form(scenario=draft.pk))

    assert response.status_code == 422
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("persona", ["chris", "camille"])
def test_customers_may_not(client, request, persona, scenario):
    client.force_login(request.getfixturevalue(persona))

    assert client.post(START_CALL, call_form(scenario=scenario.pk)).status_code == 403
    assert client.get(SUGGEST, {"subject": "printer"}).status_code == 403
    assert not Ticket.objects.exists()


def test_anonymous_users_go_to_the_login_page(client, scenario):
    response = client.post(START_CALL, call_form(scenario=scenario.pk))

    assert response.status_code == 302
    assert "login" in response.url
