"""What every channels admin page shares: only administrators reach them
(``access.can_manage_channels``), whatever Django permissions a user was given."""

from django.contrib import admin

from loket.channels import access


class AdminsOnly(admin.ModelAdmin):
    def _allowed(self, request) -> bool:
        return access.can_manage_channels(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class ReadOnly(AdminsOnly):
    """Rows written by Loket itself (messages, mails, calls): shown, never changed here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
