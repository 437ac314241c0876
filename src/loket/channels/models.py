"""The channels a ticket arrives by and is answered on: e-mail in and out, and the
telephone system (CTI).

E-mail in: a :class:`Mailbox` is polled by the worker (or fed by ``loket mailgate``);
every message read becomes one :class:`InboundMessage` — kept raw, whatever happens —
and, when it can be, a ticket or a message on one.

E-mail out: each mail to a contact or an agent is an :class:`OutboundMessage` row
written in the ticket's transaction (an outbox) and sent by the worker, retried on
failure. Its text comes from a :class:`MailTemplate` in the recipient's language.

Telephone: the telephone system posts call events to a :class:`CtiEndpoint`; each call
is one :class:`Call` row, updated by its events (idempotent per call id). The agent
who answers gets the caller's card on screen (``Call.popped_at``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loket.accounts.models import Language

# --- e-mail in ------------------------------------------------------------------------


class Security(models.TextChoices):
    SSL = "ssl", _("SSL/TLS")
    STARTTLS = "starttls", _("STARTTLS")
    NONE = "none", _("None (loopback only)")


class Mailbox(models.Model):
    """An IMAP mailbox customers write to; new mail becomes tickets for ``team``."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.EmailField(
        _("address"),
        help_text=_("The address customers write to; replies are sent from it."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    host = models.CharField(_("IMAP host"), max_length=200, blank=True)
    port = models.PositiveIntegerField(_("IMAP port"), default=993)
    security = models.CharField(
        _("security"), max_length=10, choices=Security.choices, default=Security.SSL
    )
    username = models.CharField(_("user name"), max_length=200, blank=True)
    secret = models.CharField(_("password"), max_length=500, blank=True)
    folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mailboxes",
    )
    category = models.ForeignKey(
        "tickets.Category",
        verbose_name=_("default category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.NL,
        help_text=_("The language of new contacts written in from this mailbox."),
    )
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self):
        return f"{self.name} <{self.address}>"


class MessageKind(models.TextChoices):
    """What a message is, by its headers (RFC 3834, RFC 3464, RFC 2369)."""

    NORMAL = "normal", _("Normal")
    AUTO_REPLY = "auto_reply", _("Automatic reply")
    BOUNCE = "bounce", _("Bounce (delivery report)")
    LIST = "list", _("Mailing list or bulk mail")


class Outcome(models.TextChoices):
    NEW_TICKET = "new_ticket", _("New ticket")
    THREADED = "threaded", _("Added to a ticket")
    REOPENED = "reopened", _("Reopened a ticket")
    IGNORED = "ignored", _("Automatic mail, no ticket")
    FLAGGED = "flagged", _("Needs an agent")
    DISMISSED = "dismissed", _("Dismissed by an agent")


def raw_path(instance: "InboundMessage", filename: str) -> str:
    return f"mail/raw/{instance.sha256[:2]}/{instance.sha256}.eml"


class InboundMessage(models.Model):
    """One message read from a mailbox or the mail gate, stored raw before anything
    else, so that nothing is lost however odd it is. ``dedupe_key`` (the Message-ID, or
    the raw bytes' hash when there is none) makes a second delivery a no-op."""

    mailbox = models.ForeignKey(
        Mailbox,
        verbose_name=_("mailbox"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    dedupe_key = models.CharField(max_length=64, unique=True, editable=False)
    message_id = models.CharField(_("Message-ID"), max_length=500, blank=True, db_index=True)
    sender = models.CharField(pgettext_lazy("mail", "from"), max_length=320, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=MessageKind.choices, default=MessageKind.NORMAL
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    problem = models.TextField(
        _("problem"), blank=True, help_text=_("Why an agent should look at this message.")
    )
    raw = models.FileField(_("raw message"), upload_to=raw_path, max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_messages",
    )
    event = models.ForeignKey(
        "tickets.TimelineEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received"), db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("mail", "handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("incoming message")
        verbose_name_plural = _("incoming messages")
        indexes = [
            models.Index(
                fields=["-received_at"],
                name="inbound_flagged",
                condition=models.Q(outcome="flagged"),
            )
        ]

    def __str__(self):
        return f"{self.sender}: {self.subject}"


# --- e-mail out -----------------------------------------------------------------------


class TemplateKind(models.TextChoices):
    RECEIVED = "received", _("Ticket received (to the contact)")
    REPLY = "reply", _("Public reply (to the contact)")
    WAITING = "waiting", _("Waiting for your answer (to the contact)")
    RESOLVED = "resolved", _("Resolved (to the contact)")
    ASSIGNED = "assigned", _("Assigned to you (to the agent)")
    ESCALATED = "escalated", _("Escalated to your team (to the agents)")


class MailTemplate(models.Model):
    """The subject and text of one kind of mail in one language; admins edit them.
    Placeholders are written ``{ticket_number}`` (see ``loket.channels.outbound``)."""

    kind = models.CharField(_("kind"), max_length=12, choices=TemplateKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive templates send nothing.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("mail template")
        verbose_name_plural = _("mail templates")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="mail_template_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language})"


class SendStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SUPPRESSED = "suppressed", _("Not sent")


class OutboundMessage(models.Model):
    """One mail to send, written in the transaction that caused it (an outbox): the
    worker sends it, retrying with growing pauses, and gives up after
    ``MAIL_SEND_ATTEMPTS``."""

    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbound_messages",
    )
    event = models.ForeignKey(
        "tickets.TimelineEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbound_messages",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TemplateKind.choices)
    to_address = models.EmailField(_("to"), max_length=320)
    from_address = models.CharField(pgettext_lazy("mail", "from"), max_length=320)
    reply_to = models.CharField(_("reply to"), max_length=320, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    message_id = models.CharField(_("Message-ID"), max_length=300, unique=True)
    in_reply_to = models.CharField(max_length=500, blank=True)
    references = models.TextField(blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SendStatus.choices, default=SendStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbound_due",
                condition=models.Q(status="queued"),
            )
        ]

    def __str__(self):
        return f"{self.to_address}: {self.subject}"


# --- telephone ------------------------------------------------------------------------


class CtiEndpoint(models.Model):
    """One telephone system posting call events to ``/api/v1/cti/<token>``. Only the
    token's SHA-256 is stored; ``loket cti-token`` prints a new token once."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("telephone system")
        verbose_name_plural = _("telephone systems")

    def __str__(self):
        return self.name


class BlockedNumber(models.Model):
    """Calls from these numbers are rejected (the telephone system is told "busy")."""

    number = models.CharField(_("number (E.164)"), max_length=20, unique=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("blocked number")
        verbose_name_plural = _("blocked numbers")

    def __str__(self):
        return self.number


class Extension(models.Model):
    """The telephone extension (or number) an agent answers on: how an ``answer``
    event's ``answeringNumber`` finds the agent when ``user`` does not."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.CASCADE,
        related_name="extension",
    )
    number = models.CharField(_("extension or number"), max_length=30, unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self):
        return f"{self.number} → {self.user}"


class CallDirection(models.TextChoices):
    IN = "in", _("Incoming")
    OUT = "out", _("Outgoing")


class CallState(models.TextChoices):
    RINGING = "ringing", _("Ringing")
    ANSWERED = "answered", pgettext_lazy("call", "Answered")
    ENDED = "ended", pgettext_lazy("call", "Ended")


class Cause(models.TextChoices):
    """Why a call ended, as the generic CTI names it."""

    NORMAL_CLEARING = "normalClearing", _("Normal")
    BUSY = "busy", _("Busy")
    CANCEL = "cancel", _("Caller hung up")
    NO_ANSWER = "noAnswer", _("No answer")
    CONGESTION = "congestion", _("Congestion")
    NOT_FOUND = "notFound", _("Not found")
    FORWARDED = "forwarded", _("Forwarded")


class Call(models.Model):
    """One telephone call, built from its CTI events (newCall → answer → hangup)."""

    endpoint = models.ForeignKey(
        CtiEndpoint, on_delete=models.CASCADE, related_name="calls", verbose_name=_("source")
    )
    call_id = models.CharField(_("call id"), max_length=150)
    direction = models.CharField(_("direction"), max_length=3, choices=CallDirection.choices)
    from_number = models.CharField(pgettext_lazy("call", "from"), max_length=50, blank=True)
    to_number = models.CharField(_("to"), max_length=50, blank=True)
    # The other party in E.164 (the caller for incoming calls, the callee for outgoing).
    party = models.CharField(_("number"), max_length=20, blank=True, db_index=True)
    contact = models.ForeignKey(
        "directory.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    queue = models.CharField(_("queue"), max_length=100, blank=True)
    users = models.JSONField(_("users"), default=list, blank=True)
    answering_number = models.CharField(_("answered on"), max_length=50, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=CallState.choices, default=CallState.RINGING
    )
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices, blank=True)
    blocked = models.BooleanField(_("blocked"), default=False)
    started_at = models.DateTimeField(pgettext_lazy("call", "started"))
    answered_at = models.DateTimeField(pgettext_lazy("call", "answered"), null=True, blank=True)
    ended_at = models.DateTimeField(pgettext_lazy("call", "ended"), null=True, blank=True)
    wait_seconds = models.PositiveIntegerField(_("waiting seconds"), null=True, blank=True)
    talk_seconds = models.PositiveIntegerField(_("talking seconds"), null=True, blank=True)
    # From hang-up until the agent saved the ticket for the call (capped).
    wrap_up_seconds = models.PositiveIntegerField(_("wrap-up seconds"), null=True, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    popped_at = models.DateTimeField(_("shown to the agent"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "call_id"], name="call_once_per_id")
        ]
        indexes = [
            models.Index(fields=["started_at"], name="call_started"),
            models.Index(fields=["queue", "started_at"], name="call_queue"),
            models.Index(fields=["agent", "started_at"], name="call_agent"),
            models.Index(
                fields=["agent"],
                name="call_to_pop",
                condition=models.Q(popped_at__isnull=True, answered_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.call_id} {self.direction} {self.party}"

    @property
    def missed(self) -> bool:
        return self.state == CallState.ENDED and self.answered_at is None
