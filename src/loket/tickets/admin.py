from django.contrib import admin

from loket.tickets.models import Category, PriorityRule, ResolutionCode


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_fr", "name_en", "parent", "position", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["name_nl", "name_fr", "name_en"]


@admin.register(ResolutionCode)
class ResolutionCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nl", "name_fr", "name_en", "is_active"]


@admin.register(PriorityRule)
class PriorityRuleAdmin(admin.ModelAdmin):
    list_display = ["impact", "urgency", "priority"]
    list_editable = ["priority"]
    list_display_links = None

    def has_add_permission(self, request):
        return PriorityRule.objects.count() < 9

    def has_delete_permission(self, request, obj=None):
        return False
