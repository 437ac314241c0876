"""Checklist events on the timeline: drawn in the reader's language, internal only."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from loket.checklists import services
from loket.tickets.models import EventKind

pytestmark = pytest.mark.django_db


def _render(event, language):
    with translation.override(language):
        return render_to_string("timeline/_checklist.html", {"e": event})


def test_the_completion_summary_is_in_the_readers_language(request_ticket, laptop, anna):
    checklist = services.add_checklist(request_ticket, laptop, acting_user=anna)
    first, second = checklist.items.all()
    services.tick(first, state="failed", result="no sticker", acting_user=anna)
    services.tick(second, state="not_applicable", acting_user=anna)
    completed = request_ticket.events.filter(kind=EventKind.CHECKLIST).order_by("id").last()
    english = _render(completed, "en")
    assert "<strong>New laptop ready for use</strong> complete: 1 failed, 1 not applicable" in (
        " ".join(english.split())
    )
    assert "Serial number recorded — no sticker" in english
    french = _render(completed, "fr")
    assert "Nouvel ordinateur portable prêt" in french
    assert "Numéro de série noté" in french


def test_checklist_events_are_internal(incident, printer, anna):
    services.add_checklist(incident, printer, acting_user=anna)
    event = incident.events.get(kind=EventKind.CHECKLIST)
    assert not event.is_public
    assert "Added the checklist <strong>Printer routine test</strong>." in _render(event, "en")


def test_customers_do_not_see_checklists_in_the_portal(client, chris, incident, printer, anna):
    services.add_checklist(incident, printer, acting_user=anna)
    client.force_login(chris)
    answer = client.get(reverse("portal:ticket", args=[incident.number]))
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "Printer routine test" not in html
    assert "Printer routinetest" not in html
