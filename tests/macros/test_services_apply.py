"""Inserting a canned answer on a ticket: fields set, version checked, use counted."""

import pytest
from django.core.exceptions import PermissionDenied

from loket.core.errors import InvalidInput, TransitionNotAllowed, VersionConflict
from loket.macros.models import Macro, MacroUse
from loket.macros.services import apply_macro, suggest_macros, update_macro
from loket.tickets.models import EventKind, Status

pytestmark = pytest.mark.django_db


def test_it_sets_the_fields_and_returns_the_text(
    make_macro, make_ticket, anna, contact_a, categories
):
    macro = make_macro(
        set_type="service_request",
        set_category=categories["printing"],
        set_impact=2,
        set_urgency=2,
        set_status="waiting_customer",
    )
    ticket = make_ticket(contact=contact_a, acting_user=anna)
    rendered = apply_macro(ticket, macro, acting_user=anna, version=ticket.version)
    ticket.refresh_from_db()
    assert ticket.type == "service_request"
    assert ticket.category == categories["printing"]
    assert (ticket.impact, ticket.urgency, ticket.priority) == (2, 2, "P3")
    assert ticket.status == Status.WAITING_CUSTOMER
    assert rendered.text.startswith("Beste Chris Claes")
    assert rendered.fields == {
        "type": "service_request",
        "category": categories["printing"].pk,
        "impact": 2,
        "urgency": 2,
        "status": "waiting_customer",
    }
    fields = set(ticket.events.filter(kind=EventKind.FIELD).values_list("data__field", flat=True))
    assert {"type", "category", "impact", "urgency"} <= fields


def test_it_counts_each_use(macro, make_ticket, anna):
    ticket = make_ticket()
    apply_macro(ticket, macro, acting_user=anna, version=ticket.version)
    apply_macro(ticket, macro, acting_user=anna, version=None)
    assert Macro.objects.get(pk=macro.pk).use_count == 2
    use = MacroUse.objects.filter(macro=macro).first()
    assert (use.ticket, use.used_by, use.language) == (ticket, anna, "nl")


def test_a_stale_version_is_refused_and_nothing_changes(make_macro, make_ticket, anna):
    macro = make_macro(set_type="question")
    ticket = make_ticket()
    with pytest.raises(VersionConflict):
        apply_macro(ticket, macro, acting_user=anna, version=ticket.version - 1 + 5)
    ticket.refresh_from_db()
    assert ticket.type == "incident"
    assert MacroUse.objects.count() == 0


def test_a_stale_version_is_refused_even_without_fields(macro, make_ticket, anna):
    ticket = make_ticket()
    with pytest.raises(VersionConflict):
        apply_macro(ticket, macro, acting_user=anna, version=ticket.version + 1)


def test_a_status_the_ticket_cannot_take_rolls_everything_back(
    make_macro, make_ticket, anna, resolution_code
):
    from loket.tickets.services import resolve_ticket

    macro = make_macro(set_type="question", set_status="waiting_customer")
    ticket = make_ticket()
    ticket = resolve_ticket(
        ticket, resolution="Done", code=resolution_code, acting_user=anna, version=None
    )
    with pytest.raises(TransitionNotAllowed):
        apply_macro(ticket, macro, acting_user=anna, version=ticket.version)
    ticket.refresh_from_db()
    assert ticket.type == "incident"
    assert Macro.objects.get(pk=macro.pk).use_count == 0


def test_an_inactive_macro_cannot_be_inserted(macro, make_ticket, anna, sofie):
    update_macro(macro, acting_user=sofie, is_active=False)
    with pytest.raises(InvalidInput):
        apply_macro(make_ticket(), macro, acting_user=anna, version=None)


def test_customers_cannot_insert_macros(macro, make_ticket, chris):
    with pytest.raises(PermissionDenied):
        apply_macro(make_ticket(), macro, acting_user=chris, version=None)


def test_suggestions_put_the_tickets_category_first_then_the_most_used(
    make_macro, make_ticket, anna, categories
):
    Macro.objects.all().delete()
    general = make_macro(key="general")
    popular = make_macro(key="popular")
    printing = make_macro(key="printing", categories=[categories["hardware"]])
    Macro.objects.filter(pk=popular.pk).update(use_count=9)
    ticket = make_ticket(category=categories["printing"])
    assert suggest_macros(ticket, limit=3) == [printing, popular, general]
    assert suggest_macros(ticket, limit=1) == [printing]
    assert suggest_macros(make_ticket(), limit=5)[:1] == [popular]


def test_a_macro_for_a_grandparent_category_is_suggested(make_macro, make_ticket, categories):
    from loket.tickets.models import Category

    Macro.objects.all().delete()
    laser = Category.objects.create(name_nl="Laser", name_en="Laser", parent=categories["printing"])
    other = make_macro(key="other")
    hardware = make_macro(key="hardware", categories=[categories["hardware"]])
    Macro.objects.filter(pk=other.pk).update(use_count=5)
    assert suggest_macros(make_ticket(category=laser), limit=2) == [hardware, other]
    assert suggest_macros(make_ticket(category=categories["account"]), limit=2) == [
        other,
        hardware,
    ]
