"""Knowledge use cases. Every write to an article goes through one of these functions.

Each runs in one transaction, checks who acts (``access.py``), writes, and brings the
search index up to date. A publication, and every later edit of a published article,
freezes the article as a new ``ArticleVersion``.
"""

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.accounts.models import Language, User
from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.knowledge import access
from loket.knowledge.indexing import index_article
from loket.knowledge.models import (
    Article,
    ArticleAttachment,
    ArticleStatus,
    ArticleTranslation,
    ArticleType,
    ArticleVersion,
    Audience,
    Tag,
)
from loket.tickets.attachments import UploadedFile, detect_content_type, safe_filename
from loket.tickets.models import Category, Ticket

TEXT_FIELDS = ("title", "summary", "body")
LIMITS = {"title": 200, "summary": 300}
FIELD_LABELS = {"title": gettext_lazy("title"), "summary": gettext_lazy("summary")}
TAG_LENGTH = 50
UNCHANGED: Any = ...


# --- checks ------------------------------------------------------------------------------


def require_writer(user: User) -> None:
    if not access.can_write_articles(user):
        raise PermissionDenied(_("Only staff write articles."))


def _require_reviewer(user: User, article: Article) -> None:
    if not access.can_publish(user, article):
        raise PermissionDenied(_("Only reviewers publish, archive or restore articles."))


def _clean_translations(translations: dict) -> dict[str, dict[str, str] | None]:
    """{language: {title, summary, body}} checked; a language whose title and text are
    both empty becomes None (it is removed)."""
    if not isinstance(translations, dict):
        raise InvalidInput(_("Translations must be given per language."), code="bad_translations")
    cleaned: dict[str, dict[str, str] | None] = {}
    for language, fields in translations.items():
        if language not in Language.values:
            raise InvalidInput(
                _("Unknown language %(language)s.") % {"language": language},
                code="bad_language",
            )
        fields = fields or {}
        text = {name: str(fields.get(name) or "").strip() for name in TEXT_FIELDS}
        if not any(text.values()):
            cleaned[language] = None
            continue
        if not text["title"] or not text["body"]:
            raise InvalidInput(
                _("The %(language)s translation needs a title and a text.")
                % {"language": Language(language).label},
                code="translation_incomplete",
            )
        for name, limit in LIMITS.items():
            if len(text[name]) > limit:
                raise InvalidInput(
                    _("The %(field)s is longer than %(limit)s characters.")
                    % {
                        "field": FIELD_LABELS[name],
                        "limit": limit,
                    },
                    code="too_long",
                )
        cleaned[language] = text
    return cleaned


def _check_choices(type: str | None, audience: str | None) -> None:
    if type is not None and type not in ArticleType.values:
        raise InvalidInput(_("Unknown article type."), code="bad_type")
    if audience is not None and audience not in Audience.values:
        raise InvalidInput(_("Unknown audience."), code="bad_audience")


def _check_category(category: Category | None) -> None:
    if category is not None and not category.is_active:
        raise InvalidInput(_("This category is no longer in use."), code="inactive_category")


def _tags(names: Iterable[str | Tag]) -> list[Tag]:
    tags = []
    for item in names:
        name = item.name if isinstance(item, Tag) else " ".join(str(item).split()).lower()
        if not name:
            continue
        if len(name) > TAG_LENGTH:
            raise InvalidInput(
                _("A tag is at most %(limit)s characters.") % {"limit": TAG_LENGTH},
                code="tag_too_long",
            )
        tags.append(Tag.objects.get_or_create(name=name)[0])
    return tags


def _reviewers(users: Iterable[User], acting_user: User) -> list[User]:
    """The named reviewers; nobody names themselves (unless they review anyway)."""
    reviewers = list(users)
    if any(not user.is_active or not user.is_staff_member for user in reviewers):
        raise InvalidInput(_("Reviewers must be active staff."), code="bad_reviewer")
    if acting_user in reviewers and acting_user.role not in access.REVIEWER_ROLES:
        raise InvalidInput(
            _("Someone else reviews what you write: you cannot name yourself."),
            code="self_review",
        )
    return reviewers


def _write_translations(article: Article, translations: dict[str, dict[str, str] | None]) -> None:
    for language, text in translations.items():
        if text is None:
            article.translations.filter(language=language).delete()
        else:
            ArticleTranslation.objects.update_or_create(
                article=article, language=language, defaults=text
            )
    if not article.translations.exists():
        raise InvalidInput(
            _("An article needs at least one language with a title and a text."),
            code="translation_required",
        )


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _refresh(article: Article) -> Article:
    """Bring the caller's copy up to date with what was written."""
    article.refresh_from_db()
    if hasattr(article, "_prefetched_objects_cache"):
        article._prefetched_objects_cache = {}
    return article


# --- versions ----------------------------------------------------------------------------


def snapshot(article: Article) -> dict:
    """The article's current state as stored in ``ArticleVersion.content``."""
    return {
        "translations": {
            t.language: {name: getattr(t, name) for name in TEXT_FIELDS}
            for t in article.translations.all()
        },
        "type": article.type,
        "audience": article.audience,
        "category": article.category_id,
        "tags": sorted(article.tags.values_list("name", flat=True)),
    }


def _new_version(article: Article, *, author: User | None, note: str, now: datetime) -> None:
    article.version += 1
    ArticleVersion.objects.create(
        article=article,
        number=article.version,
        author=author,
        created_at=now,
        note=(note or "")[:200],
        content=snapshot(article),
    )


def _publish(article: Article, *, author: User | None, note: str, now: datetime) -> None:
    """Publish the locked ``article`` now, as a new version by ``author``."""
    article.status = ArticleStatus.PUBLISHED
    article.published_at = now
    article.publish_at = None
    article.scheduled_by = None
    article.scheduled_note = ""
    article.updated_at = now
    _new_version(article, author=author, note=note, now=now)
    article.save(
        update_fields=[
            "status",
            "published_at",
            "publish_at",
            "scheduled_by",
            "scheduled_note",
            "updated_at",
            "version",
        ]
    )
    index_article(article)


# --- writing articles --------------------------------------------------------------------


@transaction.atomic
def create_article(
    *,
    acting_user: User,
    translations: dict[str, dict],
    type: str = ArticleType.SOLUTION,
    audience: str = Audience.INTERNAL,
    category: Category | None = None,
    tags: Iterable[str | Tag] = (),
    reviewers: Iterable[User] = (),
    source_ticket: Ticket | None = None,
    now: datetime | None = None,
) -> Article:
    """A new draft in one or more languages (nl/fr/en; at least one with title and text)."""
    require_writer(acting_user)
    texts = _clean_translations(translations)
    _check_choices(type, audience)
    _check_category(category)
    now = now or timezone.now()
    article = Article.objects.create(
        type=type,
        audience=audience,
        category=category,
        author=acting_user,
        source_ticket=source_ticket,
        created_at=now,
        updated_at=now,
    )
    _write_translations(article, texts)
    article.tags.set(_tags(tags))
    article.reviewers.set(_reviewers(reviewers, acting_user))
    index_article(article)
    return article


@transaction.atomic
def update_article(
    article: Article,
    *,
    acting_user: User,
    translations: dict[str, dict] | None = None,
    type: str | None = None,
    audience: str | None = None,
    category: Category | None = UNCHANGED,
    tags: Iterable[str | Tag] | None = None,
    reviewers: Iterable[User] | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Article:
    """Change an article. Languages given in ``translations`` are replaced (removed when
    their title and text are empty); the others stay. Editing a published article is
    for reviewers and makes a new version."""
    locked = _locked(article)
    if not access.can_edit(acting_user, locked):
        raise PermissionDenied(_("You may not change this article."))
    if locked.status == ArticleStatus.ARCHIVED:
        raise TransitionNotAllowed(_("Restore a version to change an archived article."))
    _check_choices(type, audience)
    now = now or timezone.now()
    fields = ["updated_at"]
    if translations is not None:
        _write_translations(locked, _clean_translations(translations))
    if type is not None:
        locked.type = type
        fields.append("type")
    if audience is not None:
        locked.audience = audience
        fields.append("audience")
    if category is not UNCHANGED:
        if category is not None and category.pk != locked.category_id:
            _check_category(category)
        locked.category = category
        fields.append("category")
    if tags is not None:
        locked.tags.set(_tags(tags))
    if reviewers is not None:
        new = _reviewers(reviewers, acting_user)
        if set(new) != set(locked.reviewers.all()):
            if not access.is_reviewer(acting_user, locked) and locked.author_id != acting_user.pk:
                raise PermissionDenied(_("Only the author or a reviewer chooses the reviewers."))
            locked.reviewers.set(new)
    locked.updated_at = now
    if locked.status == ArticleStatus.PUBLISHED:
        _new_version(locked, author=acting_user, note=note or _("Edited"), now=now)
        fields.append("version")
    locked.save(update_fields=fields)
    index_article(locked)
    return _refresh(article)


@transaction.atomic
def submit_for_review(article: Article, *, acting_user: User, now: datetime | None = None):
    """A draft goes to the reviewers."""
    locked = _locked(article)
    if not access.can_edit(acting_user, locked):
        raise PermissionDenied(_("You may not change this article."))
    if locked.status != ArticleStatus.DRAFT:
        raise TransitionNotAllowed(_("Only drafts can be submitted for review."))
    locked.status = ArticleStatus.IN_REVIEW
    locked.updated_at = now or timezone.now()
    locked.save(update_fields=["status", "updated_at"])
    index_article(locked)
    return _refresh(article)


@transaction.atomic
def publish_article(
    article: Article,
    *,
    acting_user: User,
    at: datetime | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Article:
    """Publish now, or at ``at`` when that lies in the future: until then the article
    stays in review and ``publish_due_articles`` publishes it, as a version of whoever
    scheduled it."""
    locked = _locked(article)
    _require_reviewer(acting_user, locked)
    if locked.status == ArticleStatus.PUBLISHED:
        raise TransitionNotAllowed(_("This article is already published."))
    if at is not None and timezone.is_naive(at):
        raise InvalidInput(_("The publication time needs a time zone."), code="naive_time")
    now = now or timezone.now()
    if at is not None and at > now:
        locked.status = ArticleStatus.IN_REVIEW
        locked.publish_at = at
        locked.scheduled_by = acting_user
        locked.scheduled_note = (note or "")[:200]
        locked.updated_at = now
        locked.save(
            update_fields=["status", "publish_at", "scheduled_by", "scheduled_note", "updated_at"]
        )
        index_article(locked)
    else:
        _publish(locked, author=acting_user, note=note, now=now)
    return _refresh(article)


@transaction.atomic
def archive_article(article: Article, *, acting_user: User, now: datetime | None = None):
    """Take an article out of use; its versions stay and one can be restored."""
    locked = _locked(article)
    _require_reviewer(acting_user, locked)
    if locked.status == ArticleStatus.ARCHIVED:
        raise TransitionNotAllowed(_("This article is already archived."))
    locked.status = ArticleStatus.ARCHIVED
    locked.publish_at = None
    locked.scheduled_by = None
    locked.updated_at = now or timezone.now()
    locked.save(update_fields=["status", "publish_at", "scheduled_by", "updated_at"])
    index_article(locked)
    return _refresh(article)


@transaction.atomic
def restore_version(
    article: Article, number: int, *, acting_user: User, now: datetime | None = None
) -> Article:
    """Bring back the texts and fields of version ``number`` and publish them as a new
    version."""
    locked = _locked(article)
    _require_reviewer(acting_user, locked)
    version = locked.versions.filter(number=number).first()
    if version is None:
        raise InvalidInput(_("There is no such version."), code="no_such_version")
    content = version.content
    texts = content.get("translations", {})
    locked.translations.exclude(language__in=list(texts)).delete()
    _write_translations(locked, {lang: dict(text) for lang, text in texts.items()})
    locked.type = content.get("type", locked.type)
    locked.audience = content.get("audience", locked.audience)
    locked.category = Category.objects.filter(pk=content.get("category")).first()
    locked.save(update_fields=["type", "audience", "category"])
    locked.tags.set(_tags(content.get("tags", [])))
    note = _("Restored version %(number)s") % {"number": number}
    _publish(locked, author=acting_user, note=note, now=now or timezone.now())
    return _refresh(article)


def publish_due_articles(now: datetime | None = None) -> int:
    """Publish the articles whose scheduled time has come. Returns how many."""
    now = now or timezone.now()
    due = Article.objects.filter(
        status=ArticleStatus.IN_REVIEW, publish_at__isnull=False, publish_at__lte=now
    ).values_list("pk", flat=True)
    published = 0
    for pk in list(due):
        with transaction.atomic():
            article = Article.objects.select_for_update().get(pk=pk)
            # Another worker may have published it, or a reviewer changed the plan.
            if article.status != ArticleStatus.IN_REVIEW or not article.publish_at:
                continue
            if article.publish_at > now:
                continue
            _publish(
                article,
                author=article.scheduled_by,
                note=article.scheduled_note or _("Scheduled publication"),
                now=now,
            )
            published += 1
    return published


@transaction.atomic
def flag_needs_update(article: Article, *, acting_user: User, reason: str) -> Article:
    """Any staff member can say an article is out of date, and why."""
    require_writer(acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say what needs updating."), code="reason_required")
    locked = _locked(article)
    locked.needs_update = True
    locked.needs_update_reason = reason[:2000]
    locked.save(update_fields=["needs_update", "needs_update_reason"])
    index_article(locked)
    return _refresh(article)


@transaction.atomic
def clear_needs_update(article: Article, *, acting_user: User) -> Article:
    """A reviewer confirms the article is up to date again."""
    locked = _locked(article)
    _require_reviewer(acting_user, locked)
    locked.needs_update = False
    locked.needs_update_reason = ""
    locked.save(update_fields=["needs_update", "needs_update_reason"])
    index_article(locked)
    return _refresh(article)


@transaction.atomic
def add_attachment(
    article: Article, *, acting_user: User, upload: UploadedFile, now: datetime | None = None
) -> ArticleAttachment:
    """Attach a file (images can then be shown in the text); the type is read from the
    content, the size limited as for ticket attachments."""
    locked = _locked(article)
    if not access.can_edit(acting_user, locked):
        raise PermissionDenied(_("You may not change this article."))
    limit = settings.ATTACHMENT_MAX_BYTES
    too_large = InvalidInput(
        _("%(name)s is larger than the limit of %(limit)s MB.")
        % {"name": safe_filename(upload.name), "limit": limit // (1024 * 1024)},
        code="attachment_too_large",
    )
    if upload.size is not None and upload.size > limit:
        raise too_large
    data = bytearray()
    for chunk in upload.chunks():
        data.extend(chunk)
        if len(data) > limit:
            raise too_large
    if not data:
        raise InvalidInput(_("The file is empty."), code="attachment_empty")
    attachment = ArticleAttachment(
        article=locked,
        filename=safe_filename(upload.name),
        content_type=detect_content_type(bytes(data[:4096])),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=acting_user,
    )
    attachment.file.save(attachment.sha256, ContentFile(bytes(data)), save=False)
    attachment.save()
    locked.updated_at = now or timezone.now()
    locked.save(update_fields=["updated_at"])
    return attachment
