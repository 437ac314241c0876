"""Incoming mail: the messages staff may read (flagged ones, and those on tickets they
may see), marking one handled, and — for administrators — handing Loket a raw message
(``POST /mail/inbound`` with ``Content-Type: message/rfc822``), as the mail gate does.

Errors: 403 for customers (and non-admins on ``/mail/inbound``), 404 for a message the
user may not see, 413 ``too_large`` for a body over the request limit (use the mail gate
for large mail), 415 ``unsupported_media_type`` for another content type, 422
``empty_message`` and ``unknown_mailbox``.
"""

from datetime import datetime
from typing import Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from loket.accounts.models import User
from loket.api.auth import acting_user
from loket.api.pagination import paginate
from loket.api.schemas import MAX_ID, PageOut, PageParams, UserRef, errors
from loket.channels import access
from loket.channels.ingest import ingest, mark_handled
from loket.channels.models import Mailbox
from loket.core.errors import InvalidInput

router = Router(tags=["mail"])

MessageId = Path(..., ge=1, le=MAX_ID, description="The incoming message's id.")
OutcomeCode = Literal["new_ticket", "threaded", "reopened", "ignored", "flagged", "dismissed"]


class MailboxRef(Schema):
    id: int
    name: str


class InboundOut(Schema):
    id: int
    mailbox: MailboxRef | None
    message_id: str = Field(..., description="The Message-ID header, as received.")
    sender: str = Field(..., description='The From address; "" when it could not be read.')
    subject: str
    kind: Literal["normal", "auto_reply", "bounce", "list"]
    outcome: OutcomeCode
    problem: str = Field(..., description="What was odd about the message, for an agent.")
    size: int
    sha256: str = Field(..., description="SHA-256 of the raw message.")
    ticket: str | None = Field(None, description="The number of the ticket it is on.")
    event: int | None = Field(None, description="The timeline event it became.")
    received_at: datetime
    handled_by: UserRef | None
    handled_at: datetime | None

    @staticmethod
    def resolve_ticket(obj) -> str | None:
        return obj.ticket.number if obj.ticket_id else None

    @staticmethod
    def resolve_event(obj) -> int | None:
        return obj.event_id


class InboundPage(PageOut):
    results: list[InboundOut]


class IngestOut(Schema):
    message: InboundOut
    duplicate: bool = Field(..., description="True when the message had been received before.")


class InboundFilters(Schema):
    outcome: OutcomeCode | None = None


INBOUND_BODY_DOC = {
    "required": True,
    "content": {
        "message/rfc822": {
            "schema": {"type": "string", "format": "binary"},
        }
    },
}


def _reviewer(request: HttpRequest) -> User:
    user = acting_user(request)
    if not access.can_review_mail(user):
        raise PermissionDenied
    return user


def _messages(user: User):
    return access.visible_inbound(user).select_related("mailbox", "ticket", "handled_by")


@router.get(
    "/mail/messages",
    response={200: InboundPage, **errors(403, 422)},
    summary="List incoming mail",
    description="Newest first. Staff see flagged mail and mail on tickets they may see; "
    "filter with `outcome=flagged` for what needs an agent.",
)
def list_inbound(request: HttpRequest, filters: Query[InboundFilters], page: Query[PageParams]):
    user = _reviewer(request)
    messages = _messages(user)
    if filters.outcome:
        messages = messages.filter(outcome=filters.outcome)
    return paginate(messages.order_by("-received_at", "-id"), page)


@router.get(
    "/mail/messages/{message_id}",
    response={200: InboundOut, **errors(403, 404, 422)},
    summary="Read an incoming message",
)
def get_inbound(request: HttpRequest, message_id: int = MessageId):
    user = _reviewer(request)
    return get_object_or_404(_messages(user), pk=message_id)


@router.post(
    "/mail/messages/{message_id}/handled",
    response={200: InboundOut, **errors(403, 404, 422)},
    summary="Mark an incoming message handled",
    description="A flagged message becomes `dismissed` (no ticket); one that made a ticket "
    "with problems leaves the review list. Marking twice changes nothing.",
)
def handle_inbound(request: HttpRequest, message_id: int = MessageId):
    user = _reviewer(request)
    message = get_object_or_404(_messages(user), pk=message_id)
    mark_handled(message, acting_user=user)
    return _messages(user).get(pk=message.pk)


@router.post(
    "/mail/inbound",
    response={200: IngestOut, 201: IngestOut, **errors(403, 413, 415, 422)},
    summary="Hand Loket a raw e-mail",
    description="Administrators only. The body is the message exactly as received (RFC "
    "5322), sent with `Content-Type: message/rfc822`; `mailbox` names the mailbox (its "
    "team, category and language apply). 201 with the stored message, or 200 with "
    "`duplicate: true` when it was received before. Odd mail is stored and flagged, "
    "never refused.",
    openapi_extra={"requestBody": INBOUND_BODY_DOC},
)
def post_inbound(
    request: HttpRequest,
    mailbox: int | None = Query(None, ge=1, le=MAX_ID, description="The mailbox's id."),
):
    user = acting_user(request)
    if not access.can_manage_channels(user):
        raise PermissionDenied
    if request.content_type != "message/rfc822":
        return Status(
            415,
            {
                "detail": _("Send the message with Content-Type: message/rfc822."),
                "code": "unsupported_media_type",
            },
        )
    try:
        raw = request.body
    except RequestDataTooBig:
        return Status(
            413,
            {
                "detail": _("The message is larger than %(limit)s MB; use the mail gate.")
                % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)},
                "code": "too_large",
            },
        )
    if not raw.strip():
        raise InvalidInput(_("The message is empty."), code="empty_message")
    target = None
    if mailbox is not None:
        target = Mailbox.objects.filter(pk=mailbox).first()
        if target is None:
            raise InvalidInput(_("There is no mailbox with this id."), code="unknown_mailbox")
    result = ingest(raw, mailbox=target)
    message = _messages(user).filter(pk=result.message.pk).first() or result.message
    return Status(
        200 if result.duplicate else 201, {"message": message, "duplicate": result.duplicate}
    )
