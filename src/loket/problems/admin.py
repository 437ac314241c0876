from django.contrib import admin

from loket.problems.models import KnownProblem, ProblemLink
from loket.problems.services import index_problem


class ProblemLinkInline(admin.TabularInline):
    model = ProblemLink
    extra = 0
    fields = ["ticket", "linked_by", "linked_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(KnownProblem)
class KnownProblemAdmin(admin.ModelAdmin):
    """Read and correct problems; linking and resolving go through the problem pages,
    which tell the customers and keep the ticket timelines."""

    list_display = ["title", "status", "public_notice", "owner", "created_at", "resolved_at"]
    list_filter = ["status", "public_notice", "categories"]
    search_fields = ["title", "symptoms", "cause", "workaround", "affected_services"]
    readonly_fields = [
        "status",
        "resolution",
        "created_by",
        "created_at",
        "updated_at",
        "resolved_at",
    ]
    filter_horizontal = ["categories"]
    raw_id_fields = ["article", "owner"]
    inlines = [ProblemLinkInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Search must know what the admin changed (categories included).
        index_problem(form.instance)
