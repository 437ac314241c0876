"""The canned-answer pages: who may open them, the list, reading, writing, preview."""

import pytest
from django.urls import reverse

from loket.macros.models import Macro

pytestmark = pytest.mark.django_db


def url(name, macro=None, *args):
    if macro is None:
        return reverse(f"macros:{name}")
    return reverse(f"macros:{name}", args=[macro.pk, *args])


@pytest.mark.parametrize("who", ["anna", "sam", "sofie", "ad"])
def test_staff_browse_and_read(client, request, who, macro):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("index")).status_code == 200
    page = client.get(url("detail", macro))
    assert page.status_code == 200
    assert "uw printer werkt weer" in page.content.decode()


@pytest.mark.parametrize("who", ["chris", "camille"])
def test_customers_get_403(client, request, who, macro):
    client.force_login(request.getfixturevalue(who))
    for target in (url("index"), url("detail", macro), url("create"), url("edit", macro)):
        assert client.get(target).status_code == 403


def test_anonymous_users_go_to_the_login_page(client, macro):
    for target in (url("index"), url("detail", macro), url("text", macro, "nl", "default")):
        response = client.get(target)
        assert response.status_code == 302
        assert "/login" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("who", ["anna", "sam"])
def test_agents_and_specialists_may_not_edit(client, request, who, macro):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("create")).status_code == 403
    assert client.get(url("edit", macro)).status_code == 403
    assert client.get(url("text", macro, "nl", "default")).status_code == 403
    response = client.post(url("text", macro, "nl", "default"), {"body": "Gehackt"})
    assert response.status_code == 403
    assert "Gehackt" not in macro.texts.get(language="nl").body
    page = client.get(url("detail", macro)).content.decode()
    assert url("edit", macro) not in page


def test_agents_do_not_see_inactive_macros(client, anna, sofie, macro):
    Macro.objects.filter(pk=macro.pk).update(is_active=False)
    client.force_login(anna)
    assert client.get(url("detail", macro)).status_code == 404
    assert "Printer fixed" not in client.get(url("index")).content.decode()
    client.force_login(sofie)
    assert "Printer fixed" in client.get(url("index")).content.decode()


def test_the_list_filters_by_words_language_and_category(client, anna, make_macro, categories):
    make_macro(key="toner", title_en="Toner ordered", categories=[categories["printing"]])
    make_macro(key="fr-only", title_en="Only French", texts={("fr", ""): "Salut à vous"})
    client.force_login(anna)
    page = client.get(url("index"), {"q": "toner"}).content.decode()
    assert "Toner ordered" in page and "Only French" not in page
    page = client.get(url("index"), {"q": "salut"}).content.decode()  # words in a text
    assert "Only French" in page and "Toner ordered" not in page
    page = client.get(url("index"), {"category": categories["printing"].pk}).content.decode()
    assert "Toner ordered" in page and "Only French" not in page
    page = client.get(url("index"), {"language": "nl"}).content.decode()
    assert "Toner ordered" in page and "Only French" not in page
    page = client.get(url("index"), {"language": "xx", "category": "nope"})
    assert page.status_code == 200


def test_the_list_answers_htmx_with_the_results_only(client, anna, macro):
    client.force_login(anna)
    response = client.get(url("index"), {"q": "printer"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="macros">')


def test_the_list_costs_the_same_queries_with_more_macros(
    client, anna, make_macro, django_assert_max_num_queries
):
    client.force_login(anna)
    client.get(url("index"))
    with django_assert_max_num_queries(30) as counted:
        client.get(url("index"))
    for n in range(10):
        make_macro(key=f"more-{n}")
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(url("index"))


def test_a_supervisor_creates_a_macro_then_writes_a_text(client, sofie, categories):
    client.force_login(sofie)
    response = client.post(
        url("create"),
        {
            "key": "toner-ordered",
            "title_nl": "Toner besteld",
            "kind": "reply",
            "is_active": "on",
            "categories": [categories["printing"].pk],
            "set_status": "waiting_third_party",
        },
    )
    macro = Macro.objects.get(key="toner-ordered")
    assert response.status_code == 302
    assert response["Location"] == url("detail", macro)
    assert macro.set_status == "waiting_third_party"
    response = client.post(
        url("text", macro, "nl", "novice"),
        {"body": "Beste {contact_first_name}, de toner is besteld."},
    )
    assert response.status_code == 302
    assert macro.texts.get(language="nl", profile="novice").body.startswith("Beste {contact")


def test_a_duplicate_key_is_a_clear_message(client, sofie, macro):
    client.force_login(sofie)
    response = client.post(url("create"), {"key": macro.key, "title_en": "Again", "kind": "reply"})
    assert response.status_code == 422
    assert "Another canned answer has this key." in response.content.decode()


def test_a_supervisor_edits_a_macro(client, sofie, macro):
    client.force_login(sofie)
    response = client.post(
        url("edit", macro),
        {"key": macro.key, "title_en": "Printer repaired", "kind": "note", "set_impact": "2"},
    )
    assert response.status_code == 302
    macro.refresh_from_db()
    assert (macro.title_en, macro.kind, macro.set_impact, macro.is_active) == (
        "Printer repaired",
        "note",
        2,
        False,
    )


def test_an_unknown_placeholder_is_refused_on_the_text_page(client, sofie, macro):
    client.force_login(sofie)
    response = client.post(url("text", macro, "nl", "default"), {"body": "Dag {klantnaam}"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Unknown placeholder(s): {klantnaam}" in html
    assert "{contact_name}" in html
    assert "{klantnaam}" not in macro.texts.get(language="nl").body


def test_an_unknown_profile_or_language_is_404(client, sofie, macro):
    client.force_login(sofie)
    assert client.get(url("text", macro, "de", "default")).status_code == 404
    assert client.get(url("text", macro, "nl", "guru")).status_code == 404


def test_the_text_page_previews_with_a_ticket(client, sofie, macro, make_ticket, teams, contact_b):
    ticket = make_ticket(sofie, team=teams["first"], contact=contact_b)
    client.force_login(sofie)
    response = client.post(
        url("preview"),
        {
            "body": "Bonjour {contact_name} ({ticket_number})",
            "language": "fr",
            "preview_ticket": ticket.number,
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert f"Bonjour Camille Dubois ({ticket.number})" in html


def test_the_preview_names_unknown_placeholders_and_uses_sample_values(client, sofie):
    client.force_login(sofie)
    response = client.post(
        url("preview"),
        {"body": "Dag {contact_first_name} {oeps}", "language": "nl", "preview_ticket": "1999-1"},
    )
    html = response.content.decode()
    assert "Dag Chris {oeps}" in html
    assert "<code>{oeps}</code>" in html
    assert "There is no ticket 1999-1 you can see" in html


def test_the_preview_does_not_show_tickets_the_user_cannot_see(
    client, sofie, make_ticket, teams, contact_a
):
    hidden = make_ticket(subject="Elsewhere", team=teams["network"], contact=contact_a)
    client.force_login(sofie)
    html = client.post(
        url("preview"),
        {"body": "{ticket_subject}", "language": "nl", "preview_ticket": hidden.number},
    ).content.decode()
    assert "Elsewhere" not in html


def test_the_preview_without_javascript_keeps_the_text_unsaved(client, sofie, macro):
    client.force_login(sofie)
    response = client.post(
        url("text", macro, "nl", "default"), {"body": "Nieuw {agent_first_name}", "preview": "1"}
    )
    assert response.status_code == 200
    assert "Nieuw Sofie" in response.content.decode()
    assert "Nieuw" not in macro.texts.get(language="nl").body


def test_the_detail_page_previews_for_a_ticket(client, anna, macro, make_ticket, contact_b):
    ticket = make_ticket(anna, contact=contact_b)
    client.force_login(anna)
    html = client.get(url("detail", macro), {"ticket": ticket.number}).content.decode()
    assert "Bonjour Camille Dubois" in html
    html = client.get(url("detail", macro), {"ticket": "nope"}).content.decode()
    assert "There is no ticket nope you can see." in html
