"""Tickets in the search index, for "similar earlier tickets" (with their resolutions).

The ticket list's own filter stays on the ticket table's full-text index
(loket/tickets/search.py: every word, newest first, tuned for a million tickets); this
index ranks tickets by likeness to a text."""

from collections.abc import Iterable, Iterator

from loket.search import index
from loket.search.models import Kind
from loket.tickets.models import Ticket

# A change to one of these fields changes what search knows of the ticket.
INDEXED_FIELDS = frozenset({"subject", "description", "resolution", "status", "category"})


def document_for(ticket: Ticket, *, language: str = "") -> index.Document:
    body = ticket.description
    if ticket.resolution:
        body = f"{body}\n\n{ticket.resolution}"
    return index.Document(
        kind=Kind.TICKET,
        object_id=ticket.pk,
        language=language or _language_of(ticket),
        title=ticket.subject,
        body=body,
        status=ticket.status,
        category_id=ticket.category_id,
    )


def _language_of(ticket: Ticket) -> str:
    return ticket.contact.language if ticket.contact_id and ticket.contact else "nl"


def index_ticket(ticket: Ticket, changed: Iterable[str] | None = None) -> None:
    """Bring the ticket's entry up to date (only when an indexed field changed)."""
    if changed is not None and not INDEXED_FIELDS.intersection(changed):
        return
    index.put([document_for(ticket)])


def documents(tickets: Iterable[Ticket]) -> Iterator[index.Document]:
    for ticket in tickets:
        yield document_for(ticket)
