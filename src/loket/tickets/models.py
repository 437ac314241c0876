"""Tickets, their append-only timeline, categories, the priority matrix and attachments."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# AppendOnlyError stays importable from here, where the timeline first had it.
from loket.core.models import AppendOnlyError as AppendOnlyError
from loket.core.models import AppendOnlyModel


class TranslatedName(models.Model):
    """A name kept in the three interface languages; shown in the active one."""

    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        lang = (get_language() or "nl")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_nl or self.name_en or self.name_fr


class Category(TranslatedName):
    """A node of the category tree used to classify tickets."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name_nl"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    @property
    def path(self) -> str:
        if self.parent_id:
            return f"{self.parent.path} › {self.name}"
        return self.name


class ResolutionCode(TranslatedName):
    """How a ticket was resolved (e.g. solved at first contact, workaround, duplicate)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("resolution code")
        verbose_name_plural = _("resolution codes")


class Priority(models.TextChoices):
    P1 = "P1", _("P1 – critical")
    P2 = "P2", _("P2 – high")
    P3 = "P3", _("P3 – normal")
    P4 = "P4", _("P4 – low")


class Level(models.IntegerChoices):
    HIGH = 1, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 3, _("Low")


class PriorityRule(models.Model):
    """One cell of the impact × urgency matrix (1 = high … 3 = low)."""

    impact = models.PositiveSmallIntegerField(_("impact"), choices=Level.choices)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Level.choices)
    priority = models.CharField(_("priority"), max_length=2, choices=Priority.choices)

    class Meta:
        ordering = ["impact", "urgency"]
        verbose_name = _("priority matrix cell")
        verbose_name_plural = _("priority matrix")
        constraints = [
            models.UniqueConstraint(fields=["impact", "urgency"], name="unique_matrix_cell"),
        ]

    def __str__(self):
        return f"{self.impact}×{self.urgency} → {self.priority}"


class TicketType(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    SERVICE_REQUEST = "service_request", _("Service request")
    QUESTION = "question", _("Question")
    COMPLAINT = "complaint", _("Complaint")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    PORTAL = "portal", _("Portal")
    CHAT = "chat", _("Chat")
    API = "api", _("API")
    WALK_IN = "walk_in", _("Walk-in")


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING_CUSTOMER = "waiting_customer", _("Waiting on customer")
    WAITING_THIRD_PARTY = "waiting_third_party", _("Waiting on third party")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (
    Status.NEW,
    Status.OPEN,
    Status.WAITING_CUSTOMER,
    Status.WAITING_THIRD_PARTY,
)


class TicketCounter(models.Model):
    """The last ticket number handed out per year; rows are locked while numbering."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ticket counter")
        verbose_name_plural = _("ticket counters")

    def __str__(self):
        return f"{self.year}: {self.last}"


class Ticket(models.Model):
    """A request for help, from any channel, followed until it is closed."""

    number = models.CharField(_("number"), max_length=16, unique=True, editable=False)
    type = models.CharField(
        _("type"), max_length=20, choices=TicketType.choices, default=TicketType.INCIDENT
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.PHONE
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    contact = models.ForeignKey(
        "directory.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    impact = models.PositiveSmallIntegerField(_("impact"), choices=Level.choices, default=3)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Level.choices, default=3)
    priority = models.CharField(
        _("priority"), max_length=2, choices=Priority.choices, default=Priority.P4
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tickets",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_tickets",
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolution_code = models.ForeignKey(
        ResolutionCode,
        verbose_name=_("resolution code"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    follow_up_at = models.DateTimeField(_("follow-up"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), db_index=True)
    updated_at = models.DateTimeField(_("updated"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # A snapshot of the SLA clock (derived from the timeline, see loket.sla), rewritten on
    # every change: for sorting by due time, the at-risk/breached filters and the sweep.
    sla_policy = models.ForeignKey(
        "sla.SlaPolicy",
        verbose_name=_("SLA policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    sla_due_at = models.DateTimeField(_("SLA due"), null=True, blank=True, editable=False)
    sla_warn_at = models.DateTimeField(_("SLA warning"), null=True, blank=True, editable=False)
    sla_next_check_at = models.DateTimeField(null=True, blank=True, editable=False)
    sla_paused = models.BooleanField(_("SLA paused"), default=False, editable=False)
    sla_breached = models.BooleanField(_("SLA breached"), default=False, editable=False)
    sla_first_response_met = models.BooleanField(
        _("first response within SLA"), null=True, blank=True, editable=False
    )
    sla_resolution_met = models.BooleanField(
        _("resolution within SLA"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(fields=["team", "status", "-created_at"], name="ticket_team_queue"),
            models.Index(
                fields=["assignee", "status", "-created_at"], name="ticket_assignee_queue"
            ),
            models.Index(fields=["status", "-created_at"], name="ticket_status_queue"),
            models.Index(fields=["contact", "-created_at"], name="ticket_contact_history"),
            models.Index(
                fields=["organisation", "-created_at"], name="ticket_organisation_history"
            ),
            models.Index(fields=["created_by", "-created_at"], name="ticket_creator"),
            models.Index(
                fields=["sla_next_check_at"],
                name="ticket_sla_check",
                condition=models.Q(sla_next_check_at__isnull=False),
            ),
            models.Index(
                fields=["sla_due_at"],
                name="ticket_sla_due",
                condition=models.Q(sla_due_at__isnull=False),
            ),
            # The SLA report counts resolutions by the date they happened.
            models.Index(
                fields=["resolved_at"],
                name="ticket_resolved_sla",
                condition=models.Q(sla_resolution_met__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(impact__gte=1, impact__lte=3), name="ticket_impact_range"
            ),
            models.CheckConstraint(
                condition=models.Q(urgency__gte=1, urgency__lte=3), name="ticket_urgency_range"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class EventKind(models.TextChoices):
    REPLY = "reply", _("Public reply")
    NOTE = "note", _("Internal note")
    STATUS = "status", _("Status change")
    FIELD = "field", _("Field change")
    ASSIGNMENT = "assignment", _("Assignment")
    ESCALATION = "escalation", _("Escalation")
    CALL = "call", _("Call")
    CREATED = "created", _("Ticket created")
    SLA = "sla", _("SLA")
    LINK = "link", pgettext_lazy("timeline event", "Link")
    SCENARIO = "scenario", _("Scenario")
    CHECKLIST = "checklist", _("Checklist")
    REMOTE = "remote", _("Remote session")
    COMPLAINT = "complaint", _("Complaint")
    CALLBACK = "callback", _("Callback")
    COLLAB = "collab", _("Collaboration")


# Timeline events drawn by another app's template, ``timeline/_<kind>.html``.
PLUGGED_EVENT_KINDS = frozenset(
    {
        EventKind.SCENARIO,
        EventKind.CHECKLIST,
        EventKind.REMOTE,
        EventKind.COMPLAINT,
        EventKind.CALLBACK,
        EventKind.COLLAB,
    }
)


class TimelineEvent(AppendOnlyModel):
    """One entry of a ticket's history. Events are written once and never changed or
    deleted (:class:`~loket.core.models.AppendOnlyModel`).

    ``data`` holds what the kind needs: ``{"field", "old", "new"}`` for field and status
    changes, ``{"from_team", "to_team", "reason"}`` for escalations, ``{"direction",
    "started", "answered", "ended", "wait_seconds", "talk_seconds"}`` for calls.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("text"), blank=True)
    is_public = models.BooleanField(_("visible to customer"), default=False)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        indexes = [models.Index(fields=["ticket", "created_at"], name="event_ticket_time")]

    def __str__(self):
        return f"{self.ticket_id}:{self.kind}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    """A file attached to a timeline event; served only to who may see the ticket."""

    event = models.ForeignKey(TimelineEvent, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename
