from django.contrib import admin

from loket.complaints.models import Complaint


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: complaints are registered, answered and followed up on the ticket page
    (or the API), which keep the timeline, the deadline and the notifications right."""

    list_display = [
        "ticket",
        "status",
        "subject",
        "organisation",
        "category",
        "registered_at",
        "due_at",
        "satisfied",
    ]
    list_filter = ["status", "subject", "satisfied", "registered_at"]
    search_fields = ["ticket__number", "paraphrase", "desired_outcome", "outcome"]
    date_hierarchy = "registered_at"
    list_select_related = ["ticket", "organisation", "category"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.get_fields() if f.concrete]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The change page still shows everything, read-only.
        return request.method in ("GET", "HEAD") and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
