"""Scenarios in the admin: read-mostly. Steps are written in the editor (/scenarios/),
which validates trees and keeps published versions unchanged."""

from django.contrib import admin

from loket.scenarios.models import Proposal, Scenario, ScenarioVersion


class VersionInline(admin.TabularInline):
    model = ScenarioVersion
    extra = 0
    fields = [
        "number",
        "status",
        "note",
        "created_by",
        "created_at",
        "published_by",
        "published_at",
    ]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    """Owner, categories, keywords and whether agents are offered the scenario; the
    versions are listed, never changed here."""

    list_display = ["title_nl", "owner", "is_active", "current_version", "updated_at"]
    list_filter = ["is_active", "categories"]
    search_fields = ["title_nl", "title_fr", "title_en", "keywords"]
    fields = [
        "title_nl",
        "title_fr",
        "title_en",
        "owner",
        "categories",
        "keywords",
        "is_active",
        "current_version",
        "created_at",
        "updated_at",
    ]
    readonly_fields = ["current_version", "created_at", "updated_at"]
    filter_horizontal = ["categories"]
    raw_id_fields = ["owner"]
    inlines = [VersionInline]

    def has_add_permission(self, request):
        # A new scenario needs its first draft: the editor makes both.
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["scenario", "step_id", "author", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = [
        "scenario",
        "version",
        "step_id",
        "run",
        "text",
        "author",
        "created_at",
        "status",
        "answer",
        "handled_by",
        "handled_at",
    ]

    def has_add_permission(self, request):
        return False
