"""Admin: mailboxes (set up by administrators) and incoming messages (read only).

The mailbox password is write-only: the form never shows it, a blank field keeps the
stored one. Only administrators (``access.can_manage_channels``) reach these pages;
Django's own staff flag is not enough.
"""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from loket.channels import imap
from loket.channels.admin.base import AdminsOnly, ReadOnly
from loket.channels.models import InboundMessage, Mailbox, Security


class MailboxForm(forms.ModelForm):
    secret = forms.CharField(
        label=_("password"),
        required=False,
        strip=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Never shown again once saved. Leave blank to keep the stored password; type a "
            "new one to replace it."
        ),
    )

    class Meta:
        model = Mailbox
        fields = [
            "name",
            "address",
            "is_active",
            "host",
            "port",
            "security",
            "folder",
            "username",
            "secret",
            "team",
            "category",
            "language",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Compared with a blank initial value, a blank field reads as "unchanged".
        self.initial["secret"] = ""

    def clean_secret(self):
        secret = self.cleaned_data.get("secret") or ""
        if not secret and self.instance.pk:
            return self.instance.secret
        return secret

    def clean(self):
        cleaned = super().clean()
        host = (cleaned.get("host") or "").strip()
        if cleaned.get("security") == Security.NONE and host and not imap.is_loopback(host):
            self.add_error(
                "security",
                _(
                    "Without security the password travels in plain text: only allowed to "
                    "this machine (localhost, 127.0.0.1, ::1). Choose SSL/TLS or STARTTLS."
                ),
            )
        if host and not cleaned.get("username"):
            self.add_error("username", _("A mailbox on an IMAP host needs a user name."))
        if host and not cleaned.get("secret"):
            self.add_error("secret", _("A mailbox on an IMAP host needs a password."))
        return cleaned


@admin.register(Mailbox)
class MailboxAdmin(AdminsOnly):
    """Where mail comes from, how Loket logs in, and where the tickets go."""

    form = MailboxForm
    list_display = [
        "name",
        "address",
        "is_active",
        "host",
        "team",
        "last_polled_at",
        "last_error_short",
    ]
    list_filter = ["is_active", "team"]
    search_fields = ["name", "address", "host", "username"]
    list_select_related = ["team"]
    readonly_fields = ["last_polled_at", "last_error", "created_at"]
    fieldsets = [
        (
            _("Where the mail is"),
            {"fields": ["name", "address", "is_active", "host", "port", "security", "folder"]},
        ),
        (_("How to log in"), {"fields": ["username", "secret"]}),
        (_("Where tickets go"), {"fields": ["team", "category", "language"]}),
        (_("Last poll"), {"fields": ["last_polled_at", "last_error", "created_at"]}),
    ]
    actions = ["test_connection", "poll_now"]

    @admin.display(description=_("last error"))
    def last_error_short(self, mailbox):
        return Truncator(mailbox.last_error).chars(80) or "–"

    @admin.action(description=_("Test connection"), permissions=["change"])
    def test_connection(self, request, queryset):
        for mailbox in queryset:
            try:
                unseen = imap.check_connection(mailbox)
            except imap.MailboxError as error:
                self.message_user(
                    request,
                    gettext("%(mailbox)s: %(error)s")
                    % {"mailbox": mailbox.name, "error": error.message},
                    messages.ERROR,
                )
                continue
            self.message_user(
                request,
                ngettext(
                    "%(mailbox)s: connected and logged in; %(count)s unread message.",
                    "%(mailbox)s: connected and logged in; %(count)s unread messages.",
                    unseen,
                )
                % {"mailbox": mailbox.name, "count": unseen},
                messages.SUCCESS,
            )

    @admin.action(description=_("Poll now"), permissions=["change"])
    def poll_now(self, request, queryset):
        for mailbox in queryset:
            result = imap.poll_now(mailbox)
            if result is None:
                self.message_user(
                    request,
                    gettext("%(mailbox)s: %(error)s")
                    % {"mailbox": mailbox.name, "error": mailbox.last_error},
                    messages.ERROR,
                )
                continue
            level = messages.WARNING if result.failed else messages.SUCCESS
            self.message_user(
                request,
                gettext(
                    "%(mailbox)s: %(fetched)s read, %(ingested)s stored, %(duplicates)s "
                    "already known, %(failed)s failed."
                )
                % {"mailbox": mailbox.name, **result.as_dict()},
                level,
            )


INBOUND_FIELDS = (
    "received_at",
    "mailbox",
    "sender",
    "subject",
    "message_id",
    "kind",
    "outcome",
    "problem",
    "ticket",
    "handled_by",
    "handled_at",
    "size",
    "sha256",
    "raw_link",
)


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnly):
    """Every message read, as it was stored; written by the ingestion only."""

    list_display = [
        "received_at",
        "sender",
        "subject",
        "mailbox",
        "kind",
        "outcome",
        "ticket",
        "raw_link",
    ]
    list_filter = ["outcome", "kind", "mailbox"]
    search_fields = ["sender", "subject", "message_id"]
    list_select_related = ["mailbox", "ticket"]
    date_hierarchy = "received_at"
    fields = INBOUND_FIELDS
    readonly_fields = INBOUND_FIELDS

    @admin.display(description=_("raw message"))
    def raw_link(self, message):
        url = reverse("channels:mail_raw", args=[message.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("View raw"))
