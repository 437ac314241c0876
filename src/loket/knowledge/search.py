"""Finding articles: the knowledge base's search box, the portal and the suggestions all
ask here, so that who may see what is decided once."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import translation

from loket.accounts.models import User
from loket.knowledge.models import Article, ArticleStatus, Audience
from loket.search import engine
from loket.search.models import Kind
from loket.tickets.models import Category


@dataclass(slots=True)
class ArticleHit:
    """An article found, in the language whose text matched."""

    article: Article
    language: str
    title: str
    score: float
    snippet: str


@dataclass(slots=True)
class ArticleResults:
    hits: list[ArticleHit]
    broadened: bool = False
    correction: str = ""


def reachable_filters(user: User | None) -> dict:
    """What of the knowledge base ``user`` may search: staff everything, customers and
    visitors only public, published articles."""
    if user is not None and user.is_authenticated and user.is_active and user.is_staff_member:
        return {}
    return {"audiences": [Audience.PUBLIC], "statuses": [ArticleStatus.PUBLISHED]}


def category_and_below(category: Category) -> list[int]:
    """The category and all its subcategories."""
    ids, frontier = [category.pk], [category.pk]
    while frontier:
        frontier = list(
            Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


def find_articles(
    user: User | None,
    text: str,
    *,
    languages: Sequence[str] = (),
    mode: str = "all",
    category: Category | None = None,
    statuses: Sequence[str] = (),
    audiences: Sequence[str] = (),
    limit: int = 10,
    prefer: str = "",
) -> ArticleResults:
    """Articles ``user`` may read that match ``text``, best first, one hit per article.

    ``mode="all"`` for a search box (every word, the last one as a prefix), ``"any"`` for
    the long text of a ticket or question. Staff may narrow by status and audience;
    for anyone else those are fixed to published and public. An article whose texts in
    several languages match is shown in its best-matching one, or for a search box
    (``mode="all"``, where words like "VPN" match every language) in ``prefer``
    (default: the active language).
    """
    restricted = reachable_filters(user)
    found = engine.search(
        text,
        kind=Kind.ARTICLE,
        languages=languages,
        mode=mode,
        audiences=restricted.get("audiences", audiences),
        statuses=restricted.get("statuses", statuses),
        categories=category_and_below(category) if category else (),
        limit=limit * 3,
    )
    articles = Article.objects.in_bulk({hit.object_id for hit in found.hits})
    # One hit per article, ranked by its best translation, shown in the reader's
    # language when that translation matched too.
    if mode == "all":
        prefer = prefer or (translation.get_language() or "")[:2]
    best: dict[int, ArticleHit] = {}
    for hit in found.hits:
        article = articles.get(hit.object_id)
        if article is None:
            continue
        if article.pk not in best:
            best[article.pk] = ArticleHit(article, hit.language, hit.title, hit.score, hit.snippet)
        elif hit.language == prefer and best[article.pk].language != prefer:
            score = best[article.pk].score
            best[article.pk] = ArticleHit(article, hit.language, hit.title, score, hit.snippet)
    hits = list(best.values())[:limit]
    return ArticleResults(hits, broadened=found.broadened, correction=found.correction)
