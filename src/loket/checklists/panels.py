"""The checklists panel on the ticket page (see ``loket.tickets.panels``)."""


def ticket_panel(request, ticket, events):
    return None
