from django.contrib import admin

from loket.checklists.models import (
    ChecklistTemplate,
    ItemCheck,
    TemplateItem,
    TicketChecklist,
    TicketChecklistItem,
)


class TemplateItemInline(admin.StackedInline):
    model = TemplateItem
    extra = 0
    fields = [
        "position",
        ("text_nl", "text_fr", "text_en"),
        ("result_nl", "result_fr", "result_en"),
        ("help_nl", "help_fr", "help_en"),
    ]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    """Define routine tests; changes never touch the checklists already on tickets."""

    list_display = ["title", "required", "is_active", "owner", "updated_at"]
    list_filter = ["required", "is_active", "categories"]
    search_fields = ["title_nl", "title_fr", "title_en"]
    filter_horizontal = ["categories"]
    raw_id_fields = ["owner"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [TemplateItemInline]

    def save_model(self, request, obj, form, change):
        from django.utils import timezone

        now = timezone.now()
        if not change:
            obj.created_at = now
            obj.owner = obj.owner or request.user
        obj.updated_at = now
        super().save_model(request, obj, form, change)


class TicketChecklistItemInline(admin.TabularInline):
    model = TicketChecklistItem
    extra = 0
    fields = ["position", "text", "state", "result", "checked_by", "checked_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TicketChecklist)
class TicketChecklistAdmin(admin.ModelAdmin):
    """Read what was checked on tickets; ticking happens on the ticket page."""

    list_display = ["title", "ticket", "required", "added_by", "added_at", "completed_at"]
    list_filter = ["required", "template"]
    search_fields = ["title", "ticket__number"]
    readonly_fields = [
        "ticket",
        "template",
        "title",
        "title_nl",
        "title_fr",
        "title_en",
        "required",
        "added_by",
        "added_at",
        "completed_at",
    ]
    inlines = [TicketChecklistItemInline]

    def has_add_permission(self, request):
        return False


@admin.register(ItemCheck)
class ItemCheckAdmin(admin.ModelAdmin):
    list_display = ["item", "old_state", "state", "result", "checked_by", "checked_at"]
    readonly_fields = ["item", "old_state", "state", "result", "checked_by", "checked_at"]
    list_select_related = ["item", "checked_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
