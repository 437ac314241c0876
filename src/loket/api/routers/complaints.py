"""API: complaints. Register a complaint on a ticket (with the acknowledgement to send),
record its answer, deadline and satisfaction follow-up, list them, and count them per
organisation, category and period. Staff only (counts: supervisors and administrators);
customers get 403."""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from loket.accounts.models import User
from loket.api.auth import acting_user
from loket.api.pagination import paginate
from loket.api.references import category_ref, organisation_ref, ticket_ref
from loket.api.routers.tickets import TicketKey
from loket.api.schemas import (
    CategoryRef,
    Id,
    Input,
    LanguageCode,
    Moment,
    OrganisationRef,
    PageOut,
    PageParams,
    Text,
    UserRef,
    errors,
)
from loket.complaints import access, counts, services
from loket.complaints.forms import check_range
from loket.complaints.models import (
    NOTE_MAX,
    OUTCOME_MAX,
    PARAPHRASE_MAX,
    UNFINISHED_STATUSES,
    Complaint,
    ComplaintStatus,
)
from loket.core.errors import InvalidInput
from loket.sla.forms import default_range, today

router = Router(tags=["complaints"])

ComplaintStatusCode = Literal["open", "answered", "followed_up", "closed"]
SubjectCode = Literal["", "service", "behaviour", "delay", "quality", "other"]
SatisfactionCode = Literal["yes", "no", "unreachable"]
GroupCode = Literal["organisation", "category", "month", "week"]


# --- shapes ----------------------------------------------------------------------------


class ComplaintTicketOut(Schema):
    id: int
    number: str
    subject: str
    status: str


class ComplaintOut(Schema):
    id: int
    ticket: ComplaintTicketOut
    paraphrase: str = Field(..., description="The complaint, compactly, as the customer confirmed.")
    paraphrase_confirmed: bool
    desired_outcome: str
    subject: str = Field(..., description="What it is about; empty when not said.")
    status: ComplaintStatusCode
    organisation: OrganisationRef | None = Field(
        None, description="The ticket's organisation when the complaint was registered."
    )
    category: CategoryRef | None = Field(
        None, description="The ticket's category when the complaint was registered."
    )
    registered_by: UserRef | None
    registered_at: datetime
    due_at: datetime = Field(..., description="The complaint's own answer deadline.")
    overdue: bool = Field(..., description="Not answered yet and past its deadline.")
    notified: list[UserRef] = Field(..., description="The supervisors who were told.")
    notified_at: datetime | None
    outcome: str
    answered_at: datetime | None
    satisfied: Literal["", "yes", "no", "unreachable"]
    follow_up_note: str
    followed_up_by: UserRef | None
    followed_up_at: datetime | None
    closed_at: datetime | None


class ComplaintPage(PageOut):
    results: list[ComplaintOut]


class RegisterComplaintIn(Input):
    # Longer texts reach the service, which refuses them with a code of its own.
    paraphrase: Text = Field(
        ...,
        max_length=10 * PARAPHRASE_MAX,
        description=f"Compact: at most {PARAPHRASE_MAX} characters.",
    )
    paraphrase_confirmed: bool = Field(
        ..., description="The customer confirmed the paraphrase; registering is refused without."
    )
    desired_outcome: Text = Field(
        ..., max_length=10 * OUTCOME_MAX, description=f"At most {OUTCOME_MAX} characters."
    )
    subject: SubjectCode = ""


class RegisteredOut(Schema):
    complaint: ComplaintOut
    acknowledgement: str = Field(
        ...,
        description="The empathic answer to send the customer, in their language: review "
        "it, then send it as a reply (`POST /tickets/{key}/events`).",
    )
    language: LanguageCode


class AnswerIn(Input):
    outcome: Text = Field(..., max_length=4000, description="What was done about it.")


class FollowUpIn(Input):
    satisfied: SatisfactionCode
    note: Text = Field("", max_length=NOTE_MAX, description="Required when `satisfied` is no.")


class DeadlineIn(Input):
    due_at: Moment
    reason: Text = Field("", max_length=NOTE_MAX)


class ComplaintFilters(Schema):
    status: list[ComplaintStatusCode] = Field(
        default_factory=list, description="Repeatable: `?status=open&status=answered`."
    )
    unfinished: bool | None = Field(
        None, description="true: open or answered (follow-up still to do)."
    )
    overdue: bool | None = Field(None, description="true: not answered and past the deadline.")
    organisation: Id | None = None
    category: Id | None = None


class CountFilters(Schema):
    group: GroupCode = "organisation"
    start: date | None = Field(None, description="First day (default: three months ago).")
    end: date | None = Field(None, description="Last day, inclusive (default: today).")
    organisation: Id | None = None
    category: Id | None = None
    status: Literal["", "unfinished", "open", "answered", "followed_up", "closed"] = ""


class CountOut(Schema):
    key: int | str | None = Field(
        ..., description="Organisation or category id (null: none), or the period's first day."
    )
    label: str
    count: int


class CountsOut(Schema):
    group: GroupCode
    start: date
    end: date
    total: int
    results: list[CountOut]


# --- helpers ---------------------------------------------------------------------------


def _staff_only(user: User) -> None:
    if not access.can_register_complaints(user):
        raise PermissionDenied


def _with_related(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return complaints.select_related(
        "ticket", "organisation", "category", "registered_by", "followed_up_by"
    ).prefetch_related("notified")


def _out(complaint: Complaint, now: datetime) -> dict:
    ticket = complaint.ticket
    return {
        "id": complaint.pk,
        "ticket": {
            "id": ticket.pk,
            "number": ticket.number,
            "subject": ticket.subject,
            "status": ticket.status,
        },
        "paraphrase": complaint.paraphrase,
        "paraphrase_confirmed": complaint.paraphrase_confirmed,
        "desired_outcome": complaint.desired_outcome,
        "subject": complaint.subject,
        "status": complaint.status,
        "organisation": complaint.organisation,
        "category": complaint.category,
        "registered_by": complaint.registered_by,
        "registered_at": complaint.registered_at,
        "due_at": complaint.due_at,
        "overdue": complaint.is_overdue(now),
        "notified": list(complaint.notified.all()),
        "notified_at": complaint.notified_at,
        "outcome": complaint.outcome,
        "answered_at": complaint.answered_at,
        "satisfied": complaint.satisfied,
        "follow_up_note": complaint.follow_up_note,
        "followed_up_by": complaint.followed_up_by,
        "followed_up_at": complaint.followed_up_at,
        "closed_at": complaint.closed_at,
    }


def _fresh(complaint: Complaint) -> dict:
    return _out(_with_related(Complaint.objects.all()).get(pk=complaint.pk), timezone.now())


def _complaint_on(user: User, key: str, *, write: bool = False) -> Complaint:
    ticket = ticket_ref(user, key, write=write)
    complaint = Complaint.objects.filter(ticket=ticket).first()
    if complaint is None:
        raise Http404("No complaint on this ticket")
    return complaint


# --- endpoints -------------------------------------------------------------------------


@router.get(
    "/complaints",
    response={200: ComplaintPage, **errors(403, 422)},
    summary="List complaints",
    description="Complaints on the tickets you may see, the earliest deadline first. Staff only.",
)
def list_complaints(
    request: HttpRequest, filters: Query[ComplaintFilters], page: Query[PageParams]
):
    user = acting_user(request)
    _staff_only(user)
    now = timezone.now()
    complaints = access.listed_complaints(user)
    if filters.status:
        complaints = complaints.filter(status__in=filters.status)
    if filters.unfinished is not None:
        if filters.unfinished:
            complaints = complaints.filter(status__in=UNFINISHED_STATUSES)
        else:
            complaints = complaints.exclude(status__in=UNFINISHED_STATUSES)
    if filters.overdue is not None:
        late = {"status": ComplaintStatus.OPEN, "due_at__lt": now}
        complaints = complaints.filter(**late) if filters.overdue else complaints.exclude(**late)
    if filters.organisation is not None:
        complaints = complaints.filter(organisation_id=filters.organisation)
    if filters.category is not None:
        complaints = complaints.filter(category_id=filters.category)
    answer = paginate(_with_related(complaints).order_by("due_at", "pk"), page)
    answer["results"] = [_out(c, now) for c in answer["results"]]
    return answer


@router.get(
    "/complaints/counts",
    response={200: CountsOut, **errors(403, 422)},
    summary="Count complaints",
    description="Complaints registered from `start` to `end` (days in the desk's time zone) "
    "counted per organisation, category, month or week, grouped by the database. "
    "Supervisors and administrators.",
)
def complaint_counts(request: HttpRequest, filters: Query[CountFilters]):
    user = acting_user(request)
    if not access.can_see_complaint_counts(user):
        raise PermissionDenied
    default_start, default_end = default_range(today())
    start, end = filters.start or default_start, filters.end or default_end
    try:
        check_range(start, end)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), code="bad_range") from None
    complaints = counts.filtered(
        access.counted_complaints(user),
        start=start,
        end=end,
        organisation=organisation_ref(user, filters.organisation),
        category=category_ref(filters.category),
        status=filters.status,
    )
    rows = counts.grouped(complaints, filters.group)
    return {
        "group": filters.group,
        "start": start,
        "end": end,
        "total": sum(r.count for r in rows),
        "results": [
            {
                "key": r.key if filters.group in ("organisation", "category") else r.label,
                "label": r.label,
                "count": r.count,
            }
            for r in rows
        ],
    }


@router.get(
    "/tickets/{key}/complaint",
    response={200: ComplaintOut, **errors(403, 404)},
    summary="Get a ticket's complaint",
    description="404 when the ticket has none. Staff only.",
)
def get_ticket_complaint(request: HttpRequest, key: str = TicketKey):
    user = acting_user(request)
    _staff_only(user)
    return _fresh(_complaint_on(user, key))


@router.post(
    "/tickets/{key}/complaint",
    response={201: RegisteredOut, **errors(403, 404, 409, 422)},
    summary="Register a complaint on a ticket",
    description="Refused without the customer's confirmation of the paraphrase (422 "
    "`paraphrase_not_confirmed`). Sets the complaint's deadline (five office days), "
    "informs the supervisors and answers the acknowledgement to send, in the customer's "
    "language. One complaint per ticket (422 `complaint_exists`).",
)
def register_ticket_complaint(
    request: HttpRequest, payload: RegisterComplaintIn, key: str = TicketKey
):
    user = acting_user(request)
    _staff_only(user)
    ticket = ticket_ref(user, key, write=True)
    registration = services.register_complaint(ticket, acting_user=user, **payload.model_dump())
    return Status(
        201,
        {
            "complaint": _fresh(registration.complaint),
            "acknowledgement": registration.acknowledgement,
            "language": registration.language,
        },
    )


@router.post(
    "/tickets/{key}/complaint/answer",
    response={200: ComplaintOut, **errors(403, 404, 409, 422)},
    summary="Record the answer to a complaint",
    description="What was done about it; the complaint becomes answered and waits for the "
    "satisfaction follow-up.",
)
def answer_ticket_complaint(request: HttpRequest, payload: AnswerIn, key: str = TicketKey):
    user = acting_user(request)
    _staff_only(user)
    complaint = _complaint_on(user, key, write=True)
    services.record_answer(complaint, outcome=payload.outcome, acting_user=user)
    return _fresh(complaint)


@router.post(
    "/tickets/{key}/complaint/follow-up",
    response={200: ComplaintOut, **errors(403, 404, 409, 422)},
    summary="Record the satisfaction follow-up",
    description="Once the ticket is resolved or the complaint answered (else 409 "
    "`complaint_not_answered`). Without it the ticket cannot be closed (409 "
    "`complaint_follow_up_required`).",
)
def follow_up_ticket_complaint(request: HttpRequest, payload: FollowUpIn, key: str = TicketKey):
    user = acting_user(request)
    _staff_only(user)
    complaint = _complaint_on(user, key, write=True)
    services.record_follow_up(
        complaint, satisfied=payload.satisfied, note=payload.note, acting_user=user
    )
    return _fresh(complaint)


@router.post(
    "/tickets/{key}/complaint/deadline",
    response={200: ComplaintOut, **errors(403, 404, 409, 422)},
    summary="Change a complaint's deadline",
    description="Supervisors and administrators, with an optional reason.",
)
def set_complaint_deadline(request: HttpRequest, payload: DeadlineIn, key: str = TicketKey):
    user = acting_user(request)
    _staff_only(user)
    complaint = _complaint_on(user, key, write=True)
    services.set_deadline(complaint, due_at=payload.due_at, reason=payload.reason, acting_user=user)
    return _fresh(complaint)
