"""The checklists panel on the ticket page and its actions (htmx and plain POST), and
resolving through the ticket page while a required checklist is incomplete."""

import pytest
from django.urls import reverse

from loket.checklists import services
from loket.checklists.models import ItemState, TicketChecklist
from loket.tickets.models import Status

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def login(client, user):
    client.force_login(user)
    return client


def page(client, ticket):
    return client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()


def test_the_panel_shows_a_required_checklist_before_it_is_added(
    client, anna, request_ticket, laptop, printer
):
    html = page(login(client, anna), request_ticket)
    assert 'id="checklists"' in html
    assert "New laptop ready for use" in html
    assert "Required for this ticket" in html
    assert "0/2" in html
    assert not TicketChecklist.objects.exists()  # looking writes nothing


def test_the_dropdown_suggests_by_category_first(client, anna, incident, laptop, printer):
    html = page(login(client, anna), incident)
    suggested = html.index("Suggested for this ticket")
    others = html.index("Other checklists")
    assert suggested < html.index("Printer routine test") < others
    assert others < html.index("New laptop ready for use", others)


def test_adding_and_ticking_through_htmx_redraws_the_ticket(client, anna, incident, printer):
    login(client, anna)
    answer = client.post(
        reverse("checklists:add", args=[incident.number]), {"template": printer.pk}, **HTMX
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'id="ticket"' in html and "Checklist “Printer routine test” added." in html
    item = TicketChecklist.objects.get().items.get()
    answer = client.post(
        reverse("checklists:tick", args=[incident.number, item.pk]),
        {"state": "done", "version": item.version},
        **HTMX,
    )
    html = answer.content.decode()
    assert "1/1" in html
    assert "Printer routine test</strong> complete: 1 done" in html  # the timeline event


def test_without_htmx_an_action_redirects_back_to_the_ticket(client, anna, incident, printer):
    login(client, anna)
    answer = client.post(
        reverse("checklists:add", args=[incident.number]), {"template": printer.pk}
    )
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"/tickets/{incident.number}/#checklists")


def test_a_missing_result_is_shown_at_the_item(client, anna, request_ticket, laptop):
    login(client, anna)
    [checklist] = services.ensure_required(request_ticket, acting_user=anna)
    item = checklist.items.get(position=1)
    answer = client.post(
        reverse("checklists:tick", args=[request_ticket.number, item.pk]),
        {"state": "done", "version": item.version},
        **HTMX,
    )
    assert answer.status_code == 422
    assert "Record the result first: serial number." in answer.content.decode()
    item.refresh_from_db()
    assert item.state == ItemState.OPEN


def test_a_stale_version_answers_409(client, anna, incident, printer):
    login(client, anna)
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    item = checklist.items.get()
    services.tick(item, state="done", acting_user=anna)
    answer = client.post(
        reverse("checklists:tick", args=[incident.number, item.pk]),
        {"state": "failed", "version": 1},
        **HTMX,
    )
    assert answer.status_code == 409


def test_ticking_a_pending_required_item_adds_the_checklist(client, anna, request_ticket, laptop):
    login(client, anna)
    answer = client.post(
        reverse("checklists:start", args=[request_ticket.number]),
        {"template": laptop.pk, "position": 2, "state": "done"},
        **HTMX,
    )
    assert answer.status_code == 200
    checklist = TicketChecklist.objects.get()
    assert checklist.required
    assert checklist.items.get(position=2).state == ItemState.DONE


def test_resolving_on_the_ticket_page_is_blocked_until_complete(
    client, anna, request_ticket, laptop, resolution_code
):
    login(client, anna)
    url = reverse("tickets:action", args=[request_ticket.number, "resolve"])
    data = {"resolution": "Laptop handed over", "code": resolution_code.pk}
    answer = client.post(url, {**data, "version": request_ticket.version}, **HTMX)
    assert answer.status_code == 422
    assert "Complete the required checklists before resolving" in answer.content.decode()
    request_ticket.refresh_from_db()
    assert request_ticket.status == Status.OPEN
    [checklist] = services.ensure_required(request_ticket, acting_user=anna)
    for item in checklist.items.all():
        services.tick(item, state="done", result="SN-9", acting_user=anna)
    request_ticket.refresh_from_db()
    answer = client.post(url, {**data, "version": request_ticket.version}, **HTMX)
    assert answer.status_code == 200
    request_ticket.refresh_from_db()
    assert request_ticket.status == Status.RESOLVED


def test_an_agent_may_not_remove_a_ticked_checklist_the_page_says_so(
    client, anna, incident, printer
):
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    services.tick(checklist.items.get(), state="done", acting_user=anna)
    answer = login(client, anna).post(
        reverse("checklists:remove", args=[incident.number, checklist.pk]), **HTMX
    )
    assert answer.status_code == 422
    assert "Only a supervisor removes" in answer.content.decode()
    assert TicketChecklist.objects.exists()


def test_a_resolved_ticket_shows_its_checklists_read_only(
    client, anna, incident, printer, resolution_code
):
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    services.tick(checklist.items.get(), state="done", acting_user=anna)
    incident.refresh_from_db()
    from loket.tickets.services import resolve_ticket

    resolve_ticket(incident, resolution="ok", code=resolution_code, acting_user=anna, version=None)
    html = page(login(client, anna), incident)
    assert "Printer routine test" in html
    assert reverse("checklists:tick", args=[incident.number, checklist.items.get().pk]) not in html
    assert "Add a checklist" not in html


@pytest.mark.parametrize("persona", ["bob", "chris"])
def test_who_may_not_see_the_ticket_cannot_act_on_it(client, request, persona, incident, printer):
    user = request.getfixturevalue(persona)
    answer = login(client, user).post(
        reverse("checklists:add", args=[incident.number]), {"template": printer.pk}
    )
    assert answer.status_code in (403, 404)
    assert not TicketChecklist.objects.exists()


def test_anonymous_users_go_to_the_login_page(client, incident, printer):
    answer = client.post(reverse("checklists:add", args=[incident.number]), {"template": 1})
    assert answer.status_code == 302
    assert "/login" in answer["Location"] or "login" in answer["Location"]


@pytest.mark.parametrize("persona", ["sam", "sofie", "ad"])
def test_other_staff_who_see_the_ticket_tick_too(
    client, request, persona, make_ticket, anna, teams, printer, categories
):
    user = request.getfixturevalue(persona)
    team = teams["second"] if persona == "sam" else teams["first"]
    ticket = make_ticket(anna, team=team, category=categories["printing"])
    checklist = services.add_checklist(ticket, printer, acting_user=anna)
    item = checklist.items.get()
    answer = login(client, user).post(
        reverse("checklists:tick", args=[ticket.number, item.pk]), {"state": "not_applicable"}
    )
    assert answer.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.checked_by) == ("not_applicable", user)


def test_the_panel_costs_a_fixed_number_of_queries(
    client, anna, request_ticket, laptop, printer, django_assert_max_num_queries
):
    login(client, anna)
    services.ensure_required(request_ticket, acting_user=anna)
    services.add_checklist(request_ticket, printer, acting_user=anna)
    from django.test import RequestFactory

    from loket.checklists.panels import panel_context

    request = RequestFactory().get("/")
    request.user = anna
    with django_assert_max_num_queries(6):
        context = panel_context(request, request_ticket)
        for checklist in context["checklists"]:
            list(checklist.shown_items)


def test_a_ticket_without_checklists_costs_the_panel_a_few_queries(
    anna, incident, printer, django_assert_max_num_queries
):
    from django.test import RequestFactory

    from loket.checklists.panels import ticket_panel

    request = RequestFactory().get("/")
    request.user = anna
    events = list(incident.events.all())
    # The templates, their categories and items, and the category tree (Printing is a
    # subcategory); the checklists themselves are not looked up without a CHECKLIST event.
    with django_assert_max_num_queries(4):
        panel = ticket_panel(request, incident, events)
    assert panel.context["checklists"] == []
