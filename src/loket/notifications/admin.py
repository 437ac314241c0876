"""Notifications in the admin: a read-only list, to check who was told what and when."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from loket.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "ticket_number", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__username", "ticket__number"]
    list_select_related = ["recipient", "ticket"]
    date_hierarchy = "created_at"
    fields = readonly_fields = ["created_at", "recipient", "kind", "ticket", "data", "read_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("ticket"), ordering="ticket__number")
    def ticket_number(self, obj):
        return obj.ticket.number if obj.ticket else "—"
