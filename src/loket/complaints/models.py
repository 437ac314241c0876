"""Complaints: their own flow on a ticket, deadline, follow-up and counts.

A complaint hangs on one ticket. The agent paraphrases it compactly, confirms the
paraphrase with the customer, asks what the customer wants, registers it (the team's
supervisors are told), answers it before its own deadline, and checks the customer's
satisfaction before the ticket may close. Organisation and category are copied at
registration so that counting per organisation, category and period stays one grouped
query, whatever later happens to the ticket.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PARAPHRASE_MAX = 500
OUTCOME_MAX = 1000
NOTE_MAX = 2000


class ComplaintSubject(models.TextChoices):
    SERVICE = "service", _("Service")
    BEHAVIOUR = "behaviour", _("Behaviour")
    DELAY = "delay", _("Delay")
    QUALITY = "quality", _("Quality")
    OTHER = "other", _("Other")


class ComplaintStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    FOLLOWED_UP = "followed_up", _("Follow-up done")
    CLOSED = "closed", _("Closed")


# Waiting for an answer or a follow-up: counted as open, shown with their deadline.
UNFINISHED_STATUSES = (ComplaintStatus.OPEN, ComplaintStatus.ANSWERED)


class Satisfaction(models.TextChoices):
    YES = "yes", _("Satisfied")
    NO = "no", _("Not satisfied")
    UNREACHABLE = "unreachable", _("Could not be reached")


class Complaint(models.Model):
    """A customer's complaint registered on a ticket (one per ticket)."""

    ticket = models.OneToOneField(
        "tickets.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.CASCADE,
        related_name="complaint",
    )
    paraphrase = models.CharField(
        _("paraphrase"),
        max_length=PARAPHRASE_MAX,
        help_text=_("The complaint in a few sentences, as confirmed by the customer."),
    )
    paraphrase_confirmed = models.BooleanField(_("confirmed by the customer"), default=False)
    desired_outcome = models.CharField(_("desired outcome"), max_length=OUTCOME_MAX)
    subject = models.CharField(
        _("about"), max_length=12, choices=ComplaintSubject.choices, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.OPEN,
    )
    # Copied from the ticket at registration, for counting.
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.ForeignKey(
        "tickets.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered"))
    due_at = models.DateTimeField(_("answer due"))
    notified = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisors notified"),
        blank=True,
        related_name="+",
    )
    notified_at = models.DateTimeField(_("supervisors notified at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    satisfied = models.CharField(
        _("customer satisfied"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    follow_up_note = models.TextField(_("follow-up note"), blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("followed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    followed_up_at = models.DateTimeField(_("followed up"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-registered_at", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["status", "due_at"], name="complaint_status_due"),
            models.Index(fields=["registered_at"], name="complaint_registered"),
        ]

    def __str__(self):
        return f"{self.ticket_id}: {self.paraphrase[:60]}"

    @property
    def is_followed_up(self) -> bool:
        return self.followed_up_at is not None

    @property
    def is_unfinished(self) -> bool:
        return self.status in UNFINISHED_STATUSES

    def is_overdue(self, now) -> bool:
        """Not answered yet and past its deadline (an answered complaint waits for its
        follow-up, not for an answer)."""
        return self.status == ComplaintStatus.OPEN and self.due_at < now
