"""Tickets in the search index, for "similar earlier tickets" (with their resolutions).

The ticket list's own filter stays on the ticket table's full-text index
(loket/tickets/search.py: every word, newest first, tuned for a million tickets); this
index ranks tickets by likeness to a text."""

from collections.abc import Iterable, Iterator

from loket.search import index
from loket.search.analysis import LANGUAGES, strip_accents, words
from loket.search.models import Kind
from loket.search.stopwords import STOPWORDS
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
    """The language the ticket is written in: the one whose stop words it uses most,
    else its contact's (a French-speaking caller's ticket may be typed in Dutch)."""
    usual = ticket.contact.language if ticket.contact_id and ticket.contact else "nl"
    return guess_language(f"{ticket.subject} {ticket.description}", default=usual)


def guess_language(text: str, *, default: str) -> str:
    found = [strip_accents(w) for w in words(text[:3000])]
    counts = {lang: sum(w in STOPWORDS[lang] for w in found) for lang in LANGUAGES}
    best = max(counts, key=lambda lang: (counts[lang], lang == default))
    return best if counts[best] >= 2 and counts[best] > counts.get(default, 0) else default


def index_ticket(ticket: Ticket, changed: Iterable[str] | None = None) -> None:
    """Bring the ticket's entry up to date (only when an indexed field changed)."""
    if changed is not None and not INDEXED_FIELDS.intersection(changed):
        return
    index.put([document_for(ticket)])


def documents(tickets: Iterable[Ticket]) -> Iterator[index.Document]:
    for ticket in tickets:
        yield document_for(ticket)
