"""Text search over tickets: one function that every list (UI, API) uses."""

import re

from django.db.models import Q, QuerySet

from loket.tickets.models import Ticket

NUMBER = re.compile(r"^\d{4}-\d{1,6}$")


def filter_by_text(tickets: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    """Tickets whose number, subject or description match ``text``."""
    text = (text or "").strip()[:200]
    if not text:
        return tickets
    if NUMBER.match(text):
        year, seq = text.split("-")
        return tickets.filter(number=f"{year}-{int(seq):06d}")
    condition = Q()
    for word in text.split()[:8]:
        condition &= Q(subject__icontains=word) | Q(description__icontains=word)
    return tickets.filter(condition)
