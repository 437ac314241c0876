"""Frequent problems: groups of similar recent tickets that no problem explains yet.

A supervisor looks at these to turn a recurring issue into a known problem. The grouping
is deliberately simple and explainable (docs/problems.md):

1. take the recent tickets without a problem link (at most ``MAX_TICKETS``, newest first);
2. give each ticket its strongest terms: the Snowball terms of subject (counted twice)
   and description, weighed by how rare they are among these tickets;
3. greedily, newest first, a ticket joins the first group whose first ticket shares at
   least two of those terms with it, or one term and the same category; otherwise it
   starts a group of its own;
4. groups of at least ``min_size`` tickets are the frequent problems, biggest first.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from loket.directory.models import Organisation
from loket.knowledge.search import category_and_below
from loket.search import engine
from loket.search.analysis import stem, words
from loket.search.models import Kind
from loket.tickets.models import Category, Ticket

MAX_TICKETS = 2000
TOP_TERMS = 6
# Only this much of a long description is read: the start says what the ticket is about.
MAX_TEXT = 2000
# Among many tickets, a term in more than this share of them tells none apart.
COMMON_SHARE = 0.5
COMMON_FROM = 20
LABEL_WORDS = 3
PUBLISHED = "published"


@dataclass
class Cluster:
    """A group of similar tickets; ``label`` names what they share."""

    label: str
    tickets: list[Ticket]
    count: int
    category: Category | None
    organisations: list[Organisation]
    has_article: bool = False
    words: list[str] = field(default_factory=list)


@dataclass
class _Group:
    seed: Ticket
    key_terms: set[str]
    members: list[Ticket] = field(default_factory=list)
    shared: Counter = field(default_factory=Counter)


def _language(ticket: Ticket) -> str:
    contact = ticket.contact
    return contact.language if contact is not None and contact.language else "nl"


def _ticket_terms(ticket: Ticket, surface: dict[str, Counter]) -> Counter:
    """Terms of the ticket with their weight (subject words count twice)."""
    language = _language(ticket)
    counts: Counter = Counter()
    for text, weight in ((ticket.subject, 2), ((ticket.description or "")[:MAX_TEXT], 1)):
        for word in words(text):
            term = stem(word, language)
            if not term or term.isdigit():
                continue
            counts[term] += weight
            surface.setdefault(term, Counter())[word] += 1
    return counts


def _top_terms(all_counts: list[Counter]) -> list[set[str]]:
    total = len(all_counts)
    frequency: Counter = Counter()
    for counts in all_counts:
        frequency.update(counts.keys())
    limit = total * COMMON_SHARE if total >= COMMON_FROM else total
    result = []
    for counts in all_counts:
        scored = [
            (weight * math.log(1 + total / frequency[term]), term)
            for term, weight in counts.items()
            if 2 <= frequency[term] <= limit
        ]
        scored.sort(reverse=True)
        result.append({term for _, term in scored[:TOP_TERMS]})
    return result


def _group(tickets: list[Ticket], top: list[set[str]]) -> list[_Group]:
    groups: list[_Group] = []
    by_term: dict[str, list[int]] = {}
    for ticket, terms in zip(tickets, top, strict=True):
        joined = None
        candidates: Counter = Counter()
        for term in terms:
            for index in by_term.get(term, ()):
                candidates[index] += 1
        for index, shared in sorted(candidates.items(), key=lambda item: (-item[1], item[0])):
            seed = groups[index].seed
            same_category = ticket.category_id is not None and (
                ticket.category_id == seed.category_id
            )
            if shared >= 2 or same_category:
                joined = groups[index]
                joined.shared.update(terms & joined.key_terms)
                break
        if joined is None:
            joined = _Group(seed=ticket, key_terms=terms)
            joined.shared.update(terms)
            for term in terms:
                by_term.setdefault(term, []).append(len(groups))
            groups.append(joined)
        joined.members.append(ticket)
    return groups


def _label_words(group: _Group, surface: dict[str, Counter]) -> list[str]:
    strongest = {term for term, _ in group.shared.most_common(LABEL_WORDS)}
    # In the order the first ticket says them: "vpn verbinding valt weg", not a jumble.
    seed = _language(group.seed)
    ordered = [stem(w, seed) for w in words(f"{group.seed.subject} {group.seed.description}")]
    position = {
        term: ordered.index(term) if term in ordered else len(ordered) for term in strongest
    }
    return [
        surface[term].most_common(1)[0][0]
        for term in sorted(strongest, key=lambda t: (position[t], t))
        if term in surface
    ]


def _has_article(label_words: list[str]) -> bool:
    """Whether a published article (internal or public) has the cluster's two strongest
    words: a search-box search, so every word must occur."""
    if not label_words:
        return False
    found = engine.search(
        " ".join(label_words[:2]) + " ",
        kind=Kind.ARTICLE,
        statuses=[PUBLISHED],
        mode="all",
        limit=1,
        snippets=False,
    )
    return bool(found.hits) and not found.broadened


def _cluster(group: _Group, surface: dict[str, Counter]) -> Cluster:
    members = group.members
    categories = Counter(t.category_id for t in members if t.category_id)
    category = None
    if categories:
        top_id = categories.most_common(1)[0][0]
        category = next(t.category for t in members if t.category_id == top_id)
    organisations = {t.organisation.pk: t.organisation for t in members if t.organisation}
    label_words = _label_words(group, surface)
    return Cluster(
        label=" ".join(label_words) or members[0].subject,
        tickets=members,
        count=len(members),
        category=category,
        organisations=sorted(organisations.values(), key=lambda o: o.name),
        has_article=_has_article(label_words),
        words=label_words,
    )


def recent_unlinked(
    *,
    days: int,
    category: Category | None = None,
    organisation: Organisation | None = None,
    now: datetime | None = None,
):
    """Tickets created in the last ``days`` days that are not linked to a problem."""
    now = now or timezone.now()
    tickets = Ticket.objects.filter(
        created_at__gte=now - timedelta(days=days),
        created_at__lte=now,
        problem_link__isnull=True,
    )
    if category is not None:
        tickets = tickets.filter(category_id__in=category_and_below(category))
    if organisation is not None:
        tickets = tickets.filter(organisation=organisation)
    return tickets


def frequent_problems(
    *,
    days: int = 30,
    min_size: int = 3,
    category: Category | None = None,
    organisation: Organisation | None = None,
    now: datetime | None = None,
) -> list[Cluster]:
    """Groups of at least ``min_size`` similar recent tickets without a problem, biggest
    first (see the module's docstring for how they are formed)."""
    tickets = list(
        recent_unlinked(days=days, category=category, organisation=organisation, now=now)
        .select_related("contact", "category", "organisation")
        .order_by("-created_at", "-pk")[:MAX_TICKETS]
    )
    surface: dict[str, Counter] = {}
    counts = [_ticket_terms(t, surface) for t in tickets]
    groups = _group(tickets, _top_terms(counts))
    big = [g for g in groups if len(g.members) >= max(1, min_size)]
    big.sort(key=lambda g: -len(g.members))
    return [_cluster(g, surface) for g in big]
