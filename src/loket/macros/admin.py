from django.contrib import admin
from django.utils import timezone

from loket.macros.models import Macro, MacroText, MacroUse


class MacroTextInline(admin.StackedInline):
    model = MacroText
    extra = 0
    fields = ["language", "profile", "body", "updated_at"]
    readonly_fields = ["body", "updated_at"]

    def has_add_permission(self, request, obj=None):
        # Texts are written on the canned-answer pages, which check the placeholders.
        return False


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    """Switch canned answers on or off and correct their titles and categories; texts are
    written on the canned-answer pages (placeholders checked, live preview)."""

    list_display = ["key", "title_en", "title_nl", "kind", "is_active", "use_count", "updated_at"]
    list_filter = ["is_active", "kind", "categories"]
    search_fields = ["key", "title_nl", "title_fr", "title_en", "texts__body"]
    readonly_fields = ["use_count", "created_at", "updated_at"]
    filter_horizontal = ["categories"]
    raw_id_fields = ["owner"]
    inlines = [MacroTextInline]

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        if not change:
            obj.created_at = now
            obj.owner = obj.owner or request.user
        obj.updated_at = now
        super().save_model(request, obj, form, change)


@admin.register(MacroUse)
class MacroUseAdmin(admin.ModelAdmin):
    list_display = ["macro", "ticket", "used_by", "language", "used_at"]
    list_filter = ["language"]
    raw_id_fields = ["macro", "ticket", "used_by"]
    date_hierarchy = "used_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
