"""Collaboration and planning use cases: asking colleagues for help, @mentions,
handovers and callbacks. Every write of the planning app goes through one of these
functions or, for recurring tasks, through :mod:`loket.planning.recurring`."""

import re
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import Team, User
from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.planning.models import Callback, Collaborator
from loket.tickets.models import EventKind, Ticket, TimelineEvent

NOTE_MAX = 2000


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _lock_ticket(ticket: Ticket) -> None:
    """Serialise with the ticket's other writers (as ``log_call`` does)."""
    Ticket.objects.select_for_update().filter(pk=ticket.pk).exists()


def _event(
    ticket: Ticket, kind: str, *, author: User | None, at: datetime, body: str = "", **data: Any
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        ticket=ticket, kind=kind, author=author, created_at=at, body=body, data=data
    )


def _mark_done(row: Callback | Collaborator, *, by: User, at: datetime, **fields: Any) -> None:
    """Stamp a callback or help request, locked by the caller, done by ``by`` at ``at``
    with ``fields`` (its outcome, answer, …), and save only those fields."""
    row.done_at = at
    row.done_by = by
    for name, value in fields.items():
        setattr(row, name, value)
    row.save(update_fields=["done_at", "done_by", *fields])


def _require_staff(user: User) -> None:
    if not (user and user.is_authenticated and user.is_active and user.is_staff_member):
        raise PermissionDenied(_("Only staff can plan and collaborate on tickets."))


def _text(value: str, *, what: str, required: bool = False, code: str = "text_required") -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(what, code=code)
    if len(value) > NOTE_MAX:
        raise InvalidInput(
            _("The text is longer than %(max)s characters.") % {"max": NOTE_MAX}, code="too_long"
        )
    return value


def _facts(ticket: Ticket, by: User | None, **extra: Any) -> dict[str, Any]:
    return {"number": ticket.number, "subject": ticket.subject, "by": str(by or ""), **extra}


def _notify(users, *, kind: str, ticket: Ticket, data: dict, now: datetime) -> None:
    from loket.notifications.services import notify

    notify(users, kind=kind, ticket=ticket, data=data, now=now)


# ---------------------------------------------------------------------------- callbacks


def _check_assignee(assignee: User) -> None:
    if not assignee.is_active or not assignee.is_staff_member:
        raise InvalidInput(_("Only active staff can call customers back."), code="bad_assignee")


def _check_due(due_at: datetime, now: datetime) -> None:
    if not isinstance(due_at, datetime):
        raise InvalidInput(_("Give the date and time of the callback."), code="due_required")
    if timezone.is_naive(due_at):
        raise InvalidInput(_("The callback time needs a time zone."), code="naive_time")
    if due_at < now:
        raise InvalidInput(_("The callback time is in the past."), code="due_in_past")


@transaction.atomic
def schedule_callback(
    ticket: Ticket,
    *,
    due_at: datetime,
    acting_user: User,
    assignee: User | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Callback:
    """Promise to call the ticket's contact back at ``due_at``; the acting agent calls
    unless another ``assignee`` is named. The timeline shows the promise."""
    _require_staff(acting_user)
    now = _now(now)
    _check_due(due_at, now)
    assignee = assignee or acting_user
    _check_assignee(assignee)
    note = _text(note, what="")
    _lock_ticket(ticket)
    if not ticket.is_open:
        raise TransitionNotAllowed(_("Reopen the ticket before planning a callback."))
    callback = Callback.objects.create(
        ticket=ticket,
        assignee=assignee,
        due_at=due_at,
        note=note,
        created_by=acting_user,
        created_at=now,
    )
    _callback_event(
        callback, "scheduled", author=acting_user, at=now, body=note, assignee=str(assignee)
    )
    return callback


def _callback_event(
    callback: Callback, action: str, *, author: User, at: datetime, body: str, **data: Any
) -> None:
    """The ticket's timeline line for what happened to ``callback``."""
    _event(
        callback.ticket,
        EventKind.CALLBACK,
        author=author,
        at=at,
        body=body,
        action=action,
        callback_id=callback.pk,
        due_at=callback.due_at.isoformat(),
        body_shown=True,
        **data,
    )


def _lock_open_callback(callback: Callback) -> Callback:
    locked = Callback.objects.select_for_update().select_related("ticket").get(pk=callback.pk)
    if not locked.is_open:
        raise TransitionNotAllowed(_("This callback is already done or cancelled."))
    return locked


@transaction.atomic
def complete_callback(
    callback: Callback,
    *,
    acting_user: User,
    note: str = "",
    call: Any = None,
    now: datetime | None = None,
) -> Callback:
    """The customer was called back. ``call`` (a ``tickets.services.CallLog`` with
    direction "out") also logs the call itself on the ticket."""
    _require_staff(acting_user)
    now = _now(now)
    note = _text(note, what="")
    callback = _lock_open_callback(callback)
    if call is not None:
        from loket.tickets.services import log_call

        log_call(callback.ticket, call=call, acting_user=acting_user, note=note, now=now)
    _mark_done(callback, by=acting_user, at=now, outcome=note)
    _callback_event(callback, "done", author=acting_user, at=now, body=note)
    return callback


@transaction.atomic
def reschedule_callback(
    callback: Callback,
    *,
    due_at: datetime,
    acting_user: User,
    assignee: User | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Callback:
    """Move an open callback to another time (and/or another colleague); it will be
    reminded again at the new time."""
    _require_staff(acting_user)
    now = _now(now)
    _check_due(due_at, now)
    note = _text(note, what="")
    callback = _lock_open_callback(callback)
    old = callback.due_at
    callback.due_at = due_at
    callback.notified_at = None
    fields = ["due_at", "notified_at"]
    if assignee is not None and assignee.pk != callback.assignee_id:
        _check_assignee(assignee)
        callback.assignee = assignee
        fields.append("assignee")
    callback.save(update_fields=fields)
    _callback_event(
        callback,
        "rescheduled",
        author=acting_user,
        at=now,
        body=note,
        old_due_at=old.isoformat(),
        assignee=str(callback.assignee),
    )
    return callback


# ``reschedule`` and ``cancel`` as the brief names them.
reschedule = reschedule_callback


@transaction.atomic
def cancel_callback(
    callback: Callback, *, acting_user: User, note: str = "", now: datetime | None = None
) -> Callback:
    """The callback is no longer needed (the customer called in, the ticket is solved)."""
    _require_staff(acting_user)
    now = _now(now)
    note = _text(note, what="")
    callback = _lock_open_callback(callback)
    _mark_done(callback, by=acting_user, at=now, outcome=note, cancelled=True)
    _callback_event(callback, "cancelled", author=acting_user, at=now, body=note)
    return callback


cancel = cancel_callback


def notify_due_callbacks(now: datetime | None = None) -> int:
    """Remind each due callback's assignee once. The conditional update claims the
    callback, so two workers running together send one reminder."""
    now = _now(now)
    due = list(
        Callback.objects.filter(done_at__isnull=True, notified_at__isnull=True, due_at__lte=now)
        .select_related("ticket", "assignee")
        .order_by("due_at")[:500]
    )
    sent = 0
    for callback in due:
        with transaction.atomic():
            claimed = Callback.objects.filter(
                pk=callback.pk, notified_at__isnull=True, done_at__isnull=True
            ).update(notified_at=now)
            if not claimed:
                continue
            _notify(
                [callback.assignee],
                kind="callback_due",
                ticket=callback.ticket,
                data=_facts(callback.ticket, None, due_at=callback.due_at.isoformat()),
                now=now,
            )
            sent += 1
    return sent


# ------------------------------------------------------------------------ collaboration


def _check_helper(user: User) -> None:
    if not user.is_active or not user.is_staff_member:
        raise InvalidInput(_("Only active staff can be asked for help."), code="bad_helper")


@transaction.atomic
def ask_for_help(
    ticket: Ticket,
    *,
    user: User | None = None,
    team: Team | None = None,
    question: str,
    acting_user: User,
    now: datetime | None = None,
) -> Collaborator:
    """Ask a colleague (or a team) to help on the ticket; it stays with its assignee.
    The colleague, or every member of the team, is notified."""
    _require_staff(acting_user)
    if (user is None) == (team is None):
        raise InvalidInput(_("Ask one colleague or one team."), code="helper_required")
    question = _text(
        question, what=_("Write what you need help with."), required=True, code="question_required"
    )
    if user is not None:
        _check_helper(user)
        if user.pk == acting_user.pk:
            raise InvalidInput(_("You cannot ask yourself for help."), code="self_help")
    if team is not None and not team.is_active:
        raise InvalidInput(_("This team is no longer active."), code="inactive_team")
    now = _now(now)
    _lock_ticket(ticket)
    if not ticket.is_open:
        raise TransitionNotAllowed(_("Reopen the ticket before asking for help."))
    open_requests = Collaborator.objects.filter(ticket=ticket, done_at__isnull=True)
    if open_requests.filter(Q(user=user) if user else Q(team=team)).exists():
        raise InvalidInput(_("This help request is already open."), code="already_asked")
    try:
        with transaction.atomic():
            collaborator = Collaborator.objects.create(
                ticket=ticket,
                user=user,
                team=team,
                question=question,
                reason="help",
                requested_by=acting_user,
                requested_at=now,
            )
    except IntegrityError:  # asked at the same moment by someone else
        raise InvalidInput(_("This help request is already open."), code="already_asked") from None
    helper = str(user or team)
    _event(
        ticket,
        EventKind.COLLAB,
        author=acting_user,
        at=now,
        body=question,
        action="asked",
        collaborator_id=collaborator.pk,
        helper=helper,
        is_team=team is not None,
        body_shown=True,
    )
    recipients = [user] if user else list(team.members.exclude(pk=acting_user.pk))  # type: ignore[union-attr]
    _notify(
        recipients,
        kind="help_request",
        ticket=ticket,
        data=_facts(ticket, acting_user, name=helper),
        now=now,
    )
    return collaborator


@transaction.atomic
def finish_help(
    collaborator: Collaborator, *, acting_user: User, note: str = "", now: datetime | None = None
) -> Collaborator:
    """The help request is answered (or no longer needed)."""
    _require_staff(acting_user)
    now = _now(now)
    note = _text(note, what="")
    locked = (
        Collaborator.objects.select_for_update().select_related("ticket").get(pk=collaborator.pk)
    )
    if locked.done_at is not None:
        raise TransitionNotAllowed(_("This help request is already done."))
    _mark_done(locked, by=acting_user, at=now, done_note=note)
    _event(
        locked.ticket,
        EventKind.COLLAB,
        author=acting_user,
        at=now,
        body=note,
        action="done",
        collaborator_id=locked.pk,
        helper=str(locked.helper),
        body_shown=True,
    )
    return locked


@transaction.atomic
def hand_over(
    ticket: Ticket,
    *,
    to_user: User,
    note: str,
    acting_user: User,
    version: int | None,
    now: datetime | None = None,
) -> Ticket:
    """Give the ticket to another agent with a handover note (what was done, what is
    next). The assignment and the note are one change."""
    from loket.tickets.services import assign_ticket

    _require_staff(acting_user)
    note = _text(
        note,
        what=_("Write a handover note: what was done and what comes next."),
        required=True,
        code="note_required",
    )
    if to_user is None:
        raise InvalidInput(_("Choose the colleague to hand over to."), code="to_required")
    if ticket.assignee_id == to_user.pk:
        raise InvalidInput(_("The ticket is already with this colleague."), code="same_assignee")
    now = _now(now)
    team = ticket.team
    if team is not None and not to_user.memberships.filter(team=team).exists():
        # The new agent's own team takes the ticket along when they are not in its team.
        team = to_user.teams.filter(is_active=True).order_by("pk").first()
    ticket = assign_ticket(
        ticket, team=team, assignee=to_user, acting_user=acting_user, version=version, now=now
    )
    _event(
        ticket,
        EventKind.COLLAB,
        author=acting_user,
        at=now,
        body=note,
        action="handover",
        to=str(to_user),
        body_shown=True,
    )
    _notify(
        [to_user],
        kind="handover",
        ticket=ticket,
        data=_facts(ticket, acting_user, name=str(to_user)),
        now=now,
    )
    return ticket


MENTION = re.compile(r"(?<![\w@.])@([\w.+-]{1,150})")


def mentioned_users(body: str) -> list[User]:
    """The active staff users named ``@username`` in ``body``; unknown names are ignored."""
    names = {name.rstrip(".-").lower() for name in MENTION.findall(body or "")}
    names.discard("")
    if not names:
        return []
    users = User.objects.filter(is_active=True).filter(
        Q.create([("username__iexact", name) for name in names], connector=Q.OR)
    )
    return [user for user in users if user.is_staff_member]


def note_added(event: TimelineEvent) -> None:
    """Notify the colleagues @mentioned in an internal note (once each) and add them as
    collaborators so that they can see the ticket."""
    if event.kind != EventKind.NOTE:
        return
    author = event.author
    users = [user for user in mentioned_users(event.body) if not author or user.pk != author.pk]
    if not users:
        return
    ticket = event.ticket
    open_ids = set(
        Collaborator.objects.filter(
            ticket=ticket, user__in=users, done_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    Collaborator.objects.bulk_create(
        [
            Collaborator(
                ticket=ticket,
                user=user,
                question=event.body[:NOTE_MAX],
                reason="mention",
                requested_by=author,
                requested_at=event.created_at,
            )
            for user in users
            if user.pk not in open_ids
        ],
        # A note written at the same moment may have added the same colleague.
        ignore_conflicts=True,
    )
    _notify(
        users,
        kind="mention",
        ticket=ticket,
        data=_facts(ticket, author),
        now=event.created_at,
    )
