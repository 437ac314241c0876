"""The search index: one row per searchable text (an article translation, a ticket, a
known problem), with its analysed terms. The databases' full-text engines index the
terms: a weighted ``tsvector`` with a GIN index on PostgreSQL, an FTS5 table on SQLite
(migration 0002)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ARTICLE = "article", _("Article")
    TICKET = "ticket", _("Ticket")
    PROBLEM = "problem", _("Known problem")


class SearchEntry(models.Model):
    """What search sees of one object in one language. Written only by
    ``loket.search.index``; the object itself stays the source of truth."""

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object"))
    language = models.CharField(_("language"), max_length=2)
    audience = models.CharField(_("audience"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=20, blank=True)
    category_id = models.PositiveIntegerField(_("category"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="search_entry_unique"
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"], name="search_entry_kind")]

    def __str__(self):
        return f"{self.kind}:{self.object_id}:{self.language}"


class SearchWord(models.Model):
    """A term seen in articles and known problems with a word that produced it: the
    vocabulary that "did you mean" corrects typing errors against."""

    term = models.CharField(max_length=40, unique=True)
    word = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word
