"""The checklist template pages: agents browse, supervisors and administrators define
templates and their items (add, edit, reorder, remove)."""

import pytest
from django.urls import reverse

from loket.checklists.models import ChecklistTemplate

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("persona", "browse", "define"),
    [
        ("anna", 200, 403),
        ("sam", 200, 403),
        ("sofie", 200, 200),
        ("ad", 200, 200),
        ("chris", 403, 403),
    ],
)
def test_who_may_browse_and_define(client, request, printer, persona, browse, define):
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("checklists:index")).status_code == browse
    assert client.get(reverse("checklists:detail", args=[printer.pk])).status_code == browse
    assert client.get(reverse("checklists:create")).status_code == define
    assert client.get(reverse("checklists:edit", args=[printer.pk])).status_code == define


def test_anonymous_users_are_sent_to_log_in(client, printer):
    assert client.get(reverse("checklists:index")).status_code == 302


def test_agents_see_no_edit_buttons(client, anna, printer):
    html = login(client, anna).get(reverse("checklists:detail", args=[printer.pk])).content
    assert b"Test page printed" in html
    assert b"Add an item" not in html and b"Edit" not in html


def test_an_agent_cannot_post_an_item(client, anna, printer):
    answer = login(client, anna).post(
        reverse("checklists:add_item", args=[printer.pk]), {"text_en": "Sneaky"}
    )
    assert answer.status_code == 403
    assert printer.items.count() == 1


def test_a_supervisor_creates_a_required_template(client, sofie, categories):
    answer = login(client, sofie).post(
        reverse("checklists:create"),
        {
            "title_en": "New employee account",
            "categories": [categories["account"].pk],
            "ticket_types": ["service_request"],
            "required": "on",
            "is_active": "on",
        },
    )
    template = ChecklistTemplate.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("checklists:detail", args=[template.pk])
    assert template.required and template.ticket_types == ["service_request"]
    assert list(template.categories.all()) == [categories["account"]]
    assert template.owner == sofie


def test_a_required_template_needs_a_scope(client, sofie):
    answer = login(client, sofie).post(
        reverse("checklists:create"), {"title_en": "Everything", "required": "on"}
    )
    assert answer.status_code == 422
    assert b"needs the categories or ticket types" in answer.content
    assert not ChecklistTemplate.objects.exists()


def test_a_title_is_required(client, sofie):
    answer = login(client, sofie).post(reverse("checklists:create"), {"is_active": "on"})
    assert answer.status_code == 422
    assert b"Give the checklist a title." in answer.content


def test_items_are_added_reordered_and_removed(client, sofie, printer):
    login(client, sofie)
    answer = client.post(
        reverse("checklists:add_item", args=[printer.pk]),
        {"text_en": "Toner level noted", "result_en": "toner %"},
        **HTMX,
    )
    assert answer.status_code == 200
    assert b'id="cl-items"' in answer.content and b"<html" not in answer.content
    _, second = printer.items.all()
    assert second.text_en == "Toner level noted"
    client.post(
        reverse("checklists:move_item", args=[printer.pk, second.pk]), {"direction": "up"}, **HTMX
    )
    assert [i.text_en for i in printer.items.all()] == ["Toner level noted", "Test page printed"]
    answer = client.post(reverse("checklists:remove_item", args=[printer.pk, second.pk]))
    assert answer.status_code == 302
    assert [(i.position, i.text_en) for i in printer.items.all()] == [(1, "Test page printed")]


def test_an_item_needs_a_text(client, sofie, printer):
    answer = login(client, sofie).post(
        reverse("checklists:add_item", args=[printer.pk]), {"help_en": "no text"}, **HTMX
    )
    assert answer.status_code == 422
    assert b"Write what to check." in answer.content


def test_an_item_is_edited(client, sofie, printer):
    item = printer.items.get()
    answer = login(client, sofie).post(
        reverse("checklists:edit_item", args=[printer.pk, item.pk]),
        {"text_nl": "Testpagina", "text_en": "Test page"},
    )
    assert answer.status_code == 302
    item.refresh_from_db()
    assert (item.text_nl, item.text_fr, item.text_en) == ("Testpagina", "", "Test page")


def test_an_item_of_another_template_is_not_found(client, sofie, printer, laptop):
    other = laptop.items.first()
    answer = login(client, sofie).post(
        reverse("checklists:remove_item", args=[printer.pk, other.pk])
    )
    assert answer.status_code == 404
