"""Remote-session consent and the sessions logged under it. Staff who may change the
ticket; customers get 403. Starting a session without a valid consent is refused with
422 and a code: ``no_consent``, ``consent_withdrawn`` or ``consent_expired``. Asking
consent or starting a session on a resolved or closed ticket is 409 ``ticket_not_open``;
withdrawing consent and ending a session work on any ticket."""

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema, Status
from pydantic import Field

from loket.accounts.models import User
from loket.api.auth import acting_user
from loket.api.references import ticket_ref
from loket.api.routers.tickets import TicketKey
from loket.api.schemas import MAX_ID, Id, Input, Text, UserRef, errors
from loket.core.errors import InvalidInput
from loket.remote import access, links, services
from loket.remote.models import Consent, RemoteSession, RemoteTool
from loket.tickets.models import Ticket

router = Router(tags=["remote sessions"])

ConsentId = Path(..., ge=1, le=MAX_ID, description="The consent's id.")
SessionId = Path(..., ge=1, le=MAX_ID, description="The remote session's id.")


class RemoteToolOut(Schema):
    id: int
    name: str
    reference_hint: str
    position: int


class ToolRef(Schema):
    id: int
    name: str


class ConsentOut(Schema):
    id: int
    ticket: str = Field(..., description="The ticket's number.")
    tool: ToolRef
    method: Literal["verbal", "link"]
    state: Literal["pending", "link_expired", "refused", "valid", "expired", "withdrawn"]
    text: str = Field(..., description="The consent text exactly as read aloud or shown.")
    language: str
    requested_by: UserRef | None
    requested_at: datetime
    link_expires_at: datetime | None
    given_at: datetime | None
    confirmed_by: UserRef | None = Field(
        None, description="The agent who read the text to the caller (verbal)."
    )
    refused_at: datetime | None
    valid_until: datetime | None
    withdrawn_at: datetime | None
    withdrawn_by: UserRef | None
    withdrawn_by_contact: bool
    withdrawal_reason: str

    @staticmethod
    def resolve_ticket(obj) -> str:
        return obj.ticket.number

    @staticmethod
    def resolve_state(obj) -> str:
        return obj.state(timezone.now())

    @staticmethod
    def resolve_withdrawn_by_contact(obj) -> bool:
        return obj.withdrawn_via_link


class SessionOut(Schema):
    id: int
    ticket: str = Field(..., description="The ticket's number.")
    consent: int
    tool: ToolRef
    reference: str
    started_by: UserRef | None
    started_at: datetime
    ended_at: datetime | None
    ended_by: UserRef | None
    end_reason: Literal["", "ended", "consent_withdrawn", "expired"] = Field(
        ..., description='"" while running.'
    )

    @staticmethod
    def resolve_ticket(obj) -> str:
        return obj.ticket.number

    @staticmethod
    def resolve_consent(obj) -> int:
        return obj.consent_id


class ConsentIn(Input):
    tool: Id = Field(..., description="A remote tool's id (see /remote-tools).")
    method: Literal["verbal", "link"]
    text_read_confirmed: bool = Field(
        False,
        description="Verbal consent only: true once the agent read the consent text (in the "
        "contact's language, see the ticket page or a previous consent) to the caller and "
        "they agreed.",
    )


class WithdrawIn(Input):
    reason: Text = Field("", max_length=500)


class SessionIn(Input):
    consent: Id = Field(..., description="The consent the session runs under.")
    reference: Text = Field(..., min_length=1, max_length=100, description="Session id or code.")


def _staff(request: HttpRequest) -> User:
    user = acting_user(request)
    if not access.can_take_over(user):
        raise PermissionDenied
    return user


def _ticket(user: User, key: str) -> Ticket:
    return ticket_ref(user, key, write=True)


def _tool(pk: int) -> RemoteTool:
    tool = access.tool_for(pk)
    if tool is None:
        raise InvalidInput(_("There is no remote tool with this id in use."), code="unknown_tool")
    return tool


def _consents(ticket: Ticket):
    return Consent.objects.filter(ticket=ticket).select_related(
        "ticket", "tool", "requested_by", "confirmed_by", "withdrawn_by"
    )


def _sessions(ticket: Ticket):
    return RemoteSession.objects.filter(ticket=ticket).select_related(
        "ticket", "tool", "started_by", "ended_by"
    )


@router.get(
    "/remote-tools",
    response={200: list[RemoteToolOut], **errors(403)},
    summary="List the remote tools in use",
)
def list_tools(request: HttpRequest):
    _staff(request)
    return list(access.active_tools())


@router.get(
    "/tickets/{key}/consents",
    response={200: list[ConsentOut], **errors(403, 404)},
    summary="List a ticket's remote-session consents",
    description="Newest first, with their state now.",
)
def list_consents(request: HttpRequest, key: str = TicketKey):
    user = _staff(request)
    ticket = _ticket(user, key)
    return list(_consents(ticket).order_by("-requested_at", "-id"))


@router.post(
    "/tickets/{key}/consents",
    response={201: ConsentOut, **errors(403, 404, 409, 422, 429)},
    summary="Record or ask a contact's consent for a remote session",
    description='`{"tool": 1, "method": "verbal", "text_read_confirmed": true}` records the '
    "consent the caller gave on the phone (422 `consent_not_read` without the "
    'confirmation); `{"tool": 1, "method": "link"}` e-mails the contact a one-time link '
    "(422 `email_required` without an address; 429 `too_many_links`). 422 "
    "`contact_required` when the ticket has no contact, `consent_exists` when a valid "
    "consent for the tool exists; 409 `ticket_not_open` on a resolved or closed ticket.",
)
def create_consent(request: HttpRequest, payload: ConsentIn, key: str = TicketKey):
    user = _staff(request)
    ticket = _ticket(user, key)
    tool = _tool(payload.tool)
    if payload.method == "verbal":
        consent = services.record_verbal_consent(
            ticket, tool=tool, acting_user=user, text_read_confirmed=payload.text_read_confirmed
        )
    else:
        consent = links.send_consent_link(ticket, tool=tool, acting_user=user)
    return Status(201, _consents(ticket).get(pk=consent.pk))


@router.post(
    "/consents/{consent_id}/withdraw",
    response={200: ConsentOut, **errors(403, 404, 422)},
    summary="Withdraw a consent",
    description="E.g. when the caller says so. Sessions running under it end with reason "
    "`consent_withdrawn`. An unanswered link is cancelled the same way.",
)
def withdraw(request: HttpRequest, payload: WithdrawIn, consent_id: int = ConsentId):
    user = _staff(request)
    consent = access.consent_for(user, consent_id)
    _ticket(user, str(consent.ticket_id))
    services.withdraw_consent(consent, acting_user=user, reason=payload.reason)
    return _consents(consent.ticket).get(pk=consent.pk)


@router.get(
    "/tickets/{key}/remote-sessions",
    response={200: list[SessionOut], **errors(403, 404)},
    summary="List a ticket's remote sessions",
)
def list_sessions(request: HttpRequest, key: str = TicketKey):
    user = _staff(request)
    ticket = _ticket(user, key)
    return list(_sessions(ticket).order_by("-started_at", "-id"))


@router.post(
    "/tickets/{key}/remote-sessions",
    response={201: SessionOut, **errors(403, 404, 409, 422)},
    summary="Log the start of a remote session",
    description="Only under a valid consent of this ticket: 422 `no_consent` (unknown, not "
    "given, another ticket), `consent_withdrawn` or `consent_expired`; `session_running` "
    "when a session already runs under it; 409 `ticket_not_open` on a resolved or closed "
    "ticket.",
)
def start(request: HttpRequest, payload: SessionIn, key: str = TicketKey):
    user = _staff(request)
    ticket = _ticket(user, key)
    consent = access.visible_consents(user).filter(pk=payload.consent).first()
    session = services.start_session(
        ticket, consent=consent, reference=payload.reference, acting_user=user
    )
    return Status(201, _sessions(ticket).get(pk=session.pk))


@router.post(
    "/remote-sessions/{session_id}/end",
    response={200: SessionOut, **errors(403, 404, 422)},
    summary="Log the end of a remote session",
)
def end(request: HttpRequest, session_id: int = SessionId):
    user = _staff(request)
    session = access.session_for(user, session_id)
    _ticket(user, str(session.ticket_id))
    services.end_session(session, acting_user=user)
    return _sessions(session.ticket).get(pk=session.pk)
