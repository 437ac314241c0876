"""Suggestions while an agent types a ticket: articles, similar earlier tickets (with how
they were resolved) and active known problems, each found through the one search service.

Languages: the text an agent types is not always in the caller's language (a Dutch
agent noting a French caller's problem), and every text in the index is stemmed in its
own language, so all three languages are searched. An article is shown in the language
whose text matched best; ``language`` (the contact's, when known) only decides which
translation "Send to customer" would send, falling back nl → fr → en like every reply
does (``extra["send_language"]``).

Similar tickets: only tickets the user may see, resolved or closed ones that carry a
resolution first (that is what helps on a call), then the rest, each by relevance.
Known problems: active ones matching the text, plus active ones registered for the
ticket's category (an outage is worth knowing about even when the words differ).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from loket.accounts.models import User
from loket.knowledge.models import FALLBACK_ORDER, ArticleStatus, ArticleTranslation
from loket.knowledge.search import find_articles
from loket.problems.models import ACTIVE_STATUSES, KnownProblem
from loket.search import engine
from loket.search.models import Kind
from loket.tickets.access import can_work_on_tickets, visible_tickets
from loket.tickets.models import Category, Status, Ticket

MIN_LENGTH = 3
# Ranked with mode "any", a long text matches many documents on one common word; a hit
# scoring under this share of the best one of its kind is noise on a call.
MIN_SHARE = 0.25
# Candidates asked from the index per wanted ticket: some are hidden from the user.
TICKET_CANDIDATES = 4
SOLVED = (Status.RESOLVED, Status.CLOSED)


@dataclass(slots=True)
class Suggestion:
    """One suggested article, ticket or known problem. ``snippet`` is HTML-escaped text
    with the matching words in <mark>; ``extra`` holds what the kind adds (articles:
    language, audience, send_language; tickets: number, status, resolution; problems:
    status, workaround, by_category)."""

    kind: str
    id: int
    title: str
    score: float
    snippet: str
    url: str
    extra: dict = field(default_factory=dict)


@dataclass(slots=True)
class Suggestions:
    articles: list[Suggestion] = field(default_factory=list)
    tickets: list[Suggestion] = field(default_factory=list)
    problems: list[Suggestion] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.articles or self.tickets or self.problems)


def suggest(
    user: User,
    text: str,
    *,
    language: str = "",
    category: Category | None = None,
    exclude_ticket: Ticket | None = None,
    limit: int = 5,
) -> Suggestions:
    """What may help with a ticket described by ``text``, for staff ``user``; empty for
    anyone else and for texts under three characters."""
    text = " ".join((text or "").split())
    if len(text) < MIN_LENGTH or not can_work_on_tickets(user):
        return Suggestions()
    limit = max(1, min(limit, 20))
    return Suggestions(
        articles=_articles(user, text, language, limit),
        tickets=_tickets(user, text, exclude_ticket, limit),
        problems=_problems(text, category, limit),
    )


def _above_floor(scored: list, score_of) -> list:
    if not scored:
        return scored
    best = max(score_of(item) for item in scored)
    return [item for item in scored if score_of(item) >= best * MIN_SHARE]


# --- articles -----------------------------------------------------------------------


def _articles(user: User, text: str, language: str, limit: int) -> list[Suggestion]:
    found = find_articles(
        user, text, mode="any", statuses=[ArticleStatus.PUBLISHED], limit=limit
    ).hits
    found = _above_floor(found, lambda hit: hit.score)
    if not found:
        return []
    # One query for every found article's languages (not one per article).
    languages: dict[int, list[str]] = {}
    for article_id, code in ArticleTranslation.objects.filter(
        article_id__in=[hit.article.pk for hit in found]
    ).values_list("article_id", "language"):
        languages.setdefault(article_id, []).append(code)
    return [
        Suggestion(
            kind=Kind.ARTICLE,
            id=hit.article.pk,
            title=hit.title,
            score=hit.score,
            snippet=hit.snippet,
            url=_article_url(hit.article.pk),
            extra={
                "language": hit.language,
                "audience": hit.article.audience,
                "languages": sorted(languages.get(hit.article.pk, [])),
                "send_language": _send_language(language, languages.get(hit.article.pk, [])),
            },
        )
        for hit in found
    ]


def _send_language(wanted: str, available: Sequence[str]) -> str:
    for code in (wanted, *FALLBACK_ORDER):
        if code in available:
            return code
    return ""


def _article_url(pk: int) -> str:
    for name in ("knowledge:article", "knowledge:detail"):
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return f"/kb/{pk}/"


# --- similar tickets ----------------------------------------------------------------


def _tickets(user: User, text: str, exclude: Ticket | None, limit: int) -> list[Suggestion]:
    results = engine.search(
        text,
        kind=Kind.TICKET,
        mode="any",
        exclude_objects=[exclude.pk] if exclude is not None else [],
        limit=limit * TICKET_CANDIDATES,
        snippets=False,  # cut below for the few that are shown
    )
    found = _above_floor(results.hits, lambda hit: hit.score)
    if not found:
        return []
    tickets = (
        visible_tickets(user)
        .filter(pk__in={hit.object_id for hit in found})
        .select_related("resolution_code")
        .only(
            "pk",
            "number",
            "subject",
            "status",
            "resolution",
            "resolved_at",
            "created_at",
            "resolution_code__name_nl",
            "resolution_code__name_fr",
            "resolution_code__name_en",
        )
        .in_bulk()
    )
    best: dict[int, engine.Hit] = {}
    for hit in found:
        if hit.object_id in tickets and hit.object_id not in best:
            best[hit.object_id] = hit
    ordered = sorted(
        best.values(),
        key=lambda hit: (not _helps(tickets[hit.object_id]), -hit.score, hit.object_id),
    )
    shown = ordered[:limit]
    engine.highlight(shown, results.terms)
    return [_ticket_suggestion(tickets[hit.object_id], hit) for hit in shown]


def _helps(ticket: Ticket) -> bool:
    return ticket.status in SOLVED and bool(ticket.resolution.strip())


def _ticket_suggestion(ticket: Ticket, hit: engine.Hit) -> Suggestion:
    code = ticket.resolution_code
    return Suggestion(
        kind=Kind.TICKET,
        id=ticket.pk,
        title=ticket.subject,
        score=hit.score,
        snippet=hit.snippet,
        url=reverse("tickets:detail", args=[ticket.number]),
        extra={
            "number": ticket.number,
            "status": ticket.status,
            "status_label": str(ticket.get_status_display()),
            "resolution": ticket.resolution if ticket.status in SOLVED else "",
            "resolution_code": str(code.name) if code else "",
            "resolved_at": ticket.resolved_at,
        },
    )


# --- known problems -----------------------------------------------------------------


def _problems(text: str, category: Category | None, limit: int) -> list[Suggestion]:
    found = engine.search(
        text, kind=Kind.PROBLEM, mode="any", statuses=ACTIVE_STATUSES, limit=limit * 3
    ).hits
    found = _above_floor(found, lambda hit: hit.score)
    hits: dict[int, engine.Hit] = {}
    for hit in found:
        hits.setdefault(hit.object_id, hit)
    ids = list(hits)
    problems = KnownProblem.objects.filter(status__in=ACTIVE_STATUSES).only(
        "pk", "title", "symptoms", "workaround", "status", "updated_at"
    )
    if category is not None:
        # One query: the matching problems and those registered for the ticket's category
        # or the category above it (a printing problem is also a hardware problem).
        around = [category.pk] + ([category.parent_id] if category.parent_id else [])
        problems = problems.filter(Q(pk__in=ids) | Q(categories__in=around)).distinct()
    elif ids:
        problems = problems.filter(pk__in=ids)
    else:
        return []
    by_pk = {problem.pk: problem for problem in problems}
    ordered = sorted(
        by_pk.values(),
        key=lambda p: (p.pk not in hits, -(hits[p.pk].score if p.pk in hits else 0), -p.pk),
    )
    return [problem_suggestion(p, hits.get(p.pk)) for p in ordered[:limit]]


def problem_suggestion(problem: KnownProblem, hit: engine.Hit | None = None) -> Suggestion:
    """A known problem as a suggestion (found by ``hit``, or by its category)."""
    return Suggestion(
        kind=Kind.PROBLEM,
        id=problem.pk,
        title=problem.title,
        score=hit.score if hit else 0.0,
        snippet=hit.snippet if hit else _escaped_start(problem.symptoms),
        url=_problem_url(problem.pk),
        extra={
            "status": problem.status,
            "status_label": str(problem.get_status_display()),
            "workaround": problem.workaround,
            "by_category": hit is None,
        },
    )


def _escaped_start(text: str, size: int = 30) -> str:
    words = (text or "").split()
    return escape(" ".join(words[:size])) + (" …" if len(words) > size else "")


def _problem_url(pk: int) -> str:
    for name in ("problems:detail", "problems:problem"):
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return f"/problems/{pk}/"


__all__ = ["Suggestion", "Suggestions", "problem_suggestion", "suggest"]
