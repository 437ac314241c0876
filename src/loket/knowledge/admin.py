from django.contrib import admin

from loket.knowledge.models import Article, ArticleTranslation, Tag


class TranslationInline(admin.StackedInline):
    model = ArticleTranslation
    extra = 0
    max_num = 3


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """For repairs only: the knowledge base's own pages keep versions and the index
    up to date, the admin does not."""

    list_display = [
        "__str__",
        "type",
        "audience",
        "status",
        "version",
        "needs_update",
        "updated_at",
    ]
    list_filter = ["status", "audience", "type", "needs_update"]
    search_fields = ["translations__title"]
    raw_id_fields = ["source_ticket", "author"]
    filter_horizontal = ["reviewers", "tags"]
    readonly_fields = [
        "version",
        "view_count",
        "helpful_count",
        "not_helpful_count",
        "last_used_at",
    ]
    inlines = [TranslationInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
