"""Finding articles: the knowledge base's search box, the portal and the suggestions all
ask here, so that who may see what is decided once."""

from collections.abc import Sequence
from dataclasses import dataclass

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
) -> ArticleResults:
    """Articles ``user`` may read that match ``text``, best first, one hit per article.

    ``mode="all"`` for a search box (every word, the last one as a prefix), ``"any"`` for
    the long text of a ticket or question. Staff may narrow by status and audience;
    for anyone else those are fixed to published and public.
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
    seen: set[int] = set()
    hits = []
    for hit in found.hits:
        article = articles.get(hit.object_id)
        if article is None or article.pk in seen:
            continue
        seen.add(article.pk)
        hits.append(ArticleHit(article, hit.language, hit.title, hit.score, hit.snippet))
        if len(hits) == limit:
            break
    return ArticleResults(hits, broadened=found.broadened, correction=found.correction)
