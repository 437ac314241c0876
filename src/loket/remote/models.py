"""Remote sessions on a contact's computer, each with a consent record.

A :class:`Consent` says who (the ticket's contact) agreed, when, how (verbally on the
phone, or by a click on a one-time link), to which tool and to which text, and when it
was withdrawn. A :class:`RemoteSession` can only be logged under a valid consent. Every
step is kept in the append-only :class:`ConsentAuditEntry`; nothing more personal than
needed is stored (IP address and browser only for the contact's clicks on a link).
"""

from datetime import datetime
from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.core.models import AppendOnlyModel


class RemoteTool(models.Model):
    """A remote-support tool agents may use (Quick Assist, TeamViewer, …)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    reference_hint = models.CharField(
        _("reference hint"),
        max_length=80,
        blank=True,
        help_text=_("What the agent types as the session reference, e.g. “session code”."),
    )
    url_template = models.CharField(
        _("URL template"),
        max_length=300,
        blank=True,
        help_text=_("Optional link to open a session; “{reference}” is replaced."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("remote tool")
        verbose_name_plural = _("remote tools")

    def __str__(self):
        return self.name

    def url_for(self, reference: str) -> str:
        """The tool's link for ``reference``, or "" when the tool has none."""
        if not self.url_template or not self.url_template.startswith(("https://", "http://")):
            return ""
        return self.url_template.replace("{reference}", quote(reference, safe=""))


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("Verbal (on the phone)")
    LINK = "link", _("Link sent by e-mail")


class ConsentState(models.TextChoices):
    """Where a consent stands at a given moment (derived, not stored)."""

    PENDING = "pending", _("Waiting for the contact")
    LINK_EXPIRED = "link_expired", _("Link expired")
    REFUSED = "refused", _("Not agreed")
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Consent(models.Model):
    """The ticket's contact agreeing (or not yet, or no longer) to a remote session with
    one tool. ``text`` is the wording exactly as read aloud or shown, in ``language``."""

    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.CASCADE,
        related_name="remote_consents",
    )
    contact = models.ForeignKey(
        "directory.Contact",
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        related_name="remote_consents",
    )
    tool = models.ForeignKey(
        RemoteTool, verbose_name=_("tool"), on_delete=models.PROTECT, related_name="consents"
    )
    method = models.CharField(_("method"), max_length=6, choices=ConsentMethod.choices)
    text = models.TextField(_("consent text"))
    language = models.CharField(_("language"), max_length=2)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"))
    # Only the SHA-256 of the link's secret is kept (like portal login links).
    token_hash = models.CharField(
        _("link token hash"), max_length=64, unique=True, null=True, blank=True
    )
    link_expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    given_at = models.DateTimeField(_("given"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The agent who read the text to the caller (verbal consent)."),
    )
    refused_at = models.DateTimeField(_("not agreed"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_via_link = models.BooleanField(
        _("withdrawn by the contact via the link"), default=False
    )
    withdrawal_reason = models.CharField(_("withdrawal reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("remote session consent")
        verbose_name_plural = _("remote session consents")
        indexes = [
            models.Index(fields=["ticket", "-requested_at"], name="remote_consent_ticket"),
            models.Index(fields=["requested_at"], name="remote_consent_time"),
        ]

    def __str__(self):
        return f"{self.ticket_id} {self.tool_id} {self.requested_at:%Y-%m-%d %H:%M}"

    def state(self, now: datetime) -> str:
        """Where the consent stands at ``now`` (a :class:`ConsentState` value)."""
        if self.withdrawn_at is not None:
            return ConsentState.WITHDRAWN
        if self.refused_at is not None:
            return ConsentState.REFUSED
        if self.given_at is None:
            if self.link_expires_at is not None and self.link_expires_at <= now:
                return ConsentState.LINK_EXPIRED
            return ConsentState.PENDING
        if self.valid_until is not None and self.valid_until <= now:
            return ConsentState.EXPIRED
        return ConsentState.VALID

    def is_valid(self, now: datetime) -> bool:
        return self.state(now) == ConsentState.VALID


class EndReason(models.TextChoices):
    ENDED = "ended", _("Ended")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    EXPIRED = "expired", _("Consent expired")


class RemoteSession(models.Model):
    """One remote session logged on a ticket under a consent."""

    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.CASCADE,
        related_name="remote_sessions",
    )
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), on_delete=models.PROTECT, related_name="sessions"
    )
    tool = models.ForeignKey(
        RemoteTool, verbose_name=_("tool"), on_delete=models.PROTECT, related_name="sessions"
    )
    reference = models.CharField(
        _("session reference"), max_length=100, help_text=_("The tool's session id or code.")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=EndReason.choices, blank=True
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("remote session")
        verbose_name_plural = _("remote sessions")
        indexes = [
            models.Index(fields=["ticket", "-started_at"], name="remote_session_ticket"),
            models.Index(fields=["started_at"], name="remote_session_time"),
        ]
        constraints = [
            # One running session per consent; the service says so first, this makes sure.
            models.UniqueConstraint(
                fields=["consent"],
                condition=models.Q(ended_at__isnull=True),
                name="remote_one_running_session_per_consent",
            ),
        ]

    def __str__(self):
        return f"{self.ticket_id} {self.reference}"

    @property
    def is_running(self) -> bool:
        return self.ended_at is None


class AuditAction(models.TextChoices):
    LINK_SENT = "link_sent", _("Consent link sent")
    GIVEN_VERBALLY = "given_verbally", _("Consent given verbally")
    GIVEN_BY_LINK = "given_by_link", _("Consent given via the link")
    REFUSED_BY_LINK = "refused_by_link", _("Consent refused via the link")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")
    SESSION_STARTED = "session_started", _("Session started")
    SESSION_ENDED = "session_ended", _("Session ended")


class ConsentAuditEntry(AppendOnlyModel):
    """One step in a consent's life. Written once, never changed or deleted
    (:class:`~loket.core.models.AppendOnlyModel`). The actor is an agent, or the contact
    clicking the link (then with IP address and browser)."""

    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), on_delete=models.PROTECT, related_name="audit"
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_contact = models.BooleanField(_("by the contact via the link"), default=False)
    at = models.DateTimeField(_("at"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("consent audit entry")
        verbose_name_plural = _("consent audit entries")
        indexes = [models.Index(fields=["consent", "at"], name="remote_audit_consent")]

    def __str__(self):
        return f"{self.consent_id}:{self.action}"
