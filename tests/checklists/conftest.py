"""Builders shared by the checklist tests.

- ``laptop``: "New laptop ready for use", required for service requests in Hardware
  (so also for its subcategory Printing), two items, the first asks for the serial number;
- ``printer``: "Printer routine test", suggested for Printing, not required, one item.
"""

import pytest

from loket.checklists.definitions import add_item, create_template
from loket.tickets.models import TicketType


@pytest.fixture
def laptop(sofie, categories):
    template = create_template(
        acting_user=sofie,
        title_nl="Nieuwe laptop klaar voor gebruik",
        title_fr="Nouvel ordinateur portable prêt",
        title_en="New laptop ready for use",
        categories=[categories["hardware"]],
        ticket_types=[TicketType.SERVICE_REQUEST],
        required=True,
    )
    add_item(
        template,
        acting_user=sofie,
        text_nl="Serienummer genoteerd",
        text_fr="Numéro de série noté",
        text_en="Serial number recorded",
        result_nl="serienummer",
        result_fr="numéro de série",
        result_en="serial number",
    )
    add_item(
        template,
        acting_user=sofie,
        text_nl="Windows-updates geïnstalleerd",
        text_fr="Mises à jour Windows installées",
        text_en="Windows updates installed",
    )
    return template


@pytest.fixture
def printer(sofie, categories):
    template = create_template(
        acting_user=sofie,
        title_nl="Printer routinetest",
        title_fr="Test de routine imprimante",
        title_en="Printer routine test",
        categories=[categories["printing"]],
    )
    add_item(
        template,
        acting_user=sofie,
        text_nl="Testpagina afgedrukt",
        text_fr="Page de test imprimée",
        text_en="Test page printed",
    )
    return template


@pytest.fixture
def request_ticket(make_ticket, anna, teams, contact_a, categories):
    """A service request in Printing (under Hardware): the laptop checklist is required."""
    return make_ticket(
        acting_user=anna,
        subject="New colleague needs a laptop",
        contact=contact_a,
        team=teams["first"],
        assignee=anna,
        category=categories["printing"],
        type=TicketType.SERVICE_REQUEST,
    )


@pytest.fixture
def incident(make_ticket, anna, teams, contact_a, categories):
    """An incident in Printing: nothing is required."""
    return make_ticket(
        acting_user=anna,
        contact=contact_a,
        team=teams["first"],
        assignee=anna,
        category=categories["printing"],
    )
