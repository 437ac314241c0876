"""API: the agent's day, callbacks, colleagues helping, handovers and recurring tasks.
Staff only; customers get 403."""

from datetime import date, datetime, time
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from loket.accounts.models import User
from loket.api.auth import acting_user
from loket.api.pagination import paginate
from loket.api.references import assignee_ref, category_ref, team_ref, ticket_ref
from loket.api.routers.tickets import TicketKey, _fresh
from loket.api.schemas import (
    Id,
    Input,
    Level,
    Moment,
    PageOut,
    PageParams,
    TeamOut,
    Text,
    TicketOut,
    TicketTypeCode,
    UserRef,
    Version,
    errors,
)
from loket.planning import recurring, schedule, services, today
from loket.planning.access import (
    callback_for,
    callbacks_for,
    can_manage_recurring,
    can_plan,
    recurring_task_for,
)
from loket.planning.models import Callback, Collaborator, RecurringTask
from loket.tickets.services import CallLog

router = Router(tags=["planning"])

CallbackId = Path(..., ge=1, le=2**63 - 1, description="The callback's id.")
TaskId = Path(..., ge=1, le=2**63 - 1, description="The recurring task's id.")


# --- schemas ---------------------------------------------------------------------------


class TicketBrief(Schema):
    id: int
    number: str
    subject: str
    status: str
    priority: str
    follow_up_at: datetime | None
    sla_due_at: datetime | None
    sla_breached: bool


class CallbackOut(Schema):
    id: int
    ticket: TicketBrief
    assignee: UserRef
    due_at: datetime
    overdue: bool = Field(..., description="Open and due before the moment of the answer.")
    note: str
    phone: str | None = Field(..., description="The contact's first phone number (E.164).")
    created_by: UserRef | None
    created_at: datetime
    done_at: datetime | None
    done_by: UserRef | None
    outcome: str
    cancelled: bool


class CallbackPage(PageOut):
    results: list[CallbackOut]


class CallbackIn(Input):
    due_at: Moment = Field(..., description="When to call back; with a time zone, not past.")
    assignee: Id | None = Field(None, description="Who calls; default: you.")
    note: Text = Field("", max_length=2000)


class CallIn(Input):
    started: Moment
    answered: Moment | None = None
    ended: Moment


class CallbackDoneIn(Input):
    note: Text = Field("", max_length=2000, description="The outcome of the call.")
    call: CallIn | None = Field(None, description="Also log the outgoing call on the ticket.")


class CollaboratorOut(Schema):
    id: int
    ticket: TicketBrief
    user: UserRef | None
    team: TeamOut | None
    reason: str = Field(..., description="help (asked) or mention (@name in a note).")
    question: str
    requested_by: UserRef | None
    requested_at: datetime
    done_at: datetime | None
    done_note: str


class CollaboratorIn(Input):
    user: Id | None = Field(None, description="A colleague's id, or …")
    team: Id | None = Field(None, description="… a team's id (exactly one of the two).")
    question: Text = Field(..., max_length=2000)


class HandoverIn(Input):
    to: Id = Field(..., description="The colleague's user id.")
    note: Text = Field(..., max_length=2000, description="Required: what was done, what next.")
    version: Version


class TodayOut(Schema):
    now: datetime
    callbacks: list[CallbackOut] = Field(..., description="My open callbacks due today.")
    overdue_callbacks: int
    follow_ups: list[TicketBrief]
    at_risk: list[TicketBrief] = Field(..., description="My tickets at risk or breached.")
    help_requests: list[CollaboratorOut]
    recurring: list[TicketBrief]


Frequency = Literal["weekly", "monthly", "days"]


class RecurringTaskOut(Schema):
    id: int
    title: str
    description: str
    team: TeamOut
    assignee: UserRef | None
    category: int | None = Field(..., description="The category id.")
    type: str
    impact: int
    urgency: int
    frequency: str
    weekdays: list[int]
    day_of_month: int | None
    interval_days: int | None
    time_of_day: time
    start_date: date
    is_active: bool
    last_occurrence_at: datetime | None
    next_occurrence_at: datetime | None
    upcoming: list[datetime]

    @staticmethod
    def resolve_category(obj) -> int | None:
        return obj.category_id


class RecurringTaskIn(Input):
    title: Text = Field(..., max_length=200)
    description: Text = Field("", max_length=10_000)
    team: Id
    assignee: Id | None = None
    category: Id | None = None
    type: TicketTypeCode = "service_request"
    impact: Level = 3
    urgency: Level = 3
    frequency: Frequency
    weekdays: list[int] = Field(default_factory=list, max_length=7, description="1 = Monday.")
    day_of_month: int | None = Field(None, ge=1, le=31)
    interval_days: int | None = Field(None, ge=1, le=366)
    time_of_day: time = Field(..., description="Local wall-clock time of the desk.")
    start_date: date
    is_active: bool = True


class RecurringTaskPatch(Input):
    title: Text | None = Field(None, max_length=200)
    description: Text | None = Field(None, max_length=10_000)
    team: Id | None = None
    assignee: Id | None = None
    category: Id | None = None
    type: TicketTypeCode | None = None
    impact: Level | None = None
    urgency: Level | None = None
    frequency: Frequency | None = None
    weekdays: list[int] | None = Field(None, max_length=7)
    day_of_month: int | None = Field(None, ge=1, le=31)
    interval_days: int | None = Field(None, ge=1, le=366)
    time_of_day: time | None = None
    start_date: date | None = None
    is_active: bool | None = None


# --- helpers ---------------------------------------------------------------------------


def _staff(request: HttpRequest) -> User:
    user = acting_user(request)
    if not can_plan(user):
        raise PermissionDenied
    return user


def _manager(request: HttpRequest) -> User:
    user = acting_user(request)
    if not can_manage_recurring(user):
        raise PermissionDenied
    return user


def _callback_out(callback: Callback, now: datetime) -> dict:
    contact = callback.ticket.contact
    phones = list(contact.phones.all()) if contact else []
    return {
        "id": callback.pk,
        "ticket": callback.ticket,
        "assignee": callback.assignee,
        "due_at": callback.due_at,
        "overdue": callback.done_at is None and callback.due_at < now,
        "note": callback.note,
        "phone": phones[0].number if phones else None,
        "created_by": callback.created_by,
        "created_at": callback.created_at,
        "done_at": callback.done_at,
        "done_by": callback.done_by,
        "outcome": callback.outcome,
        "cancelled": callback.cancelled,
    }


def _callbacks_query(queryset):
    return queryset.select_related(
        "ticket__contact", "assignee", "created_by", "done_by"
    ).prefetch_related("ticket__contact__phones")


def _task_out(task: RecurringTask) -> RecurringTask:
    task.upcoming = schedule.upcoming(task, timezone.now(), 3) if task.is_active else []
    return task


# --- the day ---------------------------------------------------------------------------


@router.get(
    "/me/today",
    response={200: TodayOut, **errors(403)},
    summary="My day",
    description="What the Today page shows: my callbacks due today (overdue first), "
    "follow-ups due, my tickets at risk or breached, help requests waiting for me and "
    "today's recurring-task tickets. At most 50 of each.",
)
def my_today(request: HttpRequest):
    user = _staff(request)
    day = today.my_day(user)
    return {
        "now": day.now,
        "callbacks": [_callback_out(c, day.now) for c in day.callbacks],
        "overdue_callbacks": day.overdue_callbacks,
        "follow_ups": day.follow_ups,
        "at_risk": day.at_risk,
        "help_requests": day.help_requests,
        "recurring": day.recurring,
    }


# --- callbacks -------------------------------------------------------------------------


class CallbackFilters(Schema):
    mine: bool = Field(False, description="Only callbacks I make.")
    overdue: bool = Field(False, description="Only open callbacks past their time.")
    done: bool | None = Field(
        False, description="false (default): open ones; true: done or cancelled; null: all."
    )


@router.get(
    "/callbacks",
    response={200: CallbackPage, **errors(403, 422)},
    summary="List callbacks",
    description="Callbacks on the tickets you may see (and those you make), the earliest "
    "first. `?mine=1&overdue=1`: my overdue callbacks.",
)
def list_callbacks(request: HttpRequest, filters: Query[CallbackFilters], page: Query[PageParams]):
    user = _staff(request)
    now = timezone.now()
    callbacks = callbacks_for(user)
    if filters.mine:
        callbacks = callbacks.filter(assignee=user)
    if filters.done is not None:
        callbacks = callbacks.filter(done_at__isnull=not filters.done)
    if filters.overdue:
        callbacks = callbacks.filter(done_at__isnull=True, due_at__lt=now)
    answer = paginate(_callbacks_query(callbacks).order_by("due_at", "id"), page)
    answer["results"] = [_callback_out(c, now) for c in answer["results"]]
    return answer


@router.post(
    "/tickets/{key}/callbacks",
    response={201: CallbackOut, **errors(403, 404, 409, 422)},
    summary="Plan a callback",
    description="Promise to call the ticket's contact back at `due_at` (422 `due_in_past`, "
    "`naive_time`). The assignee is you unless you name a colleague.",
)
def create_callback(request: HttpRequest, payload: CallbackIn, key: str = TicketKey):
    user = _staff(request)
    ticket = ticket_ref(user, key, write=True)
    callback = services.schedule_callback(
        ticket,
        due_at=payload.due_at,
        assignee=assignee_ref(user, payload.assignee),
        note=payload.note,
        acting_user=user,
    )
    fresh = _callbacks_query(Callback.objects.all()).get(pk=callback.pk)
    return Status(201, _callback_out(fresh, timezone.now()))


@router.post(
    "/callbacks/{callback_id}/done",
    response={200: CallbackOut, **errors(403, 404, 409, 422)},
    summary="Mark a callback done",
    description="With the outcome; `call` also logs the outgoing call on the ticket. "
    "409 when it is already done or cancelled.",
)
def complete_callback(request: HttpRequest, payload: CallbackDoneIn, callback_id: int = CallbackId):
    user = _staff(request)
    callback = callback_for(user, callback_id)
    call = None
    if payload.call is not None:
        call = CallLog(
            direction="out",
            started=payload.call.started,
            answered=payload.call.answered,
            ended=payload.call.ended,
        )
    services.complete_callback(callback, acting_user=user, note=payload.note, call=call)
    fresh = _callbacks_query(Callback.objects.all()).get(pk=callback.pk)
    return _callback_out(fresh, timezone.now())


# --- collaboration ---------------------------------------------------------------------


def _collaborators(ticket) -> list[Collaborator]:
    return list(
        Collaborator.objects.filter(ticket=ticket)
        .select_related("ticket", "user", "team", "requested_by")
        .order_by("requested_at", "id")
    )


@router.get(
    "/tickets/{key}/collaborators",
    response={200: list[CollaboratorOut], **errors(403, 404)},
    summary="Colleagues helping on a ticket",
    description="Help requests and @mentions, open and done, oldest first.",
)
def list_collaborators(request: HttpRequest, key: str = TicketKey):
    user = _staff(request)
    return _collaborators(ticket_ref(user, key))


@router.post(
    "/tickets/{key}/collaborators",
    response={201: CollaboratorOut, **errors(403, 404, 409, 422)},
    summary="Ask for help",
    description="Ask a colleague (`user`) or a team (`team`) with a question; they are "
    "notified and may see the ticket; it stays with its assignee.",
)
def ask_for_help(request: HttpRequest, payload: CollaboratorIn, key: str = TicketKey):
    user = _staff(request)
    ticket = ticket_ref(user, key, write=True)
    collaborator = services.ask_for_help(
        ticket,
        user=assignee_ref(user, payload.user),
        team=team_ref(user, payload.team),
        question=payload.question,
        acting_user=user,
    )
    return Status(201, collaborator)


@router.post(
    "/tickets/{key}/handover",
    response={200: TicketOut, **errors(403, 404, 409, 422)},
    summary="Hand a ticket over",
    description="Assign it to a colleague with a required handover note (422 "
    "`note_required`); 409 `version_conflict` when the ticket changed since `version`.",
)
def hand_over(request: HttpRequest, payload: HandoverIn, key: str = TicketKey):
    user = _staff(request)
    ticket = ticket_ref(user, key, write=True)
    to_user = assignee_ref(user, payload.to)
    ticket = services.hand_over(
        ticket, to_user=to_user, note=payload.note, acting_user=user, version=payload.version
    )
    return _fresh(ticket)


# --- recurring tasks -------------------------------------------------------------------


def _task_fields(user: User, data: dict) -> dict:
    if "team" in data:
        data["team"] = team_ref(user, data["team"])
    if "assignee" in data:
        data["assignee"] = assignee_ref(user, data["assignee"])
    if "category" in data:
        data["category"] = category_ref(data["category"])
    return data


class RecurringTaskPage(PageOut):
    results: list[RecurringTaskOut]


@router.get(
    "/recurring-tasks",
    response={200: RecurringTaskPage, **errors(403, 422)},
    summary="List recurring tasks",
    description="With their next three occurrences. Supervisors and administrators.",
)
def list_recurring_tasks(request: HttpRequest, page: Query[PageParams]):
    _manager(request)
    tasks = RecurringTask.objects.select_related("team", "assignee").order_by("title", "id")
    answer = paginate(tasks, page)
    answer["results"] = [_task_out(task) for task in answer["results"]]
    return answer


@router.post(
    "/recurring-tasks",
    response={201: RecurringTaskOut, **errors(403, 422)},
    summary="Create a recurring task",
    description="Each occurrence becomes a ticket for the team. `weekly` needs `weekdays` "
    "(1 = Monday), `monthly` a `day_of_month`, `days` an `interval_days`; the time is the "
    "desk's local time.",
)
def create_recurring_task(request: HttpRequest, payload: RecurringTaskIn):
    user = _manager(request)
    fields = _task_fields(user, payload.model_dump())
    task = recurring.create_recurring_task(acting_user=user, **fields)
    return Status(201, _task_out(task))


@router.patch(
    "/recurring-tasks/{task_id}",
    response={200: RecurringTaskOut, **errors(403, 404, 422)},
    summary="Change or pause a recurring task",
    description="Only the fields sent; `is_active: false` pauses it. A resumed task or a "
    "changed schedule starts from the next occurrence.",
)
def update_recurring_task(request: HttpRequest, payload: RecurringTaskPatch, task_id: int = TaskId):
    user = _manager(request)
    task = recurring_task_for(user, task_id)
    changes = payload.model_dump(exclude_unset=True)
    nullable = {"assignee", "category", "day_of_month", "interval_days"}
    changes = {k: v for k, v in changes.items() if v is not None or k in nullable}
    task = recurring.update_recurring_task(task, acting_user=user, **_task_fields(user, changes))
    return _task_out(task)
