from django.contrib import admin

from loket.remote.models import Consent, ConsentAuditEntry, RemoteSession, RemoteTool


@admin.register(RemoteTool)
class RemoteToolAdmin(admin.ModelAdmin):
    """The tools agents may ask consent for; switch one off rather than deleting it."""

    list_display = ["name", "is_active", "position", "reference_hint"]
    list_editable = ["is_active", "position"]
    search_fields = ["name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Consent records are written by the remote services only and never changed here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditInline(admin.TabularInline):
    model = ConsentAuditEntry
    extra = 0
    can_delete = False
    fields = ["at", "action", "actor", "by_contact", "ip_address", "user_agent", "details"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = [
        "ticket",
        "tool",
        "method",
        "requested_by",
        "requested_at",
        "given_at",
        "withdrawn_at",
    ]
    list_filter = ["method", "tool"]
    search_fields = ["ticket__number"]
    list_select_related = ["ticket", "tool", "requested_by"]
    exclude = ["token_hash"]
    inlines = [AuditInline]


@admin.register(RemoteSession)
class RemoteSessionAdmin(ReadOnlyAdmin):
    list_display = [
        "ticket",
        "tool",
        "reference",
        "started_by",
        "started_at",
        "ended_at",
        "end_reason",
    ]
    list_filter = ["tool", "end_reason"]
    search_fields = ["ticket__number", "reference"]
    list_select_related = ["ticket", "tool", "started_by"]


@admin.register(ConsentAuditEntry)
class ConsentAuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["consent", "action", "actor", "by_contact", "at"]
    list_filter = ["action"]
    list_select_related = ["consent", "actor"]
