"""Checklists (routine tests): the templates, the checklists on a ticket, adding one and
ticking its items. Staff only; customers get 403. A required checklist that is not
complete blocks resolving the ticket (422 ``checklist_incomplete`` on
``POST /tickets/{key}/resolve``)."""

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from loket.accounts.models import User
from loket.api.auth import acting_user
from loket.api.pagination import paginate
from loket.api.references import ticket_ref
from loket.api.routers.tickets import TicketKey
from loket.api.schemas import (
    MAX_ID,
    Id,
    Input,
    PageOut,
    PageParams,
    Text,
    UserRef,
    Version,
    errors,
)
from loket.checklists import services
from loket.checklists.access import can_use_checklists, visible_templates
from loket.checklists.models import (
    LANGUAGES,
    ChecklistTemplate,
    ItemState,
    TicketChecklist,
    TicketChecklistItem,
)
from loket.core.errors import InvalidInput
from loket.tickets.models import Ticket

router = Router(tags=["checklists"])

ChecklistId = Path(..., ge=1, le=MAX_ID, description="The checklist's id (on this ticket).")
ItemId = Path(..., ge=1, le=MAX_ID, description="The item's id (in this checklist).")
StateCode = Literal["open", "done", "failed", "not_applicable"]


class Texts(Schema):
    nl: str
    fr: str
    en: str


class TemplateItemOut(Schema):
    id: int
    position: int
    text: str = Field(..., description="In your language (or the desk's when missing).")
    texts: Texts
    help: str
    result_required: str = Field(
        ..., description="The result to record when done (e.g. “serial number”); empty: none."
    )


class ChecklistTemplateOut(Schema):
    id: int
    title: str
    titles: Texts
    description: str
    is_active: bool
    required: bool = Field(..., description="Matching tickets cannot be resolved without it.")
    categories: list[int] = Field(..., description="For these categories and their children.")
    ticket_types: list[str]
    items: list[TemplateItemOut]


class ChecklistTemplatePage(PageOut):
    results: list[ChecklistTemplateOut]


class ChecklistItemOut(Schema):
    id: int
    position: int
    text: str = Field(..., description="As frozen when the checklist was added, your language.")
    texts: Texts
    help: str
    result_required: str
    state: StateCode
    result: str
    checked_by: UserRef | None = Field(None, description="Who changed the state last.")
    checked_at: datetime | None
    version: int = Field(..., description="Send it back when ticking (409 when it changed).")


class Progress(Schema):
    checked: int
    total: int


class ChecklistOut(Schema):
    id: int
    template: int
    title: str
    titles: Texts
    required: bool
    complete: bool
    completed_at: datetime | None
    added_by: UserRef | None
    added_at: datetime
    progress: Progress
    items: list[ChecklistItemOut]


class TemplateRef(Schema):
    template: int
    title: str
    items: int


class TicketChecklistsOut(Schema):
    checklists: list[ChecklistOut]
    missing_required: list[TemplateRef] = Field(
        ..., description="Required for the ticket's category and type, not added yet."
    )


class ChecklistIn(Input):
    template: Id


class TickIn(Input):
    state: StateCode
    result: Text = Field("", max_length=500)
    version: Version | None = Field(None, description="The item's version you last read.")


class TemplateFilters(Schema):
    active: bool | None = Field(None, description="true: only templates in use.")


def _texts(obj, field: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{field}_{lang}") for lang in LANGUAGES}


def _template_out(template: ChecklistTemplate) -> dict:
    return {
        "id": template.pk,
        "title": template.title,
        "titles": _texts(template, "title"),
        "description": template.description,
        "is_active": template.is_active,
        "required": template.required,
        "categories": [c.pk for c in template.categories.all()],
        "ticket_types": list(template.ticket_types or []),
        "items": [
            {
                "id": item.pk,
                "position": item.position,
                "text": item.text,
                "texts": _texts(item, "text"),
                "help": item.help,
                "result_required": item.result_required,
            }
            for item in template.items.all()
        ],
    }


def _checklist_out(checklist: TicketChecklist) -> dict:
    items = list(checklist.items.all())
    return {
        "id": checklist.pk,
        "template": checklist.template_id,
        "title": checklist.shown_title,
        "titles": _texts(checklist, "title"),
        "required": checklist.required,
        "complete": checklist.is_complete,
        "completed_at": checklist.completed_at,
        "added_by": checklist.added_by,
        "added_at": checklist.added_at,
        "progress": {
            "checked": sum(1 for i in items if i.state != ItemState.OPEN),
            "total": len(items),
        },
        "items": [
            {
                "id": i.pk,
                "position": i.position,
                "text": i.shown_text,
                "texts": {lang: getattr(i, f"text_{lang}") or i.text for lang in LANGUAGES},
                "help": i.help,
                "result_required": i.result_required,
                "state": i.state,
                "result": i.result,
                "checked_by": i.checked_by,
                "checked_at": i.checked_at,
                "version": i.version,
            }
            for i in items
        ],
    }


def _checklists(ticket: Ticket) -> QuerySet[TicketChecklist]:
    items = TicketChecklistItem.objects.select_related("checked_by")
    return (
        TicketChecklist.objects.filter(ticket=ticket)
        .select_related("added_by")
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("added_at", "pk")
    )


def _staff_only(user: User) -> None:
    if not can_use_checklists(user):
        raise PermissionDenied


@router.get(
    "/checklist-templates",
    response={200: ChecklistTemplatePage, **errors(403, 422)},
    summary="List checklist templates",
    description="The routine tests agents add to tickets, with their items, by title. Staff only.",
)
def list_checklist_templates(
    request: HttpRequest, filters: Query[TemplateFilters], page: Query[PageParams]
):
    user = acting_user(request)
    _staff_only(user)
    templates = visible_templates(user)
    if filters.active is not None:
        templates = templates.filter(is_active=filters.active)
    templates = templates.prefetch_related("categories", "items").order_by(
        "title_nl", "title_en", "pk"
    )
    answer = paginate(templates, page)
    answer["results"] = [_template_out(t) for t in answer["results"]]
    return answer


@router.get(
    "/tickets/{key}/checklists",
    response={200: TicketChecklistsOut, **errors(403, 404)},
    summary="List a ticket's checklists",
    description="With their items, states and results; `missing_required` names the required "
    "checklists not added yet (they block resolving too). Staff who may change the ticket.",
)
def list_ticket_checklists(request: HttpRequest, key: str = TicketKey):
    user = acting_user(request)
    _staff_only(user)
    ticket = ticket_ref(user, key, write=True)
    checklists = [_checklist_out(c) for c in _checklists(ticket)]
    have = {c["template"] for c in checklists}
    missing = [
        {"template": t.pk, "title": t.title, "items": t.items.count()}
        for t in services.required_templates(ticket)
        if t.pk not in have
    ]
    return {"checklists": checklists, "missing_required": missing}


@router.post(
    "/tickets/{key}/checklists",
    response={201: ChecklistOut, **errors(400, 403, 404, 409, 422)},
    summary="Add a checklist to a ticket",
    description='Body `{"template": id}`. Once per template per ticket (422 '
    "`checklist_already_added`); the ticket must be open (409).",
)
def add_ticket_checklist(request: HttpRequest, payload: ChecklistIn, key: str = TicketKey):
    user = acting_user(request)
    _staff_only(user)
    ticket = ticket_ref(user, key, write=True)
    template = visible_templates(user).filter(pk=payload.template).first()
    if template is None:
        raise InvalidInput(
            _("There is no checklist template with this id."), code="unknown_template"
        )
    checklist = services.add_checklist(ticket, template, acting_user=user)
    return Status(201, _checklist_out(_checklists(ticket).get(pk=checklist.pk)))


@router.patch(
    "/tickets/{key}/checklists/{checklist_id}/items/{item_id}",
    response={200: ChecklistOut, **errors(400, 403, 404, 409, 422)},
    summary="Tick a checklist item",
    description="Set `state` to done, failed, not_applicable, or back to open (undo); "
    "`result` is required when done if the item names one (422 `result_required`). Send the "
    "item's `version` to be sure nobody changed it meanwhile (409 `version_conflict`). "
    "Answers the whole checklist.",
)
def tick_checklist_item(
    request: HttpRequest,
    payload: TickIn,
    key: str = TicketKey,
    checklist_id: int = ChecklistId,
    item_id: int = ItemId,
):
    user = acting_user(request)
    _staff_only(user)
    ticket = ticket_ref(user, key, write=True)
    item = TicketChecklistItem.objects.filter(
        pk=item_id, checklist_id=checklist_id, checklist__ticket=ticket
    ).first()
    if item is None:
        raise Http404
    services.tick(
        item, state=payload.state, result=payload.result, version=payload.version, acting_user=user
    )
    return _checklist_out(_checklists(ticket).get(pk=checklist_id))


@router.delete(
    "/tickets/{key}/checklists/{checklist_id}",
    response={204: None, **errors(403, 404, 409)},
    summary="Remove a checklist from a ticket",
    description="Not required and nothing ticked yet; supervisors and administrators remove "
    "any (403 otherwise). The timeline keeps that it was there.",
)
def remove_ticket_checklist(
    request: HttpRequest, key: str = TicketKey, checklist_id: int = ChecklistId
):
    user = acting_user(request)
    _staff_only(user)
    ticket = ticket_ref(user, key, write=True)
    checklist = TicketChecklist.objects.filter(pk=checklist_id, ticket=ticket).first()
    if checklist is None:
        raise Http404
    services.remove_checklist(checklist, acting_user=user)
    return Status(204, None)
