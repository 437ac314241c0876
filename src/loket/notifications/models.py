"""In-app notifications for staff: SLA warnings and breaches, escalations to a team.

The text is not stored: it is rendered from ``kind`` and ``data`` in the reader's
language when shown.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACH = "sla_breach", _("SLA breached")
    MENTION = "mention", _("Mentioned in a note")
    HELP_REQUEST = "help_request", _("Asked for help")
    HANDOVER = "handover", _("Handover")
    COMPLAINT = "complaint", _("Complaint")
    CALLBACK_DUE = "callback_due", _("Callback due")
    PROPOSAL = "proposal", _("Scenario improvement proposed")
    CONSENT = "consent", _("Remote session consent")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("ticket"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.recipient_id}:{self.kind}"
