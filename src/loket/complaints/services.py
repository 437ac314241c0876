"""Complaint use cases. Every write to a complaint goes through here.

The flow the dossier asks of a first-line supporter (activity 6, "handles complaints
expertly"): let the customer finish, paraphrase the complaint compactly and have the
customer confirm it, ask what they want, register it (the supervisors are told), answer
it before its own deadline, and check the customer's satisfaction before the ticket
closes. Each step appends a COMPLAINT event to the ticket's timeline (internal: the
customer never sees it); the ticket's priority and status are left alone.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from loket.accounts.models import Role, User
from loket.complaints import access
from loket.complaints.models import (
    NOTE_MAX,
    OUTCOME_MAX,
    PARAPHRASE_MAX,
    Complaint,
    ComplaintStatus,
    ComplaintSubject,
    Satisfaction,
)
from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.sla.businesstime import BusinessCalendar, CalendarSpec
from loket.tickets.models import Channel, EventKind, Status, Ticket, TicketType, TimelineEvent

__all__ = [
    "ACKNOWLEDGEMENT_MACRO",
    "DEADLINE_BUSINESS_DAYS",
    "Registration",
    "acknowledgement",
    "business_deadline",
    "check_closable",
    "record_answer",
    "record_follow_up",
    "register_complaint",
    "set_deadline",
    "start_complaint",
    "supervisors_for",
]

ACKNOWLEDGEMENT_MACRO = "complaint-acknowledgement"
DEADLINE_BUSINESS_DAYS = 5
ANSWER_MAX = 4000
# The complaint's own deadline counts office days (Mon–Fri 8:00–17:00 in Brussels,
# Belgian public holidays off), whatever SLA the ticket runs on: a setting-free default
# that supervisors may move per complaint.
_OFFICE_HOURS = ((time(8), time(17)),)
_HOURS_PER_DAY = 9
_BELGIAN_PUBLIC_HOLIDAYS = frozenset(
    {
        "New Year's Day",
        "Easter Sunday",
        "Easter Monday",
        "Labor Day",
        "Ascension Day",
        "Pentecost",
        "Pentecost Monday",
        "National Day",
        "Assumption Day",
        "All Saints' Day",
        "Armistice Day",
        "Christmas Day",
    }
)
LANGUAGES = ("nl", "fr", "en")


@dataclass(frozen=True)
class Registration:
    """A registered complaint and the empathic acknowledgement to send the customer,
    in their language; the agent reviews it in the composer before sending it."""

    complaint: Complaint
    acknowledgement: str
    language: str


@cache
def _office_calendar() -> BusinessCalendar:
    return BusinessCalendar(
        CalendarSpec(
            time_zone="Europe/Brussels",
            week=dict.fromkeys(range(5), _OFFICE_HOURS),
            holidays=_BELGIAN_PUBLIC_HOLIDAYS,
        )
    )


def business_deadline(start: datetime, days: int = DEADLINE_BUSINESS_DAYS) -> datetime:
    """``days`` office days after ``start``: the same time of day ``days`` working days
    later (from the next opening when ``start`` is outside office hours)."""
    due = _office_calendar().add(start, days * _HOURS_PER_DAY * 3600)
    return due if due is not None else start + timedelta(days=days)


def supervisors_for(ticket: Ticket) -> list[User]:
    """Who hears of a complaint: the leads of the ticket's team, else every active
    supervisor."""
    if ticket.team_id is not None:
        leads = list(
            User.objects.filter(
                memberships__team_id=ticket.team_id, memberships__is_lead=True, is_active=True
            )
            .distinct()
            .order_by("pk")
        )
        if leads:
            return leads
    return list(User.objects.filter(role=Role.SUPERVISOR, is_active=True).order_by("pk"))


def _event(ticket: Ticket, data: dict[str, Any], *, acting_user: User | None, now: datetime):
    TimelineEvent.objects.create(
        ticket=ticket,
        kind=EventKind.COMPLAINT,
        author=acting_user,
        created_at=now,
        is_public=False,
        data=data,
    )


def _clean(value: str | None) -> str:
    return (value or "").strip()


def _check_registration(
    paraphrase: str, paraphrase_confirmed: bool, desired_outcome: str, subject: str
) -> None:
    if not paraphrase:
        raise InvalidInput(
            _("Paraphrase the complaint in a few sentences."), code="paraphrase_required"
        )
    if len(paraphrase) > PARAPHRASE_MAX:
        raise InvalidInput(
            _("Keep the paraphrase compact: at most %(max)s characters.") % {"max": PARAPHRASE_MAX},
            code="paraphrase_too_long",
        )
    if not paraphrase_confirmed:
        raise InvalidInput(
            _("Read your summary to the customer and tick that they confirmed it."),
            code="paraphrase_not_confirmed",
        )
    if not desired_outcome:
        raise InvalidInput(
            _("Ask the customer what they would like to happen."),
            code="desired_outcome_required",
        )
    if len(desired_outcome) > OUTCOME_MAX:
        raise InvalidInput(
            _("The desired outcome is longer than %(max)s characters.") % {"max": OUTCOME_MAX},
            code="too_long",
        )
    if subject and subject not in ComplaintSubject.values:
        raise InvalidInput(_("Unknown complaint subject."), code="bad_subject")


@transaction.atomic
def register_complaint(
    ticket: Ticket,
    *,
    paraphrase: str,
    paraphrase_confirmed: bool,
    desired_outcome: str,
    subject: str = "",
    acting_user: User,
    now: datetime | None = None,
) -> Registration:
    """Register the customer's complaint on ``ticket``: refused unless the compact
    paraphrase was confirmed by the customer and the desired outcome asked. Sets its own
    deadline (five office days), notifies the supervisors and returns the empathic
    acknowledgement in the customer's language."""
    if not access.can_register_complaints(acting_user):
        raise PermissionDenied(_("Only staff register complaints."))
    paraphrase, desired_outcome, subject = (
        _clean(paraphrase),
        _clean(desired_outcome),
        _clean(subject),
    )
    _check_registration(paraphrase, bool(paraphrase_confirmed), desired_outcome, subject)
    now = now or timezone.now()
    locked = (
        Ticket.objects.select_for_update(of=("self",)).select_related("contact").get(pk=ticket.pk)
    )
    if locked.status == Status.CLOSED:
        raise TransitionNotAllowed(
            _("This ticket is closed: reopen it, or start a new complaint."),
            code="ticket_closed",
        )
    if Complaint.objects.filter(ticket=locked).exists():
        raise InvalidInput(
            _("A complaint is already registered on this ticket."), code="complaint_exists"
        )
    supervisors = [u for u in supervisors_for(locked) if u.pk != acting_user.pk]
    complaint = Complaint(
        ticket=locked,
        paraphrase=paraphrase,
        paraphrase_confirmed=True,
        desired_outcome=desired_outcome,
        subject=subject,
        organisation_id=locked.organisation_id,
        category_id=locked.category_id,
        registered_by=acting_user,
        registered_at=now,
        due_at=business_deadline(now),
        notified_at=now if supervisors else None,
    )
    try:
        with transaction.atomic():
            complaint.save()
    except IntegrityError:  # a colleague registered one at the same moment
        raise InvalidInput(
            _("A complaint is already registered on this ticket."), code="complaint_exists"
        ) from None
    complaint.notified.set(supervisors)
    _event(
        locked,
        {
            "action": "registered",
            "paraphrase": paraphrase,
            "desired_outcome": desired_outcome,
            "subject": subject,
            "due_at": complaint.due_at.isoformat(),
            "notified": [str(u) for u in supervisors],
        },
        acting_user=acting_user,
        now=now,
    )
    _notify(supervisors, locked, complaint, acting_user=acting_user, now=now)
    text, language = acknowledgement(complaint, acting_user=acting_user)
    return Registration(complaint=complaint, acknowledgement=text, language=language)


def _notify(
    supervisors: list[User], ticket: Ticket, complaint: Complaint, *, acting_user, now
) -> None:
    if not supervisors:
        return
    from loket.notifications.models import NotificationKind
    from loket.notifications.services import notify

    notify(
        supervisors,
        kind=NotificationKind.COMPLAINT,
        ticket=ticket,
        data={
            "number": ticket.number,
            "subject": ticket.subject,
            "by": str(acting_user),
            "name": complaint.paraphrase[:80],
            "due_at": complaint.due_at.isoformat(),
        },
        now=now,
    )


@transaction.atomic
def start_complaint(
    *,
    acting_user: User,
    paraphrase: str,
    paraphrase_confirmed: bool,
    desired_outcome: str,
    subject: str = "",
    contact=None,
    organisation=None,
    category=None,
    team=None,
    channel: str = Channel.PHONE,
    title: str = "",
    now: datetime | None = None,
) -> Registration:
    """A complaint that starts a new ticket (of type complaint), registered at once;
    the ticket's subject is ``title`` or the paraphrase's beginning."""
    paraphrase, desired_outcome = _clean(paraphrase), _clean(desired_outcome)
    _check_registration(paraphrase, bool(paraphrase_confirmed), desired_outcome, _clean(subject))
    from loket.tickets.services import create_ticket

    heading = _clean(title) or _("Complaint: %(summary)s") % {"summary": paraphrase}
    if len(heading) > 200:
        heading = heading[:199].rstrip() + "…"
    ticket = create_ticket(
        acting_user=acting_user,
        subject=heading,
        description=paraphrase,
        contact=contact,
        organisation=organisation,
        category=category,
        team=team,
        type=TicketType.COMPLAINT,
        channel=channel,
        now=now,
    )
    return register_complaint(
        ticket,
        paraphrase=paraphrase,
        paraphrase_confirmed=paraphrase_confirmed,
        desired_outcome=desired_outcome,
        subject=subject,
        acting_user=acting_user,
        now=now,
    )


def _language_of(ticket: Ticket) -> str:
    contact = ticket.contact
    language = contact.language if contact is not None else ""
    return language if language in LANGUAGES else "nl"


def acknowledgement(complaint: Complaint, *, acting_user: User) -> tuple[str, str]:
    """The empathic answer to the customer and its language: the canned answer
    "complaint-acknowledgement" (in the contact's language and profile) when it exists,
    else a built-in text in the contact's language."""
    language = _language_of(complaint.ticket)
    rendered = _from_macro(complaint, acting_user=acting_user)
    if rendered is not None:
        return rendered
    with translation.override(language):
        return _fallback_text(complaint, acting_user=acting_user), language


def _from_macro(complaint: Complaint, *, acting_user: User) -> tuple[str, str] | None:
    try:
        from loket.macros import services as macros
        from loket.macros.placeholders import due_phrase
    except ImportError:  # pragma: no cover - the canned answers app is always installed
        return None
    macro = macros.macro_by_key(ACKNOWLEDGEMENT_MACRO)
    if macro is None:
        return None
    ticket = complaint.ticket
    try:
        rendered = macros.render_macro(macro, ticket=ticket, acting_user=acting_user)
    except InvalidInput:  # the macro has no text yet
        return None
    if not rendered.text.strip():
        return None
    # The macro's {due_time} is the ticket's SLA; the customer is promised the
    # complaint's own deadline.
    sla_due = due_phrase(ticket.sla_due_at if ticket.is_open else None, rendered.language)
    own_due = due_phrase(complaint.due_at, rendered.language)
    return rendered.text.replace(sla_due, own_due), rendered.language


def _fallback_text(complaint: Complaint, *, acting_user: User) -> str:
    ticket = complaint.ticket
    due = timezone.localtime(complaint.due_at, _desk_zone())
    values = {
        "name": ticket.contact.full_name if ticket.contact else "",
        "number": ticket.number,
        "paraphrase": complaint.paraphrase,
        "outcome": complaint.desired_outcome,
        "due": formats.date_format(due, "DATETIME_FORMAT"),
        "agent": acting_user.get_full_name() or acting_user.username,
    }
    greeting = _("Dear %(name)s,") % values if values["name"] else _("Dear customer,")
    body = (
        _(
            "Thank you for telling us, and I am sorry for the trouble this has caused you. "
            "I have registered your complaint under ticket %(number)s, as we summarised it "
            "together:\n\n“%(paraphrase)s”\n\nWhat you would like: %(outcome)s\n\n"
            "A supervisor has been informed and will see to it personally. You will have "
            "our answer by %(due)s at the latest, and we will check with you afterwards "
            "that you are satisfied."
        )
        % values
    )
    closing = _("Kind regards,\n%(agent)s") % values
    return f"{greeting}\n\n{body}\n\n{closing}"


def _desk_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("ticket")
        .get(pk=complaint.pk)
    )


@transaction.atomic
def set_deadline(
    complaint: Complaint,
    *,
    due_at: datetime,
    acting_user: User,
    reason: str = "",
    now: datetime | None = None,
) -> Complaint:
    """Move the complaint's own deadline (supervisors and admins), with a reason."""
    if not access.can_change_deadlines(acting_user):
        raise PermissionDenied(_("Only supervisors change a complaint's deadline."))
    if due_at is None or timezone.is_naive(due_at):
        raise InvalidInput(
            _("The deadline needs a date, a time and a time zone."), code="naive_time"
        )
    reason = _clean(reason)
    if len(reason) > NOTE_MAX:
        raise InvalidInput(_("The reason is too long."), code="too_long")
    now = now or timezone.now()
    complaint = _lock(complaint)
    if complaint.status == ComplaintStatus.CLOSED:
        raise TransitionNotAllowed(
            _("This complaint is closed; its deadline no longer matters."),
            code="complaint_closed",
        )
    if due_at <= complaint.registered_at:
        raise InvalidInput(
            _("The deadline must come after the complaint was registered."),
            code="bad_deadline",
        )
    if due_at == complaint.due_at:
        return complaint
    old = complaint.due_at
    complaint.due_at = due_at
    complaint.save(update_fields=["due_at"])
    _event(
        complaint.ticket,
        {"action": "deadline", "old": old.isoformat(), "new": due_at.isoformat(), "reason": reason},
        acting_user=acting_user,
        now=now,
    )
    return complaint


@transaction.atomic
def record_answer(
    complaint: Complaint, *, outcome: str, acting_user: User, now: datetime | None = None
) -> Complaint:
    """Record what was done about the complaint (the answer given): it is answered and
    waits for the satisfaction follow-up."""
    if not access.can_register_complaints(acting_user):
        raise PermissionDenied(_("Only staff answer complaints."))
    outcome = _clean(outcome)
    if not outcome:
        raise InvalidInput(_("Say what was done about the complaint."), code="outcome_required")
    if len(outcome) > ANSWER_MAX:
        raise InvalidInput(_("The outcome is too long."), code="too_long")
    now = now or timezone.now()
    complaint = _lock(complaint)
    if complaint.status not in (ComplaintStatus.OPEN, ComplaintStatus.ANSWERED):
        raise TransitionNotAllowed(
            _("The follow-up of this complaint is already done."), code="already_followed_up"
        )
    complaint.outcome = outcome
    complaint.status = ComplaintStatus.ANSWERED
    complaint.answered_at = complaint.answered_at or now
    complaint.save(update_fields=["outcome", "status", "answered_at"])
    _event(
        complaint.ticket,
        {"action": "answered", "outcome": outcome},
        acting_user=acting_user,
        now=now,
    )
    return complaint


def _follow_up(
    complaint: Complaint,
    *,
    satisfied: str,
    note: str,
    acting_user: User,
    now: datetime,
    auto: bool = False,
) -> Complaint:
    ticket = complaint.ticket
    changed = ["satisfied", "follow_up_note", "followed_up_by", "followed_up_at", "status"]
    if not complaint.outcome and ticket.resolution:
        complaint.outcome = ticket.resolution
        changed.append("outcome")
    if complaint.answered_at is None:
        complaint.answered_at = ticket.resolved_at or now
        changed.append("answered_at")
    complaint.satisfied = satisfied
    complaint.follow_up_note = note
    complaint.followed_up_by = acting_user
    complaint.followed_up_at = now
    complaint.status = ComplaintStatus.FOLLOWED_UP
    complaint.save(update_fields=changed)
    data: dict[str, Any] = {"action": "follow_up", "satisfied": satisfied, "note": note}
    if auto:
        data["auto"] = True
    _event(ticket, data, acting_user=acting_user, now=now)
    return complaint


@transaction.atomic
def record_follow_up(
    complaint: Complaint,
    *,
    satisfied: str,
    note: str = "",
    acting_user: User,
    now: datetime | None = None,
) -> Complaint:
    """Record the satisfaction check after the answer: the customer is satisfied
    (``yes``), not satisfied (``no``, with a note on what they still expect) or could
    not be reached (``unreachable``). Possible once the ticket is resolved or the
    complaint answered; the ticket may then be closed."""
    if not access.can_register_complaints(acting_user):
        raise PermissionDenied(_("Only staff follow complaints up."))
    if satisfied not in Satisfaction.values:
        raise InvalidInput(
            _("Say whether the customer is satisfied, not satisfied or unreachable."),
            code="bad_satisfaction",
        )
    note = _clean(note)
    if len(note) > NOTE_MAX:
        raise InvalidInput(
            _("The note is longer than %(max)s characters.") % {"max": NOTE_MAX}, code="too_long"
        )
    if satisfied == Satisfaction.NO and not note:
        raise InvalidInput(
            _("Note what the customer still expects."), code="follow_up_note_required"
        )
    now = now or timezone.now()
    complaint = _lock(complaint)
    if complaint.is_followed_up:
        raise TransitionNotAllowed(
            _("The follow-up of this complaint is already done."), code="already_followed_up"
        )
    answered = complaint.status == ComplaintStatus.ANSWERED
    if not answered and complaint.ticket.status not in (Status.RESOLVED, Status.CLOSED):
        raise TransitionNotAllowed(
            _("Answer the complaint (or resolve the ticket) before checking satisfaction."),
            code="complaint_not_answered",
        )
    return _follow_up(complaint, satisfied=satisfied, note=note, acting_user=acting_user, now=now)


def check_closable(ticket: Ticket, acting_user: User) -> None:
    """The close guard (``loket.tickets.guards``), run inside ``close_ticket``'s
    transaction on the locked ticket: a complaint must be followed up before its ticket
    closes. A customer closing their own ticket in the portal is the follow-up (they
    are satisfied); the complaint then closes with the ticket."""
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("ticket")
        .filter(ticket=ticket)
        .first()
    )
    if complaint is None:
        return
    now = timezone.now()
    if not complaint.is_followed_up:
        if acting_user is None or not acting_user.is_customer:
            raise TransitionNotAllowed(
                _(
                    "This ticket has a complaint: check the customer's satisfaction "
                    "(record the follow-up) before closing it."
                ),
                code="complaint_follow_up_required",
            )
        complaint.ticket = ticket
        _follow_up(
            complaint,
            satisfied=Satisfaction.YES,
            note="",
            acting_user=acting_user,
            now=now,
            auto=True,
        )
    if complaint.status != ComplaintStatus.CLOSED:
        complaint.status = ComplaintStatus.CLOSED
        complaint.closed_at = now
        complaint.save(update_fields=["status", "closed_at"])
