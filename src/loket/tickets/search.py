"""Text search over tickets: one function that every list (UI, API) uses.

Backed by the database's own full-text index (migration 0003_ticket_text_search):
PostgreSQL tsvector with a GIN index, SQLite FTS5. Every word typed must occur in the
subject or description, the last one as a prefix, so search-as-you-type works.
A ticket number (``2026-42`` or ``2026-000042``) finds that ticket.
"""

import re

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from loket.tickets.models import Ticket

NUMBER = re.compile(r"^\d{4}-\d{1,6}$")
WORD = re.compile(r"[\w][\w@.+'-]*", re.UNICODE)

# A stored generated column with a GIN index (migration 0004_ticket_search_document).
PG_DOCUMENT = "tickets_ticket.search_document"


def words(text: str, limit: int = 8) -> list[str]:
    """The search words in ``text``, without query-syntax characters."""
    return [w.strip(".'-+") for w in WORD.findall(text or "")][:limit]


def _pg_query(terms: list[str]) -> str:
    quoted = ["'" + t.replace("\\", "").replace("'", "''") + "'" for t in terms if t]
    return " & ".join(f"{q}:*" for q in quoted)


def _sqlite_query(terms: list[str]) -> str:
    return " ".join('"' + t.replace('"', "") + '"*' for t in terms if t)


# Up to this many matches, the matching ids are fetched through the GIN index first and
# the page is sorted from them; beyond it, the words are common enough that walking the
# tickets newest first meets a page of matches quickly.
RARE_MATCHES = 1000


def _pg_filter(tickets: QuerySet[Ticket], query: str) -> QuerySet[Ticket]:
    """PostgreSQL guesses how many rows a full-text match finds (about 0.5 %), and for a
    word found nowhere that guess makes it walk every ticket by date. So ask the index
    first, bounded, and only fall back to the outer condition for common words."""
    condition = RawSQL(f"{PG_DOCUMENT} @@ to_tsquery('simple', %s)", [query], BooleanField())
    ids = list(
        Ticket.objects.filter(condition).order_by().values_list("pk", flat=True)[: RARE_MATCHES + 1]
    )
    if len(ids) <= RARE_MATCHES:
        return tickets.filter(pk__in=ids)
    return tickets.filter(condition)


def filter_by_text(tickets: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    """Tickets whose number, subject or description match ``text``."""
    text = (text or "").strip()[:200]
    if not text:
        return tickets
    if NUMBER.match(text):
        year, seq = text.split("-")
        return tickets.filter(number=f"{year}-{int(seq):06d}")
    terms = [t for t in words(text) if t]
    if not terms:
        return tickets.none()
    if connection.vendor == "postgresql":
        return _pg_filter(tickets, _pg_query(terms))
    if connection.vendor == "sqlite":
        matching = RawSQL(
            "SELECT rowid FROM tickets_ticket_fts WHERE tickets_ticket_fts MATCH %s",
            [_sqlite_query(terms)],
        )
        return tickets.filter(pk__in=matching)
    condition = Q()  # pragma: no cover - other databases fall back to a scan
    for term in terms:
        condition &= Q(subject__icontains=term) | Q(description__icontains=term)
    return tickets.filter(condition)
