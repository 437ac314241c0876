"""Tickets: create, list and filter, read, change, and the workflow actions."""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from loket.accounts.models import User
from loket.api.auth import acting_user
from loket.api.clocks import attach_clocks, explanation_out
from loket.api.pagination import paginate
from loket.api.references import (
    assignee_ref,
    category_ref,
    contact_ref,
    organisation_ref,
    resolution_code_ref,
    team_ref,
    ticket_ref,
)
from loket.api.schemas import (
    EscalateIn,
    Id,
    PageParams,
    PriorityCode,
    ReopenIn,
    ResolveIn,
    SlaExplanationOut,
    StatusCode,
    Text,
    TicketIn,
    TicketOut,
    TicketPage,
    TicketPatch,
    VersionIn,
    errors,
)
from loket.core.errors import ServiceError
from loket.sla import explain
from loket.sla.access import can_see_sla_detail
from loket.sla.queries import due_first, sla_filter
from loket.tickets import services
from loket.tickets.access import restrict_new_ticket, visible_tickets
from loket.tickets.models import OPEN_STATUSES, Ticket
from loket.tickets.search import filter_by_text

router = Router(tags=["tickets"])

TICKET_RELATED = ("contact", "organisation", "category", "team", "assignee", "resolution_code")
TicketKey = Path(..., max_length=24, description="The ticket's id, or its number (2026-000042).")

ORDERINGS = {
    "created_at": ("created_at", "id"),
    "-created_at": ("-created_at", "-id"),
    "updated_at": ("updated_at", "id"),
    "-updated_at": ("-updated_at", "-id"),
    "priority": ("priority", "-created_at", "-id"),
    "-priority": ("-priority", "-created_at", "-id"),
    "number": ("number",),
    "-number": ("-number",),
    # Tickets without a running SLA target have no due time: last either way.
    "due": due_first(),
    "-due": (F("sla_due_at").desc(nulls_last=True), "-created_at", "-id"),
}


class TicketFilters(Schema):
    status: list[StatusCode] = Field(
        default_factory=list, description="Repeat for several: `?status=new&status=open`."
    )
    team: Id | None = None
    assignee: str | None = Field(
        None, pattern=r"^(me|none|\d{1,18})$", description="A user id, `me` or `none`."
    )
    priority: list[PriorityCode] = Field(default_factory=list, description="Repeatable.")
    contact: Id | None = None
    organisation: Id | None = None
    category: Id | None = None
    q: Text | None = Field(None, max_length=200, description="Number, subject or description.")
    sla: Literal["at_risk", "breached"] | None = Field(
        None,
        description="Open tickets only. `at_risk`: running, past the warning moment and not "
        "yet due; `breached`: a target missed or overdue.",
    )
    ordering: Literal[tuple(ORDERINGS)] = Field(  # type: ignore[valid-type]
        "-created_at", description="Sort key; a leading `-` sorts descending."
    )


def _filtered(user: User, filters: TicketFilters):
    tickets = visible_tickets(user)
    if filters.status:
        tickets = tickets.filter(status__in=filters.status)
    if filters.priority:
        tickets = tickets.filter(priority__in=filters.priority)
    if filters.assignee == "me":
        tickets = tickets.filter(assignee=user)
    elif filters.assignee == "none":
        tickets = tickets.filter(assignee__isnull=True)
    elif filters.assignee:
        tickets = tickets.filter(assignee_id=int(filters.assignee))
    exact = {
        "team_id": filters.team,
        "contact_id": filters.contact,
        "organisation_id": filters.organisation,
        "category_id": filters.category,
    }
    tickets = tickets.filter(Q(**{k: v for k, v in exact.items() if v is not None}))
    if filters.q:
        tickets = filter_by_text(tickets, filters.q)
    if filters.sla:
        # Open tickets only: a list of what needs attention, not a compliance report.
        # (The queues list open tickets anyway.)
        tickets = sla_filter(tickets.filter(status__in=OPEN_STATUSES), filters.sla, timezone.now())
    return tickets.order_by(*ORDERINGS[filters.ordering])


def _fresh(ticket: Ticket) -> Ticket:
    """The ticket as it is now, with what its JSON needs, after a change the user made
    (which may have moved it out of their queues, e.g. an escalation)."""
    return Ticket.objects.select_related(*TICKET_RELATED).get(pk=ticket.pk)


@router.get(
    "/tickets",
    response={200: TicketPage, **errors(422)},
    summary="List tickets",
    description="The tickets you may see, filtered, sorted and paginated, each with its SLA clock.",
)
def list_tickets(request: HttpRequest, filters: Query[TicketFilters], page: Query[PageParams]):
    user = acting_user(request)
    answer = paginate(_filtered(user, filters).select_related(*TICKET_RELATED), page)
    attach_clocks(answer["results"], user)
    return answer


@router.post(
    "/tickets",
    response={201: TicketOut, **errors(400, 403, 422)},
    summary="Create a ticket",
    description="Staff create tickets for any contact. A customer creates tickets only for "
    "themselves: `contact` is them, the channel is `api` or `portal`, and they cannot set "
    "the organisation, team, assignee or follow-up.",
)
def create_ticket(request: HttpRequest, payload: TicketIn):
    user = acting_user(request)
    data = restrict_new_ticket(user, payload.model_dump(), default_channel="api")
    data["contact"] = contact_ref(user, data["contact"])
    data["organisation"] = organisation_ref(user, data["organisation"])
    data["category"] = category_ref(data["category"])
    data["team"] = team_ref(user, data["team"])
    data["assignee"] = assignee_ref(user, data["assignee"])
    ticket = services.create_ticket(acting_user=user, **data)
    return Status(201, _fresh(ticket))


@router.get(
    "/tickets/{key}",
    response={200: TicketOut, **errors(404)},
    summary="Get a ticket",
    description="By id (`42`) or number (`2026-000042`).",
)
def get_ticket(request: HttpRequest, key: str = TicketKey):
    return ticket_ref(acting_user(request), key)


@router.patch(
    "/tickets/{key}",
    response={200: TicketOut, **errors(400, 403, 404, 409, 422)},
    summary="Change a ticket",
    description="Send `version` (from your last read) and only the fields to change. "
    "If someone else changed the ticket since, nothing is changed and the answer is 409 "
    "`version_conflict` with `current_version`. `status` moves between new, open and the "
    "waiting statuses; `team`/`assignee` reassign (a new team without `assignee` leaves "
    "the ticket unassigned in that team).",
)
def update_ticket(request: HttpRequest, payload: TicketPatch, key: str = TicketKey):
    user = acting_user(request)
    ticket = ticket_ref(user, key, write=True)
    changes = payload.model_dump(exclude_unset=True)
    if "contact" in changes:
        changes["contact"] = contact_ref(user, changes["contact"])
    if "organisation" in changes:
        changes["organisation"] = organisation_ref(user, changes["organisation"])
    if "category" in changes:
        changes["category"] = category_ref(changes["category"])
    if "team" in changes:
        changes["team"] = team_ref(user, changes["team"])
    if "assignee" in changes:
        changes["assignee"] = assignee_ref(user, changes["assignee"])
    ticket = services.change_ticket(ticket, acting_user=user, **changes)
    return _fresh(ticket)


@router.post(
    "/tickets/{key}/escalate",
    response={200: TicketOut, **errors(400, 403, 404, 409, 422)},
    summary="Escalate a ticket",
    description="Hand the ticket to another team with a reason; it becomes unassigned there.",
)
def escalate_ticket(request: HttpRequest, payload: EscalateIn, key: str = TicketKey):
    user = acting_user(request)
    ticket = ticket_ref(user, key, write=True)
    to_team = team_ref(user, payload.team)
    ticket = services.escalate_ticket(
        ticket, to_team=to_team, reason=payload.reason, acting_user=user, version=payload.version
    )
    return _fresh(ticket)


@router.post(
    "/tickets/{key}/resolve",
    response={200: TicketOut, **errors(400, 403, 404, 409, 422)},
    summary="Resolve a ticket",
    description="With a resolution text and a resolution code (see `GET /resolution-codes`).",
)
def resolve_ticket(request: HttpRequest, payload: ResolveIn, key: str = TicketKey):
    user = acting_user(request)
    ticket = ticket_ref(user, key, write=True)
    code = resolution_code_ref(payload.code)
    ticket = services.resolve_ticket(
        ticket,
        resolution=payload.resolution,
        code=code,
        acting_user=user,
        version=payload.version,
    )
    return _fresh(ticket)


@router.post(
    "/tickets/{key}/close",
    response={200: TicketOut, **errors(400, 403, 404, 409, 422)},
    summary="Close a resolved ticket",
    description="The body is optional; send `version` to be sure nobody changed it meanwhile.",
)
def close_ticket(request: HttpRequest, key: str = TicketKey, payload: VersionIn | None = None):
    user = acting_user(request)
    ticket = ticket_ref(user, key, write=True)
    version = payload.version if payload else None
    return _fresh(services.close_ticket(ticket, acting_user=user, version=version))


@router.post(
    "/tickets/{key}/reopen",
    response={200: TicketOut, **errors(400, 403, 404, 409, 422)},
    summary="Reopen a resolved or closed ticket",
    description="The body is optional: `version`, and a `reason` shown in the timeline.",
)
def reopen_ticket(request: HttpRequest, key: str = TicketKey, payload: ReopenIn | None = None):
    user = acting_user(request)
    ticket = ticket_ref(user, key, write=True)
    ticket = services.reopen_ticket(
        ticket,
        acting_user=user,
        version=payload.version if payload else None,
        reason=payload.reason if payload else "",
    )
    return _fresh(ticket)


class NoSla(ServiceError):
    code = "no_sla"
    status = 404


@router.get(
    "/tickets/{key}/sla",
    response={200: SlaExplanationOut, **errors(403, 404)},
    summary="Explain a ticket's SLA clock",
    description="Which policy and calendar apply, every target, the running and paused "
    "stretches, priority changes, and the whole in sentences in your language. Staff only: "
    "customers see the targets and due times on the ticket itself (403 here). 404 "
    "`no_sla` when no SLA applies to the ticket.",
)
def explain_sla(request: HttpRequest, key: str = TicketKey):
    user = acting_user(request)
    ticket = ticket_ref(user, key)
    if not can_see_sla_detail(user):
        raise PermissionDenied
    explanation = explain.explain(ticket, timezone.now())
    if explanation is None:
        raise NoSla(_("No SLA applies to this ticket."))
    return explanation_out(explanation)
