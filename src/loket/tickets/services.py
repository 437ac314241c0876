"""Ticket use cases. Every write to a ticket goes through one of these functions.

Each runs in one transaction, locks the ticket row, checks the caller's ``version``
(optimistic concurrency), validates, writes, and appends timeline events.
"""

import hashlib
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import Team, User
from loket.core.errors import InvalidInput, TransitionNotAllowed, VersionConflict
from loket.directory.models import Contact, Organisation
from loket.search import tickets as search_tickets
from loket.sla import services as sla
from loket.tickets import guards, workflow
from loket.tickets.attachments import UploadedFile, safe_filename, store_attachment
from loket.tickets.models import (
    OPEN_STATUSES,
    Category,
    Channel,
    EventKind,
    Priority,
    PriorityRule,
    ResolutionCode,
    Status,
    Ticket,
    TicketCounter,
    TicketType,
    TimelineEvent,
)

# The default impact × urgency matrix (1 = high … 3 = low); admins may change it.
DEFAULT_MATRIX: dict[tuple[int, int], str] = {
    (1, 1): Priority.P1,
    (1, 2): Priority.P2,
    (1, 3): Priority.P3,
    (2, 1): Priority.P2,
    (2, 2): Priority.P3,
    (2, 3): Priority.P4,
    (3, 1): Priority.P3,
    (3, 2): Priority.P4,
    (3, 3): Priority.P4,
}


def priority_for(impact: int, urgency: int) -> str:
    """The priority the matrix gives to ``impact`` × ``urgency``."""
    if impact not in (1, 2, 3) or urgency not in (1, 2, 3):
        raise InvalidInput(_("Impact and urgency must be 1, 2 or 3."), code="invalid_level")
    rule = PriorityRule.objects.filter(impact=impact, urgency=urgency).only("priority").first()
    return rule.priority if rule else DEFAULT_MATRIX[(impact, urgency)]


def priority_matrix() -> dict[tuple[int, int], str]:
    matrix = dict(DEFAULT_MATRIX)
    for rule in PriorityRule.objects.all():
        matrix[(rule.impact, rule.urgency)] = rule.priority
    return matrix


def next_ticket_number(now: datetime) -> str:
    """Hand out ``YYYY-NNNNNN``, unique per year even with concurrent writers.

    The counter row of the year is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite
    serialises writers) inside the caller's transaction.
    """
    # The desk's own calendar decides the year, whatever time zone a request activated.
    year = now.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).year
    TicketCounter.objects.bulk_create([TicketCounter(year=year)], ignore_conflicts=True)
    TicketCounter.objects.filter(year=year).update(last=F("last") + 1)
    last = TicketCounter.objects.select_for_update().values_list("last", flat=True).get(year=year)
    return f"{year}-{last:06d}"


def _event(
    ticket: Ticket, kind: str, *, author: User | None, at: datetime, **fields
) -> TimelineEvent:
    event = TimelineEvent.objects.create(
        ticket=ticket, kind=kind, author=author, created_at=at, **fields
    )
    guards.after_event(event)
    return event


def _check_follow_up(follow_up_at: datetime | None) -> None:
    if follow_up_at is not None and timezone.is_naive(follow_up_at):
        raise InvalidInput(_("The follow-up date needs a time zone."), code="naive_time")


def _check_team_and_assignee(team: Team | None, assignee: User | None) -> None:
    if team is not None and not team.is_active:
        raise InvalidInput(_("This team is no longer active."), code="inactive_team")
    if assignee is None:
        return
    if not assignee.is_active or not assignee.is_staff_member:
        raise InvalidInput(_("Tickets can only be assigned to active staff."), code="bad_assignee")
    if team is not None and not assignee.memberships.filter(team=team).exists():
        raise InvalidInput(
            _("%(user)s is not a member of team %(team)s.") % {"user": assignee, "team": team},
            code="assignee_not_in_team",
        )


@transaction.atomic
def create_ticket(
    *,
    acting_user: User | None,
    subject: str,
    description: str = "",
    contact: Contact | None = None,
    organisation: Organisation | None = None,
    category: Category | None = None,
    type: str = TicketType.INCIDENT,
    channel: str = Channel.PHONE,
    impact: int = 3,
    urgency: int = 3,
    team: Team | None = None,
    assignee: User | None = None,
    follow_up_at: datetime | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Open a new ticket; the organisation defaults to the contact's."""
    subject = (subject or "").strip()
    if not subject:
        raise InvalidInput(_("A subject is required."), code="subject_required")
    if len(subject) > 200:
        raise InvalidInput(_("The subject is longer than 200 characters."), code="too_long")
    if type not in TicketType.values:
        raise InvalidInput(_("Unknown ticket type."), code="bad_type")
    if channel not in Channel.values:
        raise InvalidInput(_("Unknown channel."), code="bad_channel")
    if category is not None and not category.is_active:
        raise InvalidInput(_("This category is no longer in use."), code="inactive_category")
    _check_team_and_assignee(team, assignee)
    _check_follow_up(follow_up_at)
    now = now or timezone.now()
    if organisation is None and contact is not None:
        organisation = contact.organisation
    ticket = Ticket(
        number=next_ticket_number(now),
        type=type,
        channel=channel,
        subject=subject,
        description=description or "",
        contact=contact,
        organisation=organisation,
        category=category,
        impact=impact,
        urgency=urgency,
        priority=priority_for(impact, urgency),
        status=Status.OPEN if assignee else Status.NEW,
        team=team,
        assignee=assignee,
        created_by=acting_user,
        follow_up_at=follow_up_at,
        created_at=now,
        updated_at=now,
    )
    try:
        with transaction.atomic():
            ticket.save()
    except IntegrityError as exc:  # pragma: no cover - the counter lock prevents this
        raise InvalidInput(
            _("Could not number the ticket; please try again."), code="retry"
        ) from exc
    _event(ticket, EventKind.CREATED, author=acting_user, at=now, data={"channel": channel})
    _refresh_sla(ticket, now)
    search_tickets.index_ticket(ticket)
    return ticket


def _lock(ticket: Ticket, version: int | None) -> Ticket:
    """Reload ``ticket`` under a row lock and check the caller saw its latest version."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if version is not None and version != locked.version:
        raise VersionConflict(
            _(
                "Someone else changed this ticket in the meantime (version %(theirs)s, "
                "you had %(yours)s). Reload it to see their change."
            )
            % {"theirs": locked.version, "yours": version},
            current_version=locked.version,
        )
    return locked


def _save(ticket: Ticket, fields: Iterable[str], now: datetime) -> None:
    """Save a change: bump the version and bring the SLA snapshot up to date."""
    fields = list(fields)
    ticket.version += 1
    ticket.updated_at = now
    ticket.save(update_fields=[*fields, *sla.refresh(ticket, now), "version", "updated_at"])
    search_tickets.index_ticket(ticket, fields)


def _refresh_sla(ticket: Ticket, now: datetime) -> None:
    """Bring the SLA snapshot up to date after an event that changes no ticket field."""
    changed = sla.refresh(ticket, now)
    if changed:
        ticket.save(update_fields=changed)


def _display(value: Any) -> Any:
    """A JSON-safe, human-readable value for field-change events."""
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _status_event(ticket: Ticket, old: str, new: str, *, author, at, body: str = "") -> None:
    _event(
        ticket,
        EventKind.STATUS,
        author=author,
        at=at,
        body=body,
        is_public=True,
        data={"field": "status", "old": old, "new": new},
    )


def _open_if_new(ticket: Ticket, *, acting_user: User | None, at: datetime) -> list[str]:
    """Someone took the ticket up: a new ticket becomes open. Returns the changed fields."""
    if ticket.status != Status.NEW:
        return []
    _status_event(ticket, ticket.status, Status.OPEN, author=acting_user, at=at)
    ticket.status = Status.OPEN
    return ["status"]


EDITABLE_FIELDS = (
    "subject",
    "description",
    "type",
    "category",
    "impact",
    "urgency",
    "contact",
    "organisation",
    "follow_up_at",
)


@transaction.atomic
def update_ticket(
    ticket: Ticket,
    *,
    acting_user: User,
    version: int | None,
    now: datetime | None = None,
    **changes: Any,
) -> Ticket:
    """Change classification and details; every change is logged old → new.

    Assignment, status, resolution and escalation have their own services.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))},
            code="bad_field",
        )
    now = now or timezone.now()
    ticket = _lock(ticket, version)
    if "subject" in changes:
        changes["subject"] = (changes["subject"] or "").strip()
        if not changes["subject"]:
            raise InvalidInput(_("A subject is required."), code="subject_required")
        if len(changes["subject"]) > 200:
            raise InvalidInput(_("The subject is longer than 200 characters."), code="too_long")
    if "follow_up_at" in changes:
        _check_follow_up(changes["follow_up_at"])
    if "description" in changes:
        changes["description"] = changes["description"] or ""
    if "type" in changes and changes["type"] not in TicketType.values:
        raise InvalidInput(_("Unknown ticket type."), code="bad_type")
    if changes.get("category") is not None and not changes["category"].is_active:
        raise InvalidInput(_("This category is no longer in use."), code="inactive_category")
    changed: list[str] = []

    def set_field(field: str, new: Any) -> None:
        old = getattr(ticket, field)
        if old == new:
            return
        setattr(ticket, field, new)
        changed.append(field)
        _event(
            ticket,
            EventKind.FIELD,
            author=acting_user,
            at=now,
            data={"field": field, "old": _display(old), "new": _display(new)},
        )

    for field, new in changes.items():
        set_field(field, new)
    if "impact" in changed or "urgency" in changed:
        set_field("priority", priority_for(ticket.impact, ticket.urgency))
    if "contact" in changed and "organisation" not in changes and ticket.contact:
        set_field("organisation", ticket.contact.organisation)
    if changed:
        _save(ticket, changed, now)
    return ticket


UNCHANGED: Any = object()


@transaction.atomic
def change_ticket(
    ticket: Ticket,
    *,
    acting_user: User,
    version: int | None,
    status: str | None = None,
    team: Any = UNCHANGED,
    assignee: Any = UNCHANGED,
    **fields: Any,
) -> Ticket:
    """One change that may touch details, assignment and status together: all or nothing.

    Moving the ticket to another team without naming an assignee leaves it unassigned
    there (the old assignee is not in the new team).
    """
    ticket = update_ticket(ticket, acting_user=acting_user, version=version, **fields)
    if team is not UNCHANGED or assignee is not UNCHANGED:
        new_team = ticket.team if team is UNCHANGED else team
        if assignee is UNCHANGED:
            assignee = ticket.assignee if new_team == ticket.team else None
        ticket = assign_ticket(
            ticket,
            team=new_team,
            assignee=assignee,
            acting_user=acting_user,
            version=ticket.version,
        )
    if status is not None:
        ticket = change_status(ticket, to=status, acting_user=acting_user, version=ticket.version)
    return ticket


@transaction.atomic
def change_status(
    ticket: Ticket, *, to: str, acting_user: User, version: int | None, now: datetime | None = None
) -> Ticket:
    """Move an unresolved ticket between new, open and the waiting statuses."""
    if to in workflow.DEDICATED:
        raise TransitionNotAllowed(workflow.DEDICATED[cast(Status, to)])
    if to not in Status.values:
        raise InvalidInput(_("Unknown status."), code="bad_status")
    now = now or timezone.now()
    ticket = _lock(ticket, version)
    if ticket.status == to:
        return ticket
    if ticket.status not in OPEN_STATUSES or not workflow.can_transition(ticket.status, to):
        raise TransitionNotAllowed(
            _("A ticket that is “%(old)s” cannot become “%(new)s”.")
            % {"old": Status(ticket.status).label, "new": Status(to).label}
        )
    old = ticket.status
    ticket.status = to
    _status_event(ticket, old, to, author=acting_user, at=now)
    _save(ticket, ["status"], now)
    return ticket


@transaction.atomic
def assign_ticket(
    ticket: Ticket,
    *,
    team: Team | None,
    assignee: User | None,
    acting_user: User,
    version: int | None,
    now: datetime | None = None,
) -> Ticket:
    """Give the ticket to a team and/or an agent of that team."""
    now = now or timezone.now()
    ticket = _lock(ticket, version)
    if not ticket.is_open:
        raise TransitionNotAllowed(_("Reopen the ticket before assigning it."))
    _check_team_and_assignee(team, assignee)
    if ticket.team_id == (team.pk if team else None) and ticket.assignee_id == (
        assignee.pk if assignee else None
    ):
        return ticket
    _event(
        ticket,
        EventKind.ASSIGNMENT,
        author=acting_user,
        at=now,
        data={
            "old_team": str(ticket.team) if ticket.team else None,
            "new_team": str(team) if team else None,
            "old_assignee": str(ticket.assignee) if ticket.assignee else None,
            "new_assignee": str(assignee) if assignee else None,
            "old_assignee_id": ticket.assignee_id,
            "new_assignee_id": assignee.pk if assignee else None,
        },
    )
    ticket.team = team
    ticket.assignee = assignee
    fields = ["team", "assignee"]
    if assignee:
        fields += _open_if_new(ticket, acting_user=acting_user, at=now)
    _save(ticket, fields, now)
    return ticket


@transaction.atomic
def escalate_ticket(
    ticket: Ticket,
    *,
    to_team: Team,
    reason: str,
    acting_user: User | None,
    version: int | None,
    now: datetime | None = None,
) -> Ticket:
    """Hand the ticket to another team (second line, specialised) with a required reason."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why you escalate: a reason is required."), code="reason_required")
    if to_team is None:
        raise InvalidInput(_("Choose the team to escalate to."), code="team_required")
    now = now or timezone.now()
    ticket = _lock(ticket, version)
    if not ticket.is_open:
        raise TransitionNotAllowed(_("Only open tickets can be escalated."))
    if ticket.team_id == to_team.pk:
        raise InvalidInput(_("The ticket is already with this team."), code="same_team")
    _check_team_and_assignee(to_team, None)
    _event(
        ticket,
        EventKind.ESCALATION,
        author=acting_user,
        at=now,
        body=reason,
        data={
            "from_team": str(ticket.team) if ticket.team else None,
            "from_team_id": ticket.team_id,
            "to_team": str(to_team),
            "to_team_id": to_team.pk,
            "reason": reason,
        },
    )
    ticket.team = to_team
    ticket.assignee = None
    fields = ["team", "assignee", *_open_if_new(ticket, acting_user=acting_user, at=now)]
    _save(ticket, fields, now)
    return ticket


PRIORITY_ORDER = [Priority.P4, Priority.P3, Priority.P2, Priority.P1]


@transaction.atomic
def raise_priority(
    ticket: Ticket,
    *,
    reason: str,
    acting_user: User | None,
    version: int | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Raise the priority one step (P4 → P3 → P2 → P1), logged with a reason. The
    impact × urgency matrix sets it again if impact or urgency change later."""
    now = now or timezone.now()
    ticket = _lock(ticket, version)
    position = PRIORITY_ORDER.index(Priority(ticket.priority))
    if position == len(PRIORITY_ORDER) - 1 or not ticket.is_open:
        return ticket
    new = PRIORITY_ORDER[position + 1]
    _event(
        ticket,
        EventKind.FIELD,
        author=acting_user,
        at=now,
        body=reason,
        data={"field": "priority", "old": ticket.priority, "new": new.value},
    )
    ticket.priority = new
    _save(ticket, ["priority"], now)
    return ticket


@transaction.atomic
def resolve_ticket(
    ticket: Ticket,
    *,
    resolution: str,
    code: ResolutionCode | None,
    acting_user: User,
    version: int | None,
    now: datetime | None = None,
) -> Ticket:
    """Resolve with a resolution text and code; the customer sees the resolution."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise InvalidInput(_("Describe the resolution."), code="resolution_required")
    if code is None:
        raise InvalidInput(_("Choose a resolution code."), code="code_required")
    if not code.is_active:
        raise InvalidInput(_("This resolution code is no longer in use."), code="inactive_code")
    now = now or timezone.now()
    ticket = _lock(ticket, version)
    if not workflow.can_transition(ticket.status, Status.RESOLVED):
        raise TransitionNotAllowed(_("This ticket is already resolved or closed."))
    guards.before_resolve(ticket)
    old = ticket.status
    ticket.status = Status.RESOLVED
    ticket.resolution = resolution
    ticket.resolution_code = code
    ticket.resolved_at = now
    fields = ["status", "resolution", "resolution_code", "resolved_at"]
    if ticket.assignee_id is None and acting_user.is_staff_member:
        ticket.assignee = acting_user
        fields.append("assignee")
    _status_event(ticket, old, Status.RESOLVED, author=acting_user, at=now, body=resolution)
    _save(ticket, fields, now)
    return ticket


@transaction.atomic
def close_ticket(
    ticket: Ticket, *, acting_user: User, version: int | None, now: datetime | None = None
) -> Ticket:
    """Close a resolved ticket."""
    now = now or timezone.now()
    ticket = _lock(ticket, version)
    if ticket.status != Status.RESOLVED:
        raise TransitionNotAllowed(_("Only resolved tickets can be closed."))
    guards.before_close(ticket, acting_user)
    ticket.status = Status.CLOSED
    ticket.closed_at = now
    _status_event(ticket, Status.RESOLVED, Status.CLOSED, author=acting_user, at=now)
    _save(ticket, ["status", "closed_at"], now)
    return ticket


@transaction.atomic
def reopen_ticket(
    ticket: Ticket,
    *,
    acting_user: User,
    version: int | None,
    reason: str = "",
    now: datetime | None = None,
) -> Ticket:
    """Reopen a resolved or closed ticket; the resolution is kept in the timeline."""
    now = now or timezone.now()
    ticket = _lock(ticket, version)
    if ticket.status not in (Status.RESOLVED, Status.CLOSED):
        raise TransitionNotAllowed(_("Only resolved or closed tickets can be reopened."))
    old = ticket.status
    ticket.status = Status.OPEN
    ticket.resolved_at = None
    ticket.closed_at = None
    _status_event(ticket, old, Status.OPEN, author=acting_user, at=now, body=(reason or "").strip())
    _save(ticket, ["status", "resolved_at", "closed_at"], now)
    return ticket


@dataclass(frozen=True)
class CallLog:
    direction: str  # "in" or "out"
    started: datetime
    answered: datetime | None
    ended: datetime


def _message(
    ticket: Ticket,
    *,
    kind: str,
    body: str,
    acting_user: User,
    version: int | None,
    attachments: Iterable[UploadedFile],
    now: datetime | None,
) -> TimelineEvent:
    body = (body or "").strip()
    files = list(attachments)
    if not body and not files:
        raise InvalidInput(_("Write a message or attach a file."), code="body_required")
    now = now or timezone.now()
    locked = _lock(ticket, version)
    # Checked on the locked row: the caller's copy may predate the ticket's closing.
    if kind == EventKind.REPLY and acting_user.is_customer and not locked.is_open:
        raise TransitionNotAllowed(_("This ticket is closed; open a new one."))
    event = _event(
        locked, kind, author=acting_user, at=now, body=body, is_public=kind == EventKind.REPLY
    )
    for upload in files:
        store_attachment(event, upload)
    fields: list[str] = []
    if kind == EventKind.REPLY and acting_user.is_staff_member:
        if locked.first_response_at is None:
            locked.first_response_at = now
            fields.append("first_response_at")
        # Answering the customer is taking the ticket up.
        fields += _open_if_new(locked, acting_user=acting_user, at=now)
    if acting_user.is_customer and locked.status == Status.WAITING_CUSTOMER:
        _status_event(locked, locked.status, Status.OPEN, author=acting_user, at=now)
        locked.status = Status.OPEN
        fields.append("status")
    _save(locked, fields, now)
    ticket.version = locked.version
    return event


@transaction.atomic
def add_reply(
    ticket: Ticket,
    *,
    body: str,
    acting_user: User,
    version: int | None = None,
    attachments: Iterable[UploadedFile] = (),
    now: datetime | None = None,
) -> TimelineEvent:
    """A message the customer sees. The first staff reply sets the first-response time."""
    return _message(
        ticket,
        kind=EventKind.REPLY,
        body=body,
        acting_user=acting_user,
        version=version,
        attachments=attachments,
        now=now,
    )


@transaction.atomic
def add_note(
    ticket: Ticket,
    *,
    body: str,
    acting_user: User,
    version: int | None = None,
    attachments: Iterable[UploadedFile] = (),
    now: datetime | None = None,
) -> TimelineEvent:
    """An internal note, never shown to the customer; only staff write notes."""
    if not acting_user.is_staff_member:
        raise PermissionDenied(_("Only staff can write internal notes."))
    event = _message(
        ticket,
        kind=EventKind.NOTE,
        body=body,
        acting_user=acting_user,
        version=version,
        attachments=attachments,
        now=now,
    )
    guards.after_note(event)
    return event


def reopen_window_open(ticket: Ticket, now: datetime) -> bool:
    """Whether a customer's e-mail may still reopen this resolved or closed ticket
    (within ``MAIL_REOPEN_DAYS`` of its resolution); later mail starts a new ticket."""
    if ticket.is_open:
        return True
    finished = ticket.resolved_at or ticket.closed_at or ticket.updated_at
    return (now - finished).days < settings.MAIL_REOPEN_DAYS


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


@transaction.atomic
def receive_message(
    ticket: Ticket,
    *,
    body: str,
    sender: str,
    name: str = "",
    inbound: int | None = None,
    is_public: bool = True,
    extra: dict[str, Any] | None = None,
    attachments: Iterable[UploadedFile] = (),
    now: datetime | None = None,
) -> TimelineEvent:
    """A customer's e-mail on the ticket: a public reply (author None, the sender in
    ``data``); waiting on the customer → open; resolved or closed within the reopen window
    → reopened. Automatic mail (``is_public=False``) is an internal note and changes
    nothing. Attachments over ``ATTACHMENT_MAX_BYTES`` are refused with a note (the raw
    message keeps them); inline images are named by content id → SHA-256 in ``data``."""
    now = now or timezone.now()
    ticket = _lock(ticket, None)
    limit = settings.ATTACHMENT_MAX_BYTES
    files = list(attachments)
    kept = [f for f in files if f.size is not None and f.size <= limit]
    refused = [f for f in files if f.size is None or f.size > limit]
    cids = {getattr(f, "content_id", ""): _sha256(f) for f in kept}
    cids.pop("", None)
    data: dict[str, Any] = {
        "channel": Channel.EMAIL,
        "from": sender,
        "name": name,
        "inbound": inbound,
    }
    data.update(extra or {})
    if cids:
        data["cids"] = cids
    reopen = is_public and not ticket.is_open
    if reopen and not reopen_window_open(ticket, now):
        raise TransitionNotAllowed(_("This ticket was finished too long ago to reopen."))
    kind = EventKind.REPLY if is_public else EventKind.NOTE
    event = _event(
        ticket, kind, author=None, at=now, body=(body or "").strip(), is_public=is_public, data=data
    )
    for upload in kept:
        store_attachment(event, upload)
    if refused:
        lines = [
            _("%(name)s was not kept: larger than %(limit)s MB; the original message is kept.")
            % {"name": safe_filename(f.name), "limit": limit // (1024 * 1024)}
            for f in refused
        ]
        _event(
            ticket,
            EventKind.NOTE,
            author=None,
            at=now,
            body="\n".join(lines),
            data={"channel": Channel.EMAIL, "inbound": inbound, "refused": len(refused)},
        )
    fields: list[str] = []
    if is_public and ticket.status == Status.WAITING_CUSTOMER:
        _status_event(ticket, ticket.status, Status.OPEN, author=None, at=now)
        ticket.status = Status.OPEN
        fields.append("status")
    elif reopen:
        _status_event(
            ticket,
            ticket.status,
            Status.OPEN,
            author=None,
            at=now,
            body=_("Reopened by the customer's e-mail"),
        )
        ticket.status = Status.OPEN
        ticket.resolved_at = None
        ticket.closed_at = None
        fields += ["status", "resolved_at", "closed_at"]
    _save(ticket, fields, now)
    return event


@transaction.atomic
def log_call(
    ticket: Ticket,
    *,
    call: CallLog,
    acting_user: User,
    note: str = "",
    now: datetime | None = None,
) -> TimelineEvent:
    """Record a phone call on the ticket: direction, times, waiting and talking seconds."""
    if call.direction not in ("in", "out"):
        raise InvalidInput(_("A call is incoming (in) or outgoing (out)."), code="bad_direction")
    for moment in (call.started, call.answered, call.ended):
        if moment is not None and timezone.is_naive(moment):
            raise InvalidInput(_("Call times need a time zone."), code="naive_time")
    if call.ended < call.started:
        raise InvalidInput(_("A call cannot end before it starts."), code="bad_times")
    if call.answered is not None and not call.started <= call.answered <= call.ended:
        raise InvalidInput(_("A call is answered between its start and end."), code="bad_times")
    if (call.ended - call.started).total_seconds() > 24 * 3600:
        raise InvalidInput(_("A call cannot last longer than a day."), code="bad_times")
    answered = call.answered
    wait = int(((answered or call.ended) - call.started).total_seconds())
    talk = int((call.ended - answered).total_seconds()) if answered else 0
    Ticket.objects.select_for_update().filter(pk=ticket.pk).exists()  # serialise with writers
    event = _event(
        ticket,
        EventKind.CALL,
        author=acting_user,
        at=call.ended,
        body=(note or "").strip(),
        data={
            "direction": call.direction,
            "started": call.started.isoformat(),
            "answered": answered.isoformat() if answered else None,
            "ended": call.ended.isoformat(),
            "wait_seconds": wait,
            "talk_seconds": talk,
        },
    )
    _refresh_sla(ticket, now or timezone.now())
    return event


def attachment_limit() -> int:
    return settings.ATTACHMENT_MAX_BYTES


@transaction.atomic
def create_ticket_from_call(
    *,
    acting_user: User,
    call: CallLog,
    escalate_to: Team | None = None,
    reason: str = "",
    resolution: str = "",
    code: ResolutionCode | None = None,
    **fields: Any,
) -> Ticket:
    """Open a ticket for the phone call being taken, log the call on it, and finish it
    the way the agent chose: leave it, escalate it (``escalate_to`` + ``reason``), or
    resolve it at first contact (``resolution`` + ``code``). All or nothing."""
    if escalate_to is not None and code is not None:
        raise InvalidInput(_("Escalate or resolve the ticket, not both."), code="bad_action")
    ticket = create_ticket(acting_user=acting_user, channel=Channel.PHONE, **fields)
    log_call(ticket, call=call, acting_user=acting_user)
    if escalate_to is not None:
        ticket = escalate_ticket(
            ticket,
            to_team=escalate_to,
            reason=reason,
            acting_user=acting_user,
            version=ticket.version,
        )
    elif code is not None or resolution:
        ticket = resolve_ticket(
            ticket,
            resolution=resolution,
            code=code,
            acting_user=acting_user,
            version=ticket.version,
        )
    return ticket
