"""Who may read, write and publish which article. Every view and endpoint asks here.

- staff (agents, specialists, supervisors, administrators) read every article, whatever
  its status or audience, and write drafts;
- reviewers publish, archive, restore and edit articles in review or published: every
  supervisor and administrator, and the people named as the article's reviewers;
- customers and visitors read only public, published articles.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from loket.accounts.models import Role, User
from loket.knowledge.models import Article, ArticleStatus, Audience

REVIEWER_ROLES: frozenset[str] = frozenset({Role.SUPERVISOR, Role.ADMIN})


def is_staff(user: User | None) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.is_staff_member
    )


def can_write_articles(user: User | None) -> bool:
    """Staff write drafts, flag articles and use them on tickets."""
    return is_staff(user)


def is_reviewer(user: User | None, article: Article | None = None) -> bool:
    """Supervisors and administrators review every article; others only those that
    name them as reviewer."""
    if user is None or not is_staff(user):
        return False
    if user.role in REVIEWER_ROLES:
        return True
    return (
        article is not None
        and article.pk is not None
        and (article.reviewers.filter(pk=user.pk).exists())
    )


def can_edit(user: User | None, article: Article) -> bool:
    """Any staff member edits a draft; once in review or published, only reviewers."""
    if not can_write_articles(user):
        return False
    if article.status == ArticleStatus.DRAFT:
        return True
    return is_reviewer(user, article)


def can_publish(user: User | None, article: Article) -> bool:
    """Publish, schedule, archive, restore a version, clear the needs-update flag."""
    return is_reviewer(user, article)


def can_see_requests(user: User | None) -> bool:
    """The list of tickets that need an article: supervisors and administrators."""
    return user is not None and is_staff(user) and user.role in REVIEWER_ROLES


def visible_articles(user: User | None) -> QuerySet[Article]:
    articles = Article.objects.all()
    if is_staff(user):
        return articles
    return articles.filter(status=ArticleStatus.PUBLISHED, audience=Audience.PUBLIC)


def article_for(user: User | None, pk: int | str, *, write: bool = False) -> Article:
    """The article ``pk`` if ``user`` may read it (and edit it, with ``write``); Http404
    when it does not exist or is hidden, PermissionDenied when it is read-only to them."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such article") from None
    article = (
        visible_articles(user)
        .select_related("category", "author")
        .prefetch_related("translations")
        .filter(pk=key)
        .first()
    )
    if article is None:
        raise Http404("No such article")
    if write and not can_edit(user, article):
        raise PermissionDenied("You may not change this article")
    return article
