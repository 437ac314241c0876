"""The canned-answer picker in the ticket composer and its insert action."""

import pytest
from django.urls import reverse

from loket.macros.models import Macro, MacroUse
from loket.tickets.models import Status

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _only_this_panel(monkeypatch):
    """The other apps' panels are not what these tests look at (nor their query counts)."""
    from loket.tickets import panels

    monkeypatch.setattr(panels, "PANEL_MODULES", ("loket.macros.panels",))


@pytest.fixture
def ticket(make_ticket, anna, teams, contact_a, categories):
    return make_ticket(
        anna,
        subject="Printer prints blank pages",
        team=teams["first"],
        assignee=anna,
        contact=contact_a,
        category=categories["printing"],
    )


def insert(client, ticket, macro, *, version=None, htmx=True, **data):
    payload = {"macro": macro.pk, "version": ticket.version if version is None else version}
    payload.update(data)
    url = reverse("macros:insert", args=[ticket.number])
    return client.post(url, payload, **(HTMX if htmx else {}))


def test_the_composer_offers_canned_answers_suggested_first(
    client, anna, ticket, make_macro, categories
):
    make_macro(key="printing", title_en="Toner ordered", categories=[categories["printing"]])
    client.force_login(anna)
    page = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()
    picker = page[page.index('class="macro-picker"') :]
    picker = picker[: picker.index("</form>")]  # inside the message form: no nested form
    assert "<form" not in picker
    assert "Toner ordered" in picker
    assert picker.index("Toner ordered") < picker.index("Complaint: acknowledgement")
    assert 'hx-post="/canned-answers/ticket/' in picker
    assert 'formaction="/canned-answers/ticket/' in picker  # works without JavaScript too


def test_the_ticket_page_stays_cheap_with_many_macros(
    client, anna, ticket, make_macro, django_assert_max_num_queries
):
    client.force_login(anna)
    url = reverse("tickets:detail", args=[ticket.number])
    client.get(url)
    for n in range(15):
        make_macro(key=f"extra-{n}")
    with django_assert_max_num_queries(60) as counted:
        client.get(url)
    before = len(counted.captured_queries)
    for n in range(15, 30):
        make_macro(key=f"extra-{n}")
    with django_assert_max_num_queries(before) as counted:
        client.get(url)


def test_inserting_fills_the_composer_in_the_contacts_language(client, anna, ticket, make_macro):
    macro = make_macro(set_status="waiting_customer", kind="reply")
    client.force_login(anna)
    response = insert(client, ticket, macro)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ticket"' in html and "<html" not in html  # the ticket fragment for htmx
    assert "Beste Chris Claes, uw printer werkt weer. Anna</textarea>" in html
    assert "is in the message box in NL" in html
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING_CUSTOMER
    assert MacroUse.objects.filter(macro=macro, ticket=ticket).count() == 1


def test_a_note_macro_selects_the_note_kind(client, anna, ticket, make_macro):
    macro = make_macro(kind="note", texts={("nl", ""): "Intern: toner besteld."})
    client.force_login(anna)
    html = insert(client, ticket, macro).content.decode()
    note = html[html.index('value="note"') :]
    assert note[: note.index(">")].endswith("checked")
    assert "Intern: toner besteld.</textarea>" in html


def test_text_already_typed_is_kept_above_the_macro(client, anna, ticket, macro):
    client.force_login(anna)
    html = insert(client, ticket, macro, body="Goedemiddag,").content.decode()
    assert "Goedemiddag,\n\nBeste Chris Claes" in html


def test_the_list_choice_is_used_when_no_quick_button_was_pressed(client, anna, ticket, macro):
    client.force_login(anna)
    url = reverse("macros:insert", args=[ticket.number])
    response = client.post(url, {"macro_pick": macro.pk, "version": ticket.version}, **HTMX)
    assert "uw printer werkt weer" in response.content.decode()


def test_no_choice_is_a_clear_message(client, anna, ticket):
    client.force_login(anna)
    url = reverse("macros:insert", args=[ticket.number])
    response = client.post(url, {"macro_pick": "", "version": ticket.version}, **HTMX)
    assert response.status_code == 422
    assert "Choose a canned answer." in response.content.decode()


def test_a_stale_version_is_refused_and_the_typed_text_kept(client, anna, ticket, make_macro):
    macro = make_macro(set_type="question")
    client.force_login(anna)
    response = insert(client, ticket, macro, version=ticket.version - 1, body="Mijn tekst")
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this ticket" in html
    assert "Mijn tekst</textarea>" in html
    ticket.refresh_from_db()
    assert ticket.type == "incident"


def test_without_javascript_the_whole_page_comes_back(client, anna, ticket, macro):
    client.force_login(anna)
    response = insert(client, ticket, macro, htmx=False)
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert "uw printer werkt weer" in response.content.decode()


def test_an_agent_of_another_team_cannot_insert_on_the_ticket(client, bob, ticket, macro):
    client.force_login(bob)
    assert insert(client, ticket, macro).status_code == 404
    assert Macro.objects.get(pk=macro.pk).use_count == 0


def test_customers_and_anonymous_users_cannot_insert(client, chris, ticket, macro):
    assert insert(client, ticket, macro).status_code == 302  # to the login page
    client.force_login(chris)
    assert insert(client, ticket, macro).status_code == 403
    assert MacroUse.objects.count() == 0


def test_customers_never_see_the_picker(client, chris, ticket):
    client.force_login(chris)
    response = client.get(reverse("portal:ticket", args=[ticket.number]))
    assert "macro-picker" not in response.content.decode()


def test_the_picker_costs_two_queries(rf, anna, ticket, make_macro, django_assert_num_queries):
    from loket.macros.panels import ticket_panel

    for n in range(5):
        make_macro(key=f"extra-{n}")
    request = rf.get("/")
    request.user = anna
    with django_assert_num_queries(2):
        panel = ticket_panel(request, ticket, [])
    assert panel.position == "composer"
    assert len(panel.context["others"]) >= 5


def test_the_messages_own_button_stays_the_forms_default(client, anna, ticket, macro):
    """Enter and Ctrl+Enter press the form's first submit button: it must add the
    message, not insert a canned answer."""
    client.force_login(anna)
    page = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()
    form = page[page.index('class="card composer"') :]
    first = form[form.index('type="submit"') - 200 : form.index('type="submit"') + 200]
    assert "formaction" not in first and "hx-post" not in first.split("<button")[-1]
