from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from loket.accounts.access import can_use_admin
from loket.accounts.models import ApiToken, Membership, Team, User

# Only the admin role configures Loket, whatever is_staff says.
admin.site.has_permission = lambda request: can_use_admin(request.user)
admin.site.site_header = _("Loket configuration")
admin.site.site_title = "Loket"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "language", "is_active"]
    list_filter = ["role", "language", "is_active"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Loket"),
            {
                "fields": [
                    "role",
                    "language",
                    "spoken_languages",
                    "skills",
                    "contact",
                    "organisation_admin",
                ]
            },
        ),
    )
    filter_horizontal = ["skills", "groups", "user_permissions"]
    raw_id_fields = ["contact"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    exclude = ["digest"]

    def has_add_permission(self, request):
        return False  # tokens are shown once, so they are made with `loket token USER`
