"""Admin: the telephone systems, blocked numbers, extensions and the (read-only) calls."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import STAFF_ROLES, User
from loket.channels.admin.base import AdminsOnly, ReadOnly
from loket.channels.models import BlockedNumber, Call, CtiEndpoint, Extension
from loket.core.phones import to_e164


@admin.register(CtiEndpoint)
class CtiEndpointAdmin(AdminsOnly):
    """Telephone systems are registered with ``loket cti-token NAME``, which prints the
    token once; here they are renamed or switched off (which refuses their events). The
    token itself is never shown: only its hash is stored."""

    list_display = ["name", "is_active", "created_at"]
    list_filter = ["is_active"]
    fields = ["name", "is_active", "created_at"]
    readonly_fields = ["created_at"]
    search_fields = ["name"]

    def has_add_permission(self, request, obj=None):
        # A new telephone system needs a token: `loket cti-token NAME` makes both.
        return False


class BlockedNumberForm(forms.ModelForm):
    class Meta:
        model = BlockedNumber
        fields = ["number", "reason"]

    def clean_number(self):
        number = to_e164(self.cleaned_data["number"])
        if number is None:
            raise forms.ValidationError(_("This is not a valid phone number."))
        return number


@admin.register(BlockedNumber)
class BlockedNumberAdmin(AdminsOnly):
    """Incoming calls from these numbers are answered "busy"; written in any notation,
    stored in E.164."""

    form = BlockedNumberForm
    list_display = ["number", "reason", "created_at"]
    search_fields = ["number", "reason"]


@admin.register(Extension)
class ExtensionAdmin(AdminsOnly):
    """Which staff member answers on which extension: how an ``answer`` event finds the
    agent when its ``user`` names nobody."""

    list_display = ["number", "user"]
    search_fields = ["number", "user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(role__in=STAFF_ROLES, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Call)
class CallAdmin(ReadOnly):
    """Calls are written by the telephone system's events only."""

    list_display = [
        "started_at",
        "direction",
        "party",
        "queue",
        "agent",
        "state",
        "cause",
        "blocked",
        "wait_seconds",
        "talk_seconds",
        "ticket",
    ]
    list_filter = ["direction", "state", "cause", "blocked", "endpoint"]
    search_fields = ["call_id", "party", "from_number", "to_number", "queue"]
    list_select_related = ["agent", "ticket", "endpoint"]
    date_hierarchy = "started_at"
