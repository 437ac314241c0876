"""The runner on the ticket page: suggestions, starting, answering with the big buttons,
two tabs, leaving with a reason, proposals, a canned answer in the composer; and who may
do it."""

import pytest
from django.urls import reverse

from loket.notifications.models import Notification
from loket.scenarios.models import RunStatus, ScenarioRun
from loket.scenarios.services import start_run, take_step
from loket.tickets.models import EventKind

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def login(client, user):
    client.force_login(user)
    return client


def page(client, ticket):
    return client.get(reverse("tickets:detail", args=[ticket.number]))


def test_the_ticket_page_suggests_the_scenario_for_its_text(client, anna, ticket, scenario):
    response = page(login(client, anna), ticket)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Printer does not print" in html  # in the language of the page
    assert reverse("scenarios:start", args=[ticket.number]) in html


def test_no_panel_when_no_scenario_is_published(client, anna, ticket):
    html = page(login(client, anna), ticket).content.decode()

    assert 'id="scenario-runner"' not in html


def test_starting_shows_the_first_step_with_answer_buttons(client, anna, ticket, scenario):
    login(client, anna)

    response = client.post(
        reverse("scenarios:start", args=[ticket.number]), {"scenario": scenario.pk}, **HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert ScenarioRun.objects.get(ticket=ticket).status == RunStatus.RUNNING
    assert "Staat de printer aan?" in html or "Is the printer on?" in html
    assert 'data-answer-key="1"' in html and 'accesskey="2"' in html
    assert "Say to the customer" in html
    assert "Brandt er een lampje?" in html  # Chris speaks Dutch


def test_the_customer_text_follows_the_contacts_profile(client, anna, ticket, scenario):
    run = start_run(ticket, scenario, acting_user=anna)
    take_step(run, step_id="printer-on", answer="no", acting_user=anna)

    html = page(login(client, anna), ticket).content.decode()

    assert "Zoek de ronde knop met het streepje en druk erop." in html  # Chris is a novice
    assert '<span class="badge profile-novice">Novice</span>' in html
    assert "Wacht tot het lampje groen is." in html or "Wait for the green light." in html


def test_answering_moves_on_and_ending_draws_the_block_on_the_timeline(
    client, anna, ticket, scenario
):
    run = start_run(ticket, scenario, acting_user=anna)
    login(client, anna)
    url = reverse("scenarios:answer", args=[run.pk])

    client.post(url, {"step": "printer-on", "answer": "yes"}, **HTMX)
    response = client.post(url, {"step": "paper", "answer": "fail", "note": "Streaks"}, **HTMX)
    assert (
        "To second line" in response.content.decode()
        or "Naar tweede lijn" in response.content.decode()
    )
    ticket.refresh_from_db()
    response = client.post(url, {"step": "to-second-line", "version": ticket.version}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    run.refresh_from_db()
    assert (run.status, run.outcome) == ("completed", "escalated")
    assert 'class="scenario-path"' in html
    assert "✗" in html and "Streaks" in html
    assert "data-scenario-runner" not in html  # nothing runs any more


def test_an_answer_from_a_stale_tab_is_refused_with_a_message(client, anna, ticket, scenario):
    run = start_run(ticket, scenario, acting_user=anna)
    take_step(run, step_id="printer-on", answer="yes", acting_user=anna)
    login(client, anna)

    response = client.post(
        reverse("scenarios:answer", args=[run.pk]), {"step": "printer-on", "answer": "no"}, **HTMX
    )

    assert response.status_code == 422
    assert "already answered" in response.content.decode()
    assert run.steps.count() == 1


def test_an_action_on_an_old_ticket_version_is_a_conflict(client, anna, ticket, scenario):
    run = start_run(ticket, scenario, acting_user=anna)
    take_step(run, step_id="printer-on", answer="yes", acting_user=anna)
    take_step(run, step_id="paper", answer="fail", acting_user=anna)
    login(client, anna)

    response = client.post(
        reverse("scenarios:answer", args=[run.pk]),
        {"step": "to-second-line", "version": ticket.version - 1},
        **HTMX,
    )

    assert response.status_code == 409
    run.refresh_from_db()
    assert run.current_step == "to-second-line"


def test_leaving_needs_a_reason(client, anna, ticket, scenario):
    run = start_run(ticket, scenario, acting_user=anna)
    login(client, anna)
    url = reverse("scenarios:leave", args=[run.pk])

    refused = client.post(url, {"reason": ""}, **HTMX)
    left = client.post(url, {"reason": "Different model"}, **HTMX)

    assert refused.status_code == 422
    assert "Say why you leave the scenario." in refused.content.decode()
    assert left.status_code == 200
    html = left.content.decode()
    assert "scenario-deviation" in html and "Different model" in html
    run.refresh_from_db()
    assert run.status == RunStatus.LEFT


def test_without_htmx_an_answer_redirects_to_the_ticket(client, anna, ticket, scenario):
    run = start_run(ticket, scenario, acting_user=anna)
    login(client, anna)

    response = client.post(
        reverse("scenarios:answer", args=[run.pk]), {"step": "printer-on", "answer": "yes"}
    )

    assert response.status_code == 302
    assert response.url == reverse("tickets:detail", args=[ticket.number])


def test_a_proposal_reaches_the_owner(client, anna, sofie, ticket, scenario):
    run = start_run(ticket, scenario, acting_user=anna)
    login(client, anna)

    response = client.post(
        reverse("scenarios:propose", args=[run.pk]),
        {"step": "printer-on", "text": "Ask for the model"},
        **HTMX,
    )

    assert response.status_code == 200
    assert "owner will read your proposal" in response.content.decode()
    assert Notification.objects.filter(recipient=sofie).count() == 1
    assert scenario.proposals.get().step_id == "printer-on"


def test_a_canned_answer_step_fills_the_composer(client, anna, sofie, ticket, make_scenario):
    from loket.macros.services import create_macro

    from .conftest import texts

    macro = create_macro(
        acting_user=sofie,
        key="tips",
        title_nl="Tips",
        texts={("nl", ""): "Beste {contact_first_name}"},
    )
    tree = {
        "start": "send",
        "steps": [
            {
                "id": "send",
                "kind": "action",
                "title": texts("Antwoord"),
                "action": {"type": "canned_answer", "macro": macro.pk},
                "next": "end",
            },
            {
                "id": "end",
                "kind": "action",
                "title": texts("Eind"),
                "action": {"type": "set_fields", "impact": 3},
            },
        ],
    }
    run = start_run(ticket, make_scenario(tree), acting_user=anna)
    login(client, anna)

    response = client.post(reverse("scenarios:answer", args=[run.pk]), {"step": "send"})

    assert response.status_code == 200
    assert "Beste Chris</textarea>" in response.content.decode()
    assert not ticket.events.filter(kind=EventKind.REPLY).exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anna", 200),
        ("sofie", 200),
        ("ad", 200),
        ("bob", 404),
        ("sam", 404),
        ("chris", 403),
        ("camille", 403),
    ],
)
def test_who_may_start_a_scenario(client, request, persona, expected, ticket, scenario):
    login(client, request.getfixturevalue(persona))

    response = client.post(
        reverse("scenarios:start", args=[ticket.number]), {"scenario": scenario.pk}, **HTMX
    )

    assert response.status_code == expected
    assert ScenarioRun.objects.exists() == (expected == 200)


@pytest.mark.parametrize(("persona", "expected"), [("anna", 200), ("bob", 404), ("chris", 403)])
def test_who_may_answer_leave_and_propose(
    client, request, persona, expected, ticket, scenario, anna
):
    run = start_run(ticket, scenario, acting_user=anna)
    login(client, request.getfixturevalue(persona))

    answered = client.post(
        reverse("scenarios:answer", args=[run.pk]), {"step": "printer-on", "answer": "yes"}, **HTMX
    )
    proposed = client.post(reverse("scenarios:propose", args=[run.pk]), {"text": "Idea"}, **HTMX)
    left = client.post(reverse("scenarios:leave", args=[run.pk]), {"reason": "Why"}, **HTMX)

    assert [answered.status_code, proposed.status_code, left.status_code] == [expected] * 3


def test_anonymous_users_go_to_the_login_page(client, ticket, scenario):
    response = client.post(
        reverse("scenarios:start", args=[ticket.number]), {"scenario": scenario.pk}
    )

    assert response.status_code == 302
    assert "login" in response.url


def test_customers_never_see_the_runner_or_the_run(client, anna, chris, ticket, scenario):
    run = start_run(ticket, scenario, acting_user=anna)
    from loket.scenarios.services import leave_run

    leave_run(run, reason="Internal reason", acting_user=anna)
    login(client, chris)

    response = client.get(reverse("portal:ticket", args=[ticket.number]))

    assert "Internal reason" not in response.content.decode()


def test_starting_an_unknown_scenario_is_a_clear_error(client, anna, ticket):
    login(client, anna)

    response = client.post(
        reverse("scenarios:start", args=[ticket.number]),
        {"scenario": "99999999999999999999"},
        **HTMX,
    )

    assert response.status_code == 422
    assert "Choose a scenario to start." in response.content.decode()


def test_the_running_panel_costs_few_queries(
    client, anna, ticket, scenario, django_assert_max_num_queries
):
    run = start_run(ticket, scenario, acting_user=anna)
    take_step(run, step_id="printer-on", answer="yes", acting_user=anna)
    login(client, anna)
    page(client, ticket)  # warm caches (session, SLA configuration)

    from django.test import RequestFactory

    from loket.scenarios.panels import ticket_panel

    request = RequestFactory().get("/")
    request.user = anna
    with django_assert_max_num_queries(2):
        ticket_panel(request, ticket, [])


def test_the_suggestion_panel_costs_few_queries(
    client, anna, ticket, scenario, django_assert_max_num_queries
):
    from django.test import RequestFactory

    from loket.scenarios.panels import ticket_panel

    request = RequestFactory().get("/")
    request.user = anna
    with django_assert_max_num_queries(5):
        panel = ticket_panel(request, ticket, [])

    assert panel is not None and panel.context["suggested"]
