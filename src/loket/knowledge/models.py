"""Knowledge articles: translations, versions, review workflow, feedback and use."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import Language

# The order in which a missing translation is replaced: the asked language first, then
# these (docs/knowledge.md, "Languages").
FALLBACK_ORDER = ("nl", "fr", "en")


class ArticleType(models.TextChoices):
    SOLUTION = "solution", _("Solution")
    HOWTO = "howto", _("How-to for end users")
    FAQ = "faq", _("FAQ")
    KNOWN_ERROR = "known_error", _("Known-error article")


class Audience(models.TextChoices):
    INTERNAL = "internal", _("Internal (staff only)")
    PUBLIC = "public", _("Public (customers too)")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Tag(models.Model):
    """A free label on articles, e.g. "vpn" or "windows-11"."""

    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


class Article(models.Model):
    """A piece of knowledge in one or more languages. Its text lives in
    ``ArticleTranslation``; each publication freezes it as an ``ArticleVersion``."""

    type = models.CharField(
        _("type"), max_length=12, choices=ArticleType.choices, default=ArticleType.SOLUTION
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.INTERNAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    category = models.ForeignKey(
        "tickets.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="authored_articles",
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewers"),
        blank=True,
        related_name="articles_to_review",
        help_text=_("Besides supervisors and administrators, these people may publish it."),
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    # Who scheduled the publication: the author of the version published at publish_at.
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scheduled_note = models.CharField(
        _("note for the scheduled version"), max_length=200, blank=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    needs_update = models.BooleanField(_("needs update"), default=False)
    needs_update_reason = models.TextField(_("why it needs an update"), blank=True)
    source_ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("created from ticket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    view_count = models.PositiveIntegerField(_("views"), default=0)
    helpful_count = models.PositiveIntegerField(_("helped"), default=0)
    not_helpful_count = models.PositiveIntegerField(_("did not help"), default=0)
    last_used_at = models.DateTimeField(_("last used in a ticket"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "audience"], name="article_status"),
            models.Index(
                fields=["publish_at"],
                name="article_scheduled",
                condition=models.Q(publish_at__isnull=False),
            ),
        ]

    def __str__(self):
        translation = self.translation()
        return translation.title if translation else f"#{self.pk}"

    def translation(self, language: str = "") -> "ArticleTranslation | None":
        """The text in ``language``, else the first of ``FALLBACK_ORDER`` that exists."""
        found = {t.language: t for t in self.translations.all()}
        for code in (language, *FALLBACK_ORDER):
            if code in found:
                return found[code]
        return None


class ArticleTranslation(models.Model):
    """An article's current text in one language (Markdown)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences; sent to customers with the link."),
    )
    body = models.TextField(_("text"), help_text=_("Markdown."))

    class Meta:
        ordering = ["language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="article_language"),
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"


class ArticleVersion(models.Model):
    """A published state of an article, frozen: the texts and the fields around them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    # {"translations": {"nl": {"title", "summary", "body"}, ...}, "type", "audience",
    #  "category": id or None, "tags": [names]}
    content = models.JSONField(_("content"))

    class Meta:
        ordering = ["-number"]
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_version"),
        ]

    def __str__(self):
        return f"{self.article_id} v{self.number}"


def article_file_path(instance: "ArticleAttachment", filename: str) -> str:
    return f"knowledge/{instance.sha256[:2]}/{instance.sha256}"


class ArticleAttachment(models.Model):
    """A file or image of an article; images can be shown in its text."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=article_file_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("article attachment")
        verbose_name_plural = _("article attachments")

    def __str__(self):
        return self.filename

    @property
    def is_image(self) -> bool:
        return self.content_type in ("image/png", "image/jpeg", "image/gif", "image/webp")


class ArticleFeedback(models.Model):
    """An answer to "did this help?"."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    helpful = models.BooleanField(_("helped"))
    comment = models.TextField(_("comment"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("date"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("article feedback")
        verbose_name_plural = _("article feedback")

    def __str__(self):
        return f"{self.article_id}: {'+' if self.helpful else '-'}"


class UseKind(models.TextChoices):
    SENT = "sent", _("Sent to the customer")
    LINKED = "linked", _("Linked")
    CREATED_FROM = "created_from", _("Written from this ticket")


class ArticleUse(models.Model):
    """An article used on a ticket: sent to the customer, linked, or written from it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="uses")
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="article_uses"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=UseKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("date"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("article use")
        verbose_name_plural = _("article uses")
        indexes = [models.Index(fields=["ticket", "-created_at"], name="article_use_ticket")]

    def __str__(self):
        return f"{self.article_id} {self.kind} {self.ticket_id}"


class ArticleRequest(models.Model):
    """A ticket flagged "needs article": its problem has no (good) article yet."""

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="article_request"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("date"))
    article = models.ForeignKey(
        Article,
        verbose_name=_("article written"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("article request")
        verbose_name_plural = _("article requests")

    def __str__(self):
        return f"{self.ticket_id}"


class Deflection(models.Model):
    """A customer who found the answer in the portal and did not open a ticket."""

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="deflections"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    query = models.CharField(_("what they typed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("date"), db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("deflection")
        verbose_name_plural = _("deflections")

    def __str__(self):
        return f"{self.article_id} {self.created_at:%Y-%m-%d}"
