"""The agent UI for tickets: queues, the new-call workspace and the ticket page."""

from loket.tickets.views.new_call import (
    new_call,
    new_call_caller,
    new_call_create_caller,
    new_call_lookup,
    new_call_priority,
)
from loket.tickets.views.queue import queue
from loket.tickets.views.ticket import attachment, ticket_action, ticket_detail

__all__ = [
    "attachment",
    "new_call",
    "new_call_caller",
    "new_call_create_caller",
    "new_call_lookup",
    "new_call_priority",
    "queue",
    "ticket_action",
    "ticket_detail",
]
