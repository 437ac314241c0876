"""Shapes of what the API reads and writes.

Input schemas forbid unknown fields; strings refuse NUL characters and unpaired surrogates
(the databases cannot store them); ids and numbers are bounded so that no value overflows
a database column; date-times must carry a time zone.
"""

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, ConfigDict, Field

from loket.api.clocks import sla_of
from loket.notifications.texts import describe

MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1


def _storable_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError(_("Text may not contain NUL characters."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(_("Text must be valid Unicode.")) from None
    return value


def _storable_moment(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValueError(_("This date is out of range.")) from None


Text = Annotated[str, AfterValidator(_storable_text)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=0, le=MAX_VERSION)]
Level = Annotated[int, Field(ge=1, le=3, description="1 = high, 2 = medium, 3 = low")]
Moment = Annotated[AwareDatetime, AfterValidator(_storable_moment)]

LanguageCode = Literal["nl", "fr", "en"]
Profile = Literal["novice", "experienced", "it_professional", "sysadmin"]
TicketTypeCode = Literal["incident", "service_request", "question", "complaint"]
ChannelCode = Literal["phone", "email", "portal", "chat", "api", "walk_in"]
StatusCode = Literal["new", "open", "waiting_customer", "waiting_third_party", "resolved", "closed"]
PriorityCode = Literal["P1", "P2", "P3", "P4"]


class Input(Schema):
    """Base of every request body: unknown fields are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


# --- errors and pages ------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    code: str


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(25, ge=1, le=100, description="Results per page (at most 100).")


# --- references ----------------------------------------------------------------------


class TeamOut(Schema):
    id: int
    name: str
    kind: str


class UserRef(Schema):
    id: int
    username: str
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.get_full_name() or obj.username


class ContactRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.full_name


class OrganisationRef(Schema):
    id: int
    name: str


class CategoryRef(Schema):
    id: int
    name: str


class CategoryOut(Schema):
    id: int
    name: str
    parent: int | None = Field(None, description="Id of the parent category.")
    position: int

    @staticmethod
    def resolve_parent(obj) -> int | None:
        return obj.parent_id


class ResolutionCodeOut(Schema):
    code: str
    name: str


# --- directory -----------------------------------------------------------------------


class OrganisationOut(Schema):
    id: int
    name: str
    email_domain: str
    phone: str
    address: str
    notes: str
    created_at: datetime


class OrganisationIn(Input):
    name: Text = Field(..., min_length=1, max_length=200)
    email_domain: Text = Field("", max_length=200)
    phone: Text = Field("", max_length=40)
    address: Text = Field("", max_length=2000)
    notes: Text = Field("", max_length=10000)


class ContactOut(Schema):
    id: int
    first_name: str
    last_name: str
    name: str
    organisation: OrganisationRef | None
    job_title: str
    language: str
    profile: str
    notes: str | None = Field(None, description="Internal notes; not shown to customers.")
    emails: list[str]
    phones: list[str] = Field(..., description="E.164 numbers, e.g. +32470123456.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.full_name

    @staticmethod
    def resolve_emails(obj) -> list[str]:
        return [email.address for email in obj.emails.all()]

    @staticmethod
    def resolve_phones(obj) -> list[str]:
        return [phone.number for phone in obj.phones.all()]

    @staticmethod
    def resolve_notes(obj, context) -> str | None:
        user = getattr(context["request"], "auth", None)
        if user is None or not user.is_staff_member:
            return None
        return obj.notes


class ContactIn(Input):
    last_name: Text = Field(..., min_length=1, max_length=100)
    first_name: Text = Field("", max_length=100)
    organisation: Id | None = None
    emails: list[Annotated[Text, Field(max_length=254)]] = Field(
        default_factory=list, max_length=10
    )
    phones: list[Annotated[Text, Field(max_length=40)]] = Field(
        default_factory=list,
        max_length=10,
        description="In any common notation: 0470 12 34 56, +32 470 12 34 56, 0032…",
    )
    language: LanguageCode = "nl"
    profile: Profile = "experienced"
    job_title: Text = Field("", max_length=100)
    notes: Text = Field("", max_length=10000)


class ContactPatch(Input):
    """Only the fields sent are changed; fields that cannot be empty refuse null."""

    last_name: Text = Field(None, min_length=1, max_length=100)
    first_name: Text = Field(None, max_length=100)
    organisation: Id | None = None
    emails: list[Annotated[Text, Field(max_length=254)]] = Field(None, max_length=10)
    phones: list[Annotated[Text, Field(max_length=40)]] = Field(None, max_length=10)
    language: LanguageCode = None  # type: ignore[assignment]
    profile: Profile = None  # type: ignore[assignment]
    job_title: Text = Field(None, max_length=100)
    notes: Text = Field(None, max_length=10000)


# --- tickets -------------------------------------------------------------------------


class TicketSummary(Schema):
    """A ticket in a contact's history."""

    id: int
    number: str
    subject: str
    status: str
    priority: str
    type: str
    channel: str
    category: CategoryRef | None
    team: TeamOut | None
    assignee: UserRef | None
    resolution: str
    resolution_code: ResolutionCodeOut | None
    created_at: datetime
    resolved_at: datetime | None


class ContactHistoryOut(Schema):
    open_tickets: list[TicketSummary]
    recent_tickets: list[TicketSummary]


# --- the SLA clock --------------------------------------------------------------------

SlaState = Literal["ok", "warning", "breached", "paused", "met", "met_late"]


class SlaTargetOut(Schema):
    name: Literal["first_response", "next_response", "resolution"]
    label: str = Field(..., description="The target's name in your language.")
    cycle: int = Field(
        ..., description="Next response: 1 for the first customer message waiting, 2 …; else 0."
    )
    target_minutes: int = Field(..., description="The target, in business minutes.")
    elapsed_seconds: int = Field(..., description="Business seconds counted so far.")
    remaining_seconds: int = Field(..., description="Business seconds left; negative when late.")
    due_at: datetime | None = Field(
        ..., description="When the target is (or was) reached; null while the clock is paused."
    )
    warn_at: datetime | None = Field(
        ..., description="When the warning is (or was) given; always null for customers."
    )
    met_at: datetime | None = Field(
        ..., description="When the target was reached: the response, the resolution."
    )
    state: SlaState = Field(
        ...,
        description="ok, warning (at risk), breached, paused, met or met_late. "
        "Customers see ok instead of warning.",
    )
    breached: bool


class SlaOut(Schema):
    """The ticket's clock, computed when it is read."""

    policy: str
    calendar: str
    paused: bool = Field(..., description="Standing still in a pause status (waiting on …).")
    stopped: bool = Field(..., description="Resolved or closed.")
    breached: bool = Field(..., description="Any target missed, now or earlier.")
    due_at: datetime | None = Field(..., description="The soonest due time of a running target.")
    targets: list[SlaTargetOut]


class SlaStretchOut(Schema):
    start: datetime
    end: datetime | None = Field(..., description="null: still in this state.")
    state: str = Field(..., description="running, or the status the clock stood still in.")
    business_seconds: int = Field(..., description="Business time in this stretch (up to now).")
    sentence: str


class SlaPriorityChangeOut(Schema):
    at: datetime
    old: str | None
    new: str | None


class SlaExplanationOut(Schema):
    policy: str
    calendar: str
    service_level: str = Field(
        ..., description="The organisation's contract level on the day, or no_contract."
    )
    priority: str
    paused: bool
    stopped: bool
    breached: bool
    warning_percent: int | None = Field(..., description="Warn at this share of a target.")
    due_at: datetime | None
    paused_seconds: int = Field(..., description="Business time the clock stood still.")
    targets: list[SlaTargetOut]
    stretches: list[SlaStretchOut]
    priority_changes: list[SlaPriorityChangeOut]
    sentences: list[str] = Field(..., description="The explanation in words, in your language.")


class TicketOut(Schema):
    id: int
    number: str
    subject: str
    description: str
    status: str
    priority: str
    impact: int
    urgency: int
    type: str
    channel: str
    contact: ContactRef | None
    organisation: OrganisationRef | None
    category: CategoryRef | None
    team: TeamOut | None
    assignee: UserRef | None
    version: int = Field(..., description="Send it back when you change the ticket.")
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    follow_up_at: datetime | None
    resolution: str
    resolution_code: ResolutionCodeOut | None
    sla: SlaOut | None = Field(
        ..., description="The SLA clock at the moment of the answer; null when no SLA applies."
    )

    @staticmethod
    def resolve_sla(obj, context) -> dict | None:
        return sla_of(obj, (context or {}).get("request"))


class TicketIn(Input):
    subject: Text = Field(..., min_length=1, max_length=200)
    description: Text = Field("", max_length=100_000)
    contact: Id | None = Field(None, description="Customers may leave it out: it is them.")
    organisation: Id | None = Field(None, description="Defaults to the contact's.")
    category: Id | None = None
    type: TicketTypeCode = "incident"
    channel: ChannelCode = Field("api", description="Customers: api or portal.")
    impact: Level = 3
    urgency: Level = 3
    team: Id | None = None
    assignee: Id | None = None
    follow_up_at: Moment | None = None


class TicketPatch(Input):
    """Only the fields sent are changed; fields that cannot be empty refuse null."""

    version: Version = Field(..., description="The version you last read.")
    subject: Text = Field(None, min_length=1, max_length=200)
    description: Text = Field(None, max_length=100_000)
    type: TicketTypeCode = None  # type: ignore[assignment]
    category: Id | None = None
    impact: Level = None  # type: ignore[assignment]
    urgency: Level = None  # type: ignore[assignment]
    contact: Id | None = None
    organisation: Id | None = None
    follow_up_at: Moment | None = None
    status: StatusCode = Field(
        None, description="new, open or a waiting status; resolve/close/reopen have actions."
    )
    team: Id | None = None
    assignee: Id | None = Field(None, description="A member of the (new) team, or null.")


class EscalateIn(Input):
    team: Id
    reason: Text = Field(..., min_length=1, max_length=10_000)
    version: Version | None = None


class ResolveIn(Input):
    resolution: Text = Field(..., min_length=1, max_length=100_000)
    code: Text = Field(..., max_length=40, description="A resolution code, e.g. “solved”.")
    version: Version | None = None


class VersionIn(Input):
    version: Version | None = None


class ReopenIn(Input):
    version: Version | None = None
    reason: Text = Field("", max_length=10_000)


# --- timeline ------------------------------------------------------------------------


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        from django.urls import reverse

        event = obj.event
        return reverse(
            "api:attachment_download",
            kwargs={"key": str(event.ticket_id), "event_id": event.pk, "attachment_id": obj.pk},
        )


class EventOut(Schema):
    id: int
    kind: str
    author: UserRef | None
    body: str
    is_public: bool
    data: dict[str, Any]
    created_at: datetime
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj) -> list:
        return list(obj.attachments.all())


class EventIn(Input):
    """A reply (the customer sees it), an internal note, or a phone call."""

    kind: Literal["reply", "note", "call"]
    body: Text = Field("", max_length=100_000)
    version: Version | None = None
    direction: Literal["in", "out"] | None = Field(None, description="Calls only.")
    started: Moment | None = Field(None, description="Calls only.")
    answered: Moment | None = Field(None, description="Calls only; null if not answered.")
    ended: Moment | None = Field(None, description="Calls only.")


# --- pages ---------------------------------------------------------------------------


class PageOut(Schema):
    count: int = Field(..., description="Results over all pages.")
    page: int
    page_size: int


class ContactPage(PageOut):
    results: list[ContactOut]


class OrganisationPage(PageOut):
    results: list[OrganisationOut]


class TicketPage(PageOut):
    results: list[TicketOut]


# --- notifications -------------------------------------------------------------------


class NotificationTicketRef(Schema):
    id: int
    number: str
    subject: str


class NotificationOut(Schema):
    id: int
    kind: Literal["sla_warning", "sla_breach"]
    message: str = Field(..., description="What happened, in your language.")
    ticket: NotificationTicketRef | None
    data: dict[str, Any] = Field(
        ..., description="target, number, subject, due_at; escalated_to on a breach."
    )
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_message(obj) -> str:
        return describe(obj)


class NotificationPage(PageOut):
    unread: int = Field(..., description="Your unread notifications, over all pages.")
    results: list[NotificationOut]


class NotificationFilters(Schema):
    unread: bool | None = Field(None, description="true: only unread; false: only read.")


class ReadAllOut(Schema):
    marked: int = Field(..., description="How many notifications were marked read.")


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Document error responses of an operation (401 is common to all)."""
    return dict.fromkeys((401, *statuses), ErrorOut)
