"""A ticket's timeline: read it, add replies, notes and calls, download attachments."""

import json

import pydantic
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Path, Router, Status
from ninja.errors import HttpError, ValidationError

from loket.accounts.models import User
from loket.api.auth import acting_user
from loket.api.references import ticket_ref
from loket.api.schemas import MAX_ID, EventIn, EventOut, errors
from loket.core.errors import InvalidInput
from loket.tickets import services
from loket.tickets.access import can_reply, can_work_on_tickets
from loket.tickets.attachments import download_response
from loket.tickets.models import Attachment, Ticket, TimelineEvent

router = Router(tags=["timeline"])

TicketKey = Path(..., max_length=24, description="The ticket's id, or its number (2026-000042).")
MAX_FILES = 10

EVENT_BODY_DOC = {
    "required": True,
    "content": {
        "application/json": {"schema": EventIn.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    **EventIn.model_json_schema()["properties"],
                    "files": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": "Attachments (replies and notes).",
                    },
                },
                "required": ["kind"],
            }
        },
    },
}


def visible_events(user: User, ticket: Ticket):
    """The ticket's timeline as ``user`` may see it: customers see public events only."""
    events = ticket.events.select_related("author").prefetch_related("attachments")
    if not user.is_staff_member:
        events = events.filter(is_public=True)
    return events.order_by("created_at", "id")


def _read_event(request: HttpRequest) -> tuple[EventIn, list]:
    """The new event from a JSON body, or from a multipart form with ``files``."""
    try:
        if request.content_type == "multipart/form-data":
            data = {key: request.POST.get(key) for key in request.POST}
            files = request.FILES.getlist("files")
            unexpected = set(request.FILES) - {"files"}
            if unexpected:
                data.update(dict.fromkeys(unexpected, "(file)"))
        else:
            data, files = json.loads(request.body or b"null"), []
    except (ValueError, MultiPartParserError) as exc:
        raise HttpError(400, "Cannot parse request body") from exc
    if len(files) > MAX_FILES:
        raise HttpError(413, _("At most %(count)s files per event.") % {"count": MAX_FILES})
    try:
        return EventIn.model_validate(data), files
    except pydantic.ValidationError as exc:
        raise ValidationError(
            [{**error, "loc": ("body", *error["loc"])} for error in exc.errors(include_url=False)]
        ) from None


@router.get(
    "/tickets/{key}/events",
    response={200: list[EventOut], **errors(404)},
    summary="A ticket's timeline",
    description="Oldest first. Customers see only public events (replies, status changes).",
)
def list_events(request: HttpRequest, key: str = TicketKey):
    user = acting_user(request)
    return visible_events(user, ticket_ref(user, key))


@router.post(
    "/tickets/{key}/events",
    response={201: EventOut, **errors(400, 403, 404, 409, 413, 422)},
    summary="Add a reply, note or call",
    description="`reply` is public, `note` is internal (staff only), `call` logs a phone call "
    "(staff only) with `direction` (in/out), `started`, `answered` (or null) and `ended`. "
    "Send JSON, or multipart/form-data with `files` to attach files to a reply or note. "
    "`version` is optional; when sent, a stale one gives 409.",
    openapi_extra={"requestBody": EVENT_BODY_DOC},
)
def create_event(request: HttpRequest, key: str = TicketKey):
    user = acting_user(request)
    ticket = ticket_ref(user, key)
    payload, files = _read_event(request)
    if payload.kind == "reply":
        if not can_reply(user, ticket):
            raise PermissionDenied
        event = services.add_reply(
            ticket, body=payload.body, acting_user=user, version=payload.version, attachments=files
        )
    elif not can_work_on_tickets(user):
        raise PermissionDenied
    elif payload.kind == "note":
        event = services.add_note(
            ticket, body=payload.body, acting_user=user, version=payload.version, attachments=files
        )
    else:
        event = _log_call(ticket, payload, files, user)
    return Status(201, visible_events(user, ticket).get(pk=event.pk))


def _log_call(ticket: Ticket, payload: EventIn, files: list, user: User) -> TimelineEvent:
    if files:
        raise InvalidInput(
            _("Attach files to a reply or a note, not to a call."), code="files_on_call"
        )
    if payload.direction is None or payload.started is None or payload.ended is None:
        raise InvalidInput(
            _("A call needs a direction, a start and an end."), code="call_incomplete"
        )
    call = services.CallLog(
        direction=payload.direction,
        started=payload.started,
        answered=payload.answered,
        ended=payload.ended,
    )
    return services.log_call(ticket, call=call, acting_user=user, note=payload.body)


@router.get(
    "/tickets/{key}/events/{event_id}/attachments/{attachment_id}",
    response={200: None, **errors(404, 422)},
    url_name="attachment_download",
    summary="Download an attachment",
    description="Always as a download (Content-Disposition: attachment); only for who may "
    "see the ticket, and customers only from public events.",
)
def download_attachment(
    request: HttpRequest,
    key: str = TicketKey,
    event_id: int = Path(..., ge=1, le=MAX_ID),
    attachment_id: int = Path(..., ge=1, le=MAX_ID),
):
    user = acting_user(request)
    event = visible_events(user, ticket_ref(user, key)).filter(pk=event_id).first()
    attachment = Attachment.objects.filter(event=event, pk=attachment_id).first() if event else None
    if attachment is None:
        raise Http404
    return download_response(
        attachment.file, filename=attachment.filename, content_type=attachment.content_type
    )
