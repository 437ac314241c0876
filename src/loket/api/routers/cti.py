"""The telephone system's webhook (``POST /cti/{token}``, Zammad's generic CTI) and the
staff's read-only call log and call metrics.

The webhook authenticates by the token in its path only (telephone systems cannot send a
bearer token): 401 ``bad_token`` for a wrong or switched-off one. It reads JSON or form
fields (``user[]`` repeated for several users) and answers ``{}``, or
``{"action": "reject", "reason": "busy"}`` for a blocked caller; 422 with a code for an
unknown event (``bad_event``), a missing callId (``missing_call_id``) or a bad direction
(``bad_direction``).
"""

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from loket.accounts.models import User
from loket.api.auth import acting_user
from loket.api.pagination import paginate
from loket.api.schemas import ContactRef, Id, PageOut, PageParams, Text, UserRef, errors
from loket.channels import access, calls, cti
from loket.channels.models import CallState
from loket.core.errors import InvalidInput, ServiceError
from loket.sla.reports import desk_time_zone

router = Router(tags=["telephone"])

MAX_BODY = 64 * 1024


class BadToken(ServiceError):
    code = "bad_token"
    status = 401


# --- the webhook -----------------------------------------------------------------------


def _form_fields(request: HttpRequest) -> dict[str, Any]:
    try:
        form = request.POST
    except (MultiPartParserError, ValueError):
        raise InvalidInput(_("The form data could not be read."), code="bad_payload") from None
    fields: dict[str, Any] = {}
    for key in form:
        name = key.removesuffix("[]")
        values = form.getlist(key)
        fields[name] = values if name == "user" else (values[-1] if values else "")
    return fields


def _json_fields(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"{}")
    except (ValueError, RecursionError):
        raise InvalidInput(_("The body is not valid JSON."), code="bad_payload") from None


def event_fields(request: HttpRequest) -> Any:
    """The posted event as a dict, whether sent as JSON or as form fields."""
    content_type = (request.content_type or "").lower()
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return _form_fields(request)
    if len(request.body) > MAX_BODY:
        raise InvalidInput(_("The event is too large."), code="bad_payload")
    return _json_fields(request)


@router.post(
    "/cti/{token}",
    auth=None,
    response={200: dict[str, str], **errors(422)},
    summary="Post a call event (telephone system)",
    description="Zammad-compatible generic CTI webhook; authenticated by the token in the "
    "URL (`loket cti-token NAME`), no bearer token. JSON or form fields: `event` "
    "(newCall, answer, hangup), `from`, `to`, `direction` (in, out), `callId`, `user` (or "
    "repeated `user[]`), `queue`, `cause`, `answeringNumber`. Answers `{}`, or "
    '`{"action": "reject", "reason": "busy"}` for a blocked caller. 401 `bad_token`; 422 '
    "`bad_event`, `missing_call_id`, `bad_direction`, `bad_payload`. See docs/telephony.md.",
)
def cti_event(request: HttpRequest, token: str):
    endpoint = cti.endpoint_for_token(token)
    if endpoint is None:
        raise BadToken(_("Unknown or inactive telephone system token."))
    answer = cti.handle_event(endpoint, event_fields(request))
    return JsonResponse(answer)


# --- the call log ----------------------------------------------------------------------


class CallOut(Schema):
    id: int
    call_id: str
    direction: str
    from_number: str
    to_number: str
    party: str = Field(..., description="The other side in E.164 ('' when unknown).")
    contact: ContactRef | None
    queue: str
    agent: UserRef | None
    state: str
    cause: str
    blocked: bool
    missed: bool
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    wait_seconds: int | None
    talk_seconds: int | None
    wrap_up_seconds: int | None
    ticket: str | None = Field(None, description="The linked ticket's number.")

    @staticmethod
    def resolve_ticket(obj) -> str | None:
        return obj.ticket.number if obj.ticket_id else None


class CallPage(PageOut):
    results: list[CallOut]


class Period(Schema):
    start: date | None = Field(None, alias="from", description="First day (desk time zone).")
    end: date | None = Field(None, alias="to", description="Last day, inclusive.")


class CallFilters(Period):
    queue: Text | None = Field(None, max_length=100)
    agent: Id | None = Field(None, description="The answering agent's user id.")
    missed: bool | None = Field(None, description="true: ended unanswered; false: answered.")


class MetricsFilters(Period):
    threshold: int = Field(
        settings.CTI_SERVICE_LEVEL_SECONDS,
        ge=1,
        le=600,
        description="Service level: answered within this many seconds.",
    )


def _staff(request: HttpRequest) -> User:
    user = acting_user(request)
    if not access.can_see_calls(user):
        raise PermissionDenied
    return user


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=desk_time_zone())


def _in_period(queryset, period: Period):
    if period.start and period.end and period.start > period.end:
        raise InvalidInput(_("The period ends before it starts."), code="bad_period")
    try:
        if period.start:
            queryset = queryset.filter(started_at__gte=_day_start(period.start))
        if period.end:
            queryset = queryset.filter(started_at__lt=_day_start(period.end + timedelta(days=1)))
    except OverflowError:
        raise InvalidInput(_("This date is out of range."), code="bad_period") from None
    return queryset


@router.get(
    "/calls",
    response={200: CallPage, **errors(403, 422)},
    summary="List calls",
    description="Staff: agents and specialists their own calls, supervisors and admins "
    "all; newest first. `?from=2026-11-01&to=2026-11-30&queue=helpdesk&agent=3&missed=true`.",
)
def list_calls(request: HttpRequest, filters: Query[CallFilters], page: Query[PageParams]):
    user = _staff(request)
    found = _in_period(access.visible_calls(user), filters)
    if filters.queue is not None:
        found = found.filter(queue=filters.queue)
    if filters.agent is not None:
        found = found.filter(agent_id=filters.agent)
    if filters.missed is True:
        found = found.filter(state=CallState.ENDED, answered_at__isnull=True)
    elif filters.missed is False:
        found = found.filter(answered_at__isnull=False)
    found = found.select_related("contact", "agent", "ticket").order_by("-started_at", "-id")
    return paginate(found, page)


class Figures(Schema):
    offered: int
    answered: int
    abandoned: int
    abandoned_rate: float | None = Field(..., description="% of offered.")
    average_speed_of_answer: float | None = Field(..., description="Seconds.")
    service_level: float | None = Field(..., description="% of offered within threshold.")
    average_handle_time: float | None = Field(..., description="Talk + wrap-up, seconds.")


class QueueFigures(Figures):
    queue: str


class AgentFigures(Figures):
    agent: int | None
    name: str


class DayFigures(Figures):
    day: date


class MetricsOut(Schema):
    start: date | None
    end: date | None
    threshold: int
    total: Figures
    by_queue: list[QueueFigures]
    by_agent: list[AgentFigures]
    by_day: list[DayFigures]


@router.get(
    "/calls/metrics",
    response={200: MetricsOut, **errors(403, 422)},
    summary="Call metrics",
    description="Supervisors and admins: offered, answered, abandoned (rate), average speed "
    "of answer, service level (`threshold` seconds, 1–600, default 20) and average handle "
    "time, in total and per queue, agent and day. Default period: the last 7 days. "
    "Definitions in docs/telephony.md.",
)
def call_metrics(request: HttpRequest, filters: Query[MetricsFilters]):
    user = acting_user(request)
    if not access.can_see_call_metrics(user):
        raise PermissionDenied
    if filters.start is None and filters.end is None:
        today = timezone.localdate(timezone.now(), desk_time_zone())
        filters.start, filters.end = today - timedelta(days=6), today
    found = _in_period(access.visible_calls(user), filters)
    figures = calls.metrics(found, threshold=filters.threshold)
    return {"start": filters.start, "end": filters.end, **figures}
