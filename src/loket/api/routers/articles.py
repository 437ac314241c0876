"""Knowledge articles: list and search, create, read, change, the review workflow, versions
and feedback. Customers reach only public, published articles."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from loket.accounts.access import assignable_users
from loket.accounts.models import User
from loket.api.auth import acting_user
from loket.api.pagination import paginate
from loket.api.references import category_ref
from loket.api.schemas import Id, PageParams, Text, errors
from loket.api.schemas_knowledge import (
    ArticleIn,
    ArticleOut,
    ArticlePage,
    ArticlePatch,
    ArticleStatusCode,
    ArticleTypeCode,
    ArticleVersionOut,
    AudienceCode,
    FeedbackIn,
    FeedbackOut,
    LanguageCode,
    PublishIn,
    RestoreIn,
    TranslationsIn,
)
from loket.core.errors import InvalidInput
from loket.knowledge import services, usage
from loket.knowledge.access import (
    article_for,
    can_publish,
    can_write_articles,
    visible_articles,
)
from loket.knowledge.links import article_url
from loket.knowledge.markdown import render
from loket.knowledge.models import Article, ArticleTranslation, ArticleVersion
from loket.knowledge.search import category_and_below, find_articles

router = Router(tags=["articles"])

ArticleId = Path(..., ge=1, le=2**63 - 1, description="The article's id.")

# Search answers are the best ones only: pages run over at most this many articles.
MAX_SEARCH_RESULTS = 100


class ArticleFilters(Schema):
    q: Text | None = Field(
        None,
        max_length=500,
        description="Search words: results come best first, with `score` and `snippet`.",
    )
    language: LanguageCode | None = Field(None, description="Only articles written in it.")
    status: list[ArticleStatusCode] = Field(
        default_factory=list, description="Repeatable. Customers: published only."
    )
    audience: AudienceCode | None = Field(None, description="Customers: public only.")
    type: list[ArticleTypeCode] = Field(default_factory=list, description="Repeatable.")
    category: Id | None = Field(None, description="The category and its subcategories.")


def _with_related(articles: QuerySet[Article]) -> QuerySet[Article]:
    return articles.select_related("category").prefetch_related(
        Prefetch("translations", queryset=ArticleTranslation.objects.order_by("language")),
        "tags",
    )


def _reader_language(request: HttpRequest, asked: str | None = None) -> str:
    return asked or (translation.get_language() or "nl")[:2]


def _list_item(article: Article, language: str, *, score=None, snippet=None) -> dict:
    shown = article.translation(language)
    return {
        "id": article.pk,
        "title": shown.title if shown else "",
        "summary": shown.summary if shown else "",
        "language": shown.language if shown else language,
        "languages": [t.language for t in article.translations.all()],
        "type": article.type,
        "audience": article.audience,
        "status": article.status,
        "category": article.category,
        "tags": [tag.name for tag in article.tags.all()],
        "version": article.version,
        "needs_update": article.needs_update,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "url": article_url(article, shown.language if shown else language),
        "score": score,
        "snippet": snippet,
    }


def _article_out(user: User, article: Article, language: str) -> dict:
    """The whole article; what only staff may know is left out for anyone else."""
    staff = user.is_staff_member
    shown = article.translation(language)
    return {
        **_list_item(article, language),
        "translations": {
            t.language: {
                "title": t.title,
                "summary": t.summary,
                "body": t.body,
                "body_html": str(render(t.body)),
            }
            for t in article.translations.all()
        },
        "language": shown.language if shown else language,
        "author": article.author if staff else None,
        "reviewers": list(article.reviewers.all()) if staff else [],
        "publish_at": article.publish_at,
        "needs_update_reason": article.needs_update_reason if staff else None,
        "view_count": article.view_count,
        "helpful_count": article.helpful_count,
        "not_helpful_count": article.not_helpful_count,
        "last_used_at": article.last_used_at,
        "created_at": article.created_at,
    }


def _fresh(user: User, article: Article, request: HttpRequest) -> dict:
    article = (
        _with_related(Article.objects.all())
        .select_related("author")
        .prefetch_related("reviewers")
        .get(pk=article.pk)
    )
    return _article_out(user, article, _reader_language(request))


def _translations(sent: TranslationsIn, *, partial: bool) -> dict:
    """``{"nl": {"title", "summary", "body"}}``; with ``partial`` a language sent as null
    is ``None`` (remove it)."""
    values = sent.model_dump(exclude_unset=partial)
    return {lang: text for lang, text in values.items() if partial or text is not None}


def _reviewers(user: User, ids: list[int]) -> list[User]:
    found = list(assignable_users(user).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise InvalidInput(
            _("There is no staff member with this id that you may use."), code="unknown_user"
        )
    return found


def _tags(names: list[str]) -> list[str]:
    return list(dict.fromkeys(name.strip() for name in names if name.strip()))


def _search(user: User, filters: ArticleFilters, page: PageParams, language: str) -> dict:
    category = category_ref(filters.category)
    found = find_articles(
        user,
        filters.q or "",
        languages=[filters.language] if filters.language else (),
        category=category,
        statuses=filters.status,
        audiences=[filters.audience] if filters.audience else (),
        limit=MAX_SEARCH_RESULTS,
    )
    hits = [hit for hit in found.hits if not filters.type or hit.article.type in filters.type]
    start = (page.page - 1) * page.page_size
    shown = hits[start : start + page.page_size]
    articles = _with_related(Article.objects.all()).in_bulk([hit.article.pk for hit in shown])
    return {
        "count": len(hits),
        "page": page.page,
        "page_size": page.page_size,
        "correction": found.correction,
        "broadened": found.broadened,
        "results": [
            _list_item(
                articles[hit.article.pk],
                hit.language,
                score=hit.score,
                snippet=hit.snippet,
            )
            for hit in shown
            if hit.article.pk in articles
        ],
    }


def _filtered(user: User, filters: ArticleFilters) -> QuerySet[Article]:
    articles = visible_articles(user)
    if filters.status:
        articles = articles.filter(status__in=filters.status)
    if filters.audience:
        articles = articles.filter(audience=filters.audience)
    if filters.type:
        articles = articles.filter(type__in=filters.type)
    if filters.category:
        category = category_ref(filters.category)
        articles = articles.filter(category_id__in=category_and_below(category))
    if filters.language:
        articles = articles.filter(
            pk__in=ArticleTranslation.objects.filter(language=filters.language).values("article_id")
        )
    return articles.order_by("-updated_at", "-id")


@router.get(
    "/articles",
    response={200: ArticlePage, **errors(422)},
    summary="List or search articles",
    description="The articles you may read, newest change first. With `q`, a search: the "
    "best matches first (at most 100), each with a `score` and a highlighted `snippet`; "
    "`correction` and `broadened` tell how the words were understood. Titles and summaries "
    "are in your language when the article has it (else nl, fr, en); a search shows the "
    "language that matched. Customers see only public, published articles.",
)
def list_articles(request: HttpRequest, filters: Query[ArticleFilters], page: Query[PageParams]):
    user = acting_user(request)
    language = _reader_language(request, filters.language)
    if filters.q and filters.q.strip():
        return _search(user, filters, page, language)
    answer = paginate(_with_related(_filtered(user, filters)), page)
    answer["results"] = [_list_item(article, language) for article in answer["results"]]
    return answer


@router.post(
    "/articles",
    response={201: ArticleOut, **errors(403, 422)},
    summary="Create an article",
    description="A draft, with its text in at least one language. Staff only.",
)
def create_article(request: HttpRequest, payload: ArticleIn):
    user = acting_user(request)
    if not can_write_articles(user):
        raise PermissionDenied
    translations = _translations(payload.translations, partial=False)
    if not translations:
        raise InvalidInput(
            _("Write the article in at least one language."), code="translation_required"
        )
    article = services.create_article(
        acting_user=user,
        translations=translations,
        type=payload.type,
        audience=payload.audience,
        category=category_ref(payload.category),
        tags=_tags(payload.tags),
        reviewers=_reviewers(user, payload.reviewers),
    )
    return Status(201, _fresh(user, article, request))


@router.get(
    "/articles/{article_id}",
    response={200: ArticleOut, **errors(404)},
    summary="Get an article",
    description="With every translation (Markdown and sanitised HTML). An article a "
    "customer may not read (internal, or not published) is 404 for them.",
)
def get_article(request: HttpRequest, article_id: int = ArticleId):
    user = acting_user(request)
    return _fresh(user, article_for(user, article_id), request)


@router.patch(
    "/articles/{article_id}",
    response={200: ArticleOut, **errors(403, 404, 422)},
    summary="Change an article",
    description="Translations, type, audience, category, tags, reviewers; only the fields "
    "sent. The status changes only through `submit`, `publish` and `archive` (422 "
    "`status_needs_action`).",
)
def update_article(request: HttpRequest, payload: ArticlePatch, article_id: int = ArticleId):
    user = acting_user(request)
    article = article_for(user, article_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    if "status" in changes:
        raise InvalidInput(
            _("The status changes through the submit, publish and archive actions."),
            code="status_needs_action",
        )
    fields: dict = {"note": changes.get("note", "")}
    if payload.translations is not None and "translations" in changes:
        fields["translations"] = _translations(payload.translations, partial=True)
    for name in ("type", "audience"):
        if changes.get(name) is not None:
            fields[name] = changes[name]
    if "category" in changes:
        fields["category"] = category_ref(changes["category"])
    if changes.get("tags") is not None:
        fields["tags"] = _tags(changes["tags"])
    if changes.get("reviewers") is not None:
        fields["reviewers"] = _reviewers(user, changes["reviewers"])
    article = services.update_article(article, acting_user=user, **fields)
    return _fresh(user, article, request)


@router.post(
    "/articles/{article_id}/submit",
    response={200: ArticleOut, **errors(403, 404, 409, 422)},
    summary="Submit an article for review",
    description="A draft goes to review by a supervisor or one of its reviewers.",
)
def submit_article(request: HttpRequest, article_id: int = ArticleId):
    user = acting_user(request)
    article = article_for(user, article_id, write=True)
    services.submit_for_review(article, acting_user=user)
    return _fresh(user, article, request)


@router.post(
    "/articles/{article_id}/publish",
    response={200: ArticleOut, **errors(403, 404, 409, 422)},
    summary="Publish an article",
    description="Supervisors, administrators and the article's reviewers. Publishing "
    "freezes a new version. With `at` in the future it is scheduled (`publish_at`) and "
    "published then. The body is optional.",
)
def publish_article(
    request: HttpRequest, article_id: int = ArticleId, payload: PublishIn | None = None
):
    user = acting_user(request)
    article = article_for(user, article_id, write=True)
    if not can_publish(user, article):
        raise PermissionDenied
    services.publish_article(
        article,
        acting_user=user,
        at=payload.at if payload else None,
        note=payload.note if payload else "",
    )
    return _fresh(user, article, request)


@router.post(
    "/articles/{article_id}/archive",
    response={200: ArticleOut, **errors(403, 404, 409, 422)},
    summary="Archive an article",
    description="It leaves the knowledge base and the suggestions; its versions stay.",
)
def archive_article(request: HttpRequest, article_id: int = ArticleId):
    user = acting_user(request)
    article = article_for(user, article_id, write=True)
    services.archive_article(article, acting_user=user)
    return _fresh(user, article, request)


@router.get(
    "/articles/{article_id}/versions",
    response={200: list[ArticleVersionOut], **errors(403, 404)},
    summary="List an article's versions",
    description="Every published state, newest first, with author, date, note and "
    "content. Staff only.",
)
def list_article_versions(request: HttpRequest, article_id: int = ArticleId):
    user = acting_user(request)
    article = article_for(user, article_id)
    if not user.is_staff_member:
        raise PermissionDenied
    return ArticleVersion.objects.filter(article=article).select_related("author")


@router.post(
    "/articles/{article_id}/restore",
    response={200: ArticleOut, **errors(403, 404, 409, 422)},
    summary="Restore an older version",
    description="Its text and fields become the article's current text again.",
)
def restore_article_version(request: HttpRequest, payload: RestoreIn, article_id: int = ArticleId):
    user = acting_user(request)
    article = article_for(user, article_id, write=True)
    services.restore_version(article, payload.number, acting_user=user)
    return _fresh(user, article, request)


@router.post(
    "/articles/{article_id}/feedback",
    response={201: FeedbackOut, **errors(404, 422)},
    summary="Say whether an article helped",
    description="Anyone who may read the article, customers too; with an optional comment.",
)
def give_article_feedback(request: HttpRequest, payload: FeedbackIn, article_id: int = ArticleId):
    user = acting_user(request)
    article = article_for(user, article_id)
    usage.record_feedback(
        article,
        helpful=payload.helpful,
        language=_reader_language(request, payload.language),
        comment=payload.comment,
        user=user,
    )
    article.refresh_from_db(fields=["helpful_count", "not_helpful_count"])
    return Status(
        201,
        {"helpful_count": article.helpful_count, "not_helpful_count": article.not_helpful_count},
    )
