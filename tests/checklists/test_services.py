"""Checklists on tickets through the services: adding, ticking with who/when, undo,
frozen texts, removing, and the required checklists that block resolving."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from loket.checklists import services
from loket.checklists.definitions import update_item, update_template
from loket.checklists.models import ItemCheck, ItemState, TicketChecklist
from loket.core.errors import InvalidInput, TransitionNotAllowed, VersionConflict
from loket.tickets import services as tickets
from loket.tickets.models import EventKind, Status

pytestmark = pytest.mark.django_db


def _events(ticket):
    return [e.data for e in ticket.events.filter(kind=EventKind.CHECKLIST).order_by("id")]


def _resolve(ticket, user, code):
    return tickets.resolve_ticket(
        ticket, resolution="Done", code=code, acting_user=user, version=None
    )


def _tick_all(checklist, user, state=ItemState.DONE):
    for item in checklist.items.all():
        services.tick(item, state=state, result="SN-123", acting_user=user)


# --- adding ---------------------------------------------------------------------------


def test_adding_a_checklist_copies_its_items_and_writes_the_timeline(incident, printer, anna):
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    assert checklist.added_by == anna
    assert [i.text for i in checklist.items.all()] == ["Test page printed"]
    assert _events(incident)[-1]["action"] == "added"
    assert _events(incident)[-1]["titles"]["nl"] == "Printer routinetest"


def test_a_checklist_is_added_once_per_ticket(incident, printer, anna):
    services.add_checklist(incident, printer, acting_user=anna)
    with pytest.raises(InvalidInput) as error:
        services.add_checklist(incident, printer, acting_user=anna)
    assert error.value.code == "checklist_already_added"


def test_customers_cannot_add_checklists(incident, printer, chris):
    with pytest.raises(PermissionDenied):
        services.add_checklist(incident, printer, acting_user=chris)


def test_texts_are_frozen_when_added(incident, printer, anna, sofie):
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    item = printer.items.get()
    update_item(item, acting_user=sofie, text_en="Print two test pages", text_nl="Twee pagina's")
    update_template(printer, acting_user=sofie, title_en="Printer test v2")
    checklist.refresh_from_db()
    copied = checklist.items.get()
    assert checklist.title_en == "Printer routine test"
    assert copied.text_en == "Test page printed"
    assert copied.text_nl == "Testpagina afgedrukt"


def test_the_frozen_text_is_in_the_desks_language(incident, printer, anna, settings):
    settings.LANGUAGE_CODE = "nl"
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    assert checklist.items.get().text == "Testpagina afgedrukt"
    assert checklist.title == "Printer routinetest"


# --- ticking ---------------------------------------------------------------------------


def test_ticking_records_who_and_when(incident, printer, anna):
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    moment = timezone.now() - timedelta(minutes=5)
    item = services.tick(checklist.items.get(), state=ItemState.DONE, acting_user=anna, now=moment)
    assert (item.state, item.checked_by, item.checked_at) == ("done", anna, moment)
    assert ItemCheck.objects.get(item=item).old_state == "open"


def test_a_result_is_required_where_the_item_says_so(request_ticket, laptop, anna):
    checklist = services.add_checklist(request_ticket, laptop, acting_user=anna)
    serial = checklist.items.get(position=1)
    with pytest.raises(InvalidInput) as error:
        services.tick(serial, state=ItemState.DONE, acting_user=anna)
    assert error.value.code == "result_required"
    assert "serial number" in error.value.message
    item = services.tick(serial, state=ItemState.DONE, result=" SN-42 ", acting_user=anna)
    assert item.result == "SN-42"


def test_not_applicable_needs_no_result(request_ticket, laptop, anna):
    checklist = services.add_checklist(request_ticket, laptop, acting_user=anna)
    item = services.tick(
        checklist.items.get(position=1), state=ItemState.NOT_APPLICABLE, acting_user=anna
    )
    assert item.state == "not_applicable"


def test_undo_sets_the_item_back_to_open_and_is_recorded(incident, printer, anna, bob):
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    item = services.tick(checklist.items.get(), state=ItemState.DONE, acting_user=anna)
    item = services.tick(item, state=ItemState.OPEN, acting_user=anna)
    assert (item.state, item.result, item.checked_by) == ("open", "", anna)
    assert list(ItemCheck.objects.values_list("old_state", "state")) == [
        ("open", "done"),
        ("done", "open"),
    ]
    assert [e["action"] for e in _events(incident)] == ["added", "completed", "reopened"]


def test_a_stale_item_version_is_refused(incident, printer, anna):
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    item = checklist.items.get()
    services.tick(item, state=ItemState.DONE, acting_user=anna, version=1)
    with pytest.raises(VersionConflict):
        services.tick(item, state=ItemState.FAILED, acting_user=anna, version=1)


def test_completing_writes_a_summary(request_ticket, laptop, anna):
    checklist = services.add_checklist(request_ticket, laptop, acting_user=anna)
    first, second = checklist.items.all()
    services.tick(first, state=ItemState.DONE, result="SN-1", acting_user=anna)
    services.tick(second, state=ItemState.NOT_APPLICABLE, acting_user=anna)
    checklist.refresh_from_db()
    assert checklist.is_complete
    completed = _events(request_ticket)[-1]
    assert completed["action"] == "completed"
    assert completed["counts"] == {"open": 0, "done": 1, "failed": 0, "not_applicable": 1}


def test_ticking_is_refused_on_a_closed_ticket(incident, printer, anna, resolution_code):
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    ticket = _resolve(incident, anna, resolution_code)
    tickets.close_ticket(ticket, acting_user=anna, version=None)
    with pytest.raises(TransitionNotAllowed):
        services.tick(checklist.items.get(), state=ItemState.DONE, acting_user=anna)


# --- removing --------------------------------------------------------------------------


def test_an_agent_removes_an_untouched_optional_checklist(incident, printer, anna):
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    services.remove_checklist(checklist, acting_user=anna)
    assert not TicketChecklist.objects.exists()
    assert _events(incident)[-1]["action"] == "removed"


def test_an_agent_cannot_remove_a_ticked_checklist_a_supervisor_can(incident, printer, anna, sofie):
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    services.tick(checklist.items.get(), state=ItemState.DONE, acting_user=anna)
    with pytest.raises(PermissionDenied):
        services.remove_checklist(checklist, acting_user=anna)
    services.remove_checklist(checklist, acting_user=sofie)
    assert not TicketChecklist.objects.exists()


def test_an_agent_cannot_remove_a_required_checklist(request_ticket, laptop, anna):
    [checklist] = services.ensure_required(request_ticket, acting_user=anna)
    with pytest.raises(PermissionDenied):
        services.remove_checklist(checklist, acting_user=anna)


# --- required checklists -----------------------------------------------------------------


def test_required_by_category_and_type_including_subcategories(
    request_ticket, incident, laptop, printer
):
    assert services.required_templates(request_ticket) == [laptop]
    assert services.required_templates(incident) == []


def test_ensure_required_adds_them_once(request_ticket, laptop, anna):
    [added] = services.ensure_required(request_ticket, acting_user=anna)
    assert added.required
    assert services.ensure_required(request_ticket, acting_user=anna) == []


def test_resolving_is_blocked_while_a_required_checklist_was_never_added(
    request_ticket, laptop, anna, resolution_code
):
    with pytest.raises(InvalidInput) as error:
        _resolve(request_ticket, anna, resolution_code)
    assert error.value.code == "checklist_incomplete"
    assert "New laptop ready for use" in error.value.message
    assert "2 open items" in error.value.message
    request_ticket.refresh_from_db()
    assert request_ticket.status == Status.OPEN


def test_resolving_is_blocked_while_incomplete_and_allowed_once_complete(
    request_ticket, laptop, anna, resolution_code
):
    [checklist] = services.ensure_required(request_ticket, acting_user=anna)
    services.tick(checklist.items.get(position=1), state="done", result="SN", acting_user=anna)
    with pytest.raises(InvalidInput) as error:
        _resolve(request_ticket, anna, resolution_code)
    assert "1 open item" in error.value.message
    services.tick(checklist.items.get(position=2), state="failed", acting_user=anna)
    ticket = _resolve(request_ticket, anna, resolution_code)
    assert ticket.status == Status.RESOLVED


def test_an_optional_incomplete_checklist_does_not_block(incident, printer, anna, resolution_code):
    services.add_checklist(incident, printer, acting_user=anna)
    assert _resolve(incident, anna, resolution_code).status == Status.RESOLVED


def test_reclassifying_the_ticket_lifts_the_requirement(
    request_ticket, laptop, anna, resolution_code
):
    [checklist] = services.ensure_required(request_ticket, acting_user=anna)
    ticket = tickets.update_ticket(request_ticket, acting_user=anna, version=None, type="incident")
    assert _resolve(ticket, anna, resolution_code).status == Status.RESOLVED
    checklist.refresh_from_db()
    assert not checklist.required


def test_an_inactive_template_is_not_required(request_ticket, laptop, anna, sofie, resolution_code):
    update_template(laptop, acting_user=sofie, is_active=False)
    assert _resolve(request_ticket, anna, resolution_code).status == Status.RESOLVED


def test_ticking_an_item_of_a_checklist_removed_meanwhile_is_refused(incident, printer, anna):
    checklist = services.add_checklist(incident, printer, acting_user=anna)
    item = checklist.items.get()
    services.remove_checklist(checklist, acting_user=anna)
    with pytest.raises(InvalidInput) as error:
        services.tick(item, state=ItemState.DONE, acting_user=anna)
    assert error.value.code == "checklist_removed"
