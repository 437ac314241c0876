"""Admin: the texts of the mails Loket sends, and the outbox.

Only administrators (``access.can_manage_channels``) see or change these pages, whatever
Django permissions a user was given. Templates refuse unknown placeholders when saved and
show a preview rendered for a sample ticket; the outbox is read-only, with an action to
send failed mails again.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from loket.channels import outbound, sending
from loket.channels.admin.base import AdminsOnly, ReadOnly
from loket.channels.models import MailTemplate, OutboundMessage

SAMPLE_NUMBER = "2026-000123"


def check_placeholders(text: str) -> str:
    unknown = outbound.unknown_placeholders(text)
    if unknown:
        raise forms.ValidationError(
            ngettext(
                "%(names)s is not a placeholder. You can use: %(valid)s.",
                "%(names)s are not placeholders. You can use: %(valid)s.",
                len(unknown),
            )
            % {
                "names": ", ".join(f"{{{name}}}" for name in unknown),
                "valid": ", ".join(f"{{{name}}}" for name in outbound.PLACEHOLDERS),
            },
            code="unknown_placeholder",
        )
    return text


class MailTemplateForm(forms.ModelForm):
    class Meta:
        model = MailTemplate
        fields = ["kind", "language", "subject", "body", "is_active"]

    def clean_subject(self):
        return check_placeholders(self.cleaned_data.get("subject", ""))

    def clean_body(self):
        return check_placeholders(self.cleaned_data.get("body", ""))


@admin.register(MailTemplate)
class MailTemplateAdmin(AdminsOnly):
    """One kind of mail in one language. Switch a template off rather than deleting it:
    Loket then uses another language (nl, fr, en), or sends nothing of that kind."""

    form = MailTemplateForm
    list_display = ["kind", "language", "subject", "is_active", "updated_at"]
    list_filter = ["kind", "language", "is_active"]
    search_fields = ["subject", "body"]
    readonly_fields = ["placeholders", "preview", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kind", "language", "is_active", "subject", "body"]}),
        (_("Placeholders"), {"fields": ["placeholders"]}),
        (_("Preview for a sample ticket"), {"fields": ["preview", "updated_at"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        return False  # switched off instead, so every kind keeps its text

    @admin.display(description=_("You can use"))
    def placeholders(self, obj):
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><code>{{{}}}</code>: {}</li>",
                ((name, str(help)) for name, help in outbound.PLACEHOLDERS.items()),
            ),
        )

    @admin.display(description=_("Preview"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the template to see a preview.")
        subject, body = outbound.render(obj, outbound.sample_values(obj.language), SAMPLE_NUMBER)
        return format_html(
            '<p><strong>{}</strong></p><pre style="white-space: pre-wrap">{}</pre>',
            subject,
            body,
        )


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnly):
    """The outbox: what was sent, what waits for another attempt, and what failed."""

    list_display = [
        "created_at",
        "kind",
        "to_address",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "kind", "language"]
    search_fields = ["to_address", "subject", "message_id", "ticket__number"]
    list_select_related = ["ticket"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fields = [
        "ticket",
        "kind",
        "status",
        "to_address",
        "from_address",
        "reply_to",
        "language",
        "subject",
        "body",
        "message_id",
        "in_reply_to",
        "references",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields

    def has_resend_permission(self, request):
        return self._allowed(request)

    @admin.action(description=_("Send again (failed mails)"), permissions=["resend"])
    def send_again(self, request, queryset):
        count = sending.requeue(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed mail will be sent again.",
                "%(count)d failed mails will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
