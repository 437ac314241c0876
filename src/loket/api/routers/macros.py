"""API: canned answers. List and read them, render one for a ticket (nothing changes) or
apply it (sets the ticket fields it carries, version checked). Staff only; customers get
403."""

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from pydantic import Field

from loket.accounts.models import User
from loket.api.auth import acting_user
from loket.api.pagination import paginate
from loket.api.references import ticket_ref
from loket.api.routers.tickets import TicketKey
from loket.api.schemas import MAX_ID, Input, LanguageCode, PageParams, Text, Version, errors
from loket.macros import services
from loket.macros.access import can_use_macros, macro_for, visible_macros
from loket.macros.models import Macro
from loket.macros.services import RenderedMacro

router = Router(tags=["canned answers"])

MacroId = Path(..., ge=1, le=MAX_ID, description="The canned answer's id.")
ProfileCode = Literal["", "novice", "experienced", "it_professional", "sysadmin"]


class MacroTextOut(Schema):
    language: LanguageCode
    profile: ProfileCode = Field(description='"" is the default text of the language.')
    body: str = Field(description="With its placeholders, e.g. {contact_name}.")


class MacroOut(Schema):
    id: int
    key: str
    title: str = Field(description="In the request's language (Accept-Language).")
    titles: dict[str, str]
    kind: Literal["reply", "note"]
    is_active: bool
    categories: list[int]
    languages: list[LanguageCode] = Field(description="Languages it has a text in.")
    fields: dict = Field(description='Ticket fields it sets, e.g. {"status": "waiting_customer"}.')
    use_count: int
    updated_at: datetime


class MacroDetailOut(MacroOut):
    texts: list[MacroTextOut]


class MacroPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[MacroOut]


class MacroFilters(Schema):
    language: LanguageCode | None = Field(None, description="Only those with a text in it.")
    category: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only those suggested for this category."
    )
    q: Text | None = Field(None, max_length=100, description="Words in the key, title or text.")


class RenderIn(Input):
    language: LanguageCode | None = Field(None, description="Another language than the contact's.")


class ApplyIn(Input):
    version: Version | None = Field(
        None, description="The ticket version you saw; 409 when it changed meanwhile."
    )


class RenderedOut(Schema):
    text: str
    language: LanguageCode
    kind: Literal["reply", "note"]
    fields: dict


def _staff_only(user: User) -> None:
    if not can_use_macros(user):
        raise PermissionDenied


def _macro_out(macro: Macro) -> dict:
    texts = list(macro.texts.all())
    languages = {t.language for t in texts}
    return {
        "id": macro.pk,
        "key": macro.key,
        "title": macro.title(),
        "titles": {"nl": macro.title_nl, "fr": macro.title_fr, "en": macro.title_en},
        "kind": macro.kind,
        "is_active": macro.is_active,
        "categories": [c.pk for c in macro.categories.all()],
        "languages": [code for code in ("nl", "fr", "en") if code in languages],
        "fields": macro.field_changes(),
        "use_count": macro.use_count,
        "updated_at": macro.updated_at,
        "texts": [{"language": t.language, "profile": t.profile, "body": t.body} for t in texts],
    }


def _rendered_out(rendered: RenderedMacro) -> dict:
    return {
        "text": rendered.text,
        "language": rendered.language,
        "kind": rendered.kind,
        "fields": rendered.fields,
    }


@router.get(
    "/macros",
    response={200: MacroPage, **errors(403, 422)},
    summary="List canned answers",
    description="By key. Agents and specialists see the active ones; supervisors and "
    "administrators all. Filter by `language`, `category` and words (`q`). Staff only.",
)
def list_macros(request: HttpRequest, filters: Query[MacroFilters], page: Query[PageParams]):
    user = acting_user(request)
    _staff_only(user)
    macros = visible_macros(user)
    if filters.language:
        macros = macros.filter(texts__language=filters.language)
    if filters.category:
        macros = macros.filter(categories=filters.category)
    q = (filters.q or "").strip()
    if q:
        macros = macros.filter(
            Q(key__icontains=q)
            | Q(title_nl__icontains=q)
            | Q(title_fr__icontains=q)
            | Q(title_en__icontains=q)
            | Q(texts__body__icontains=q)
        )
    macros = macros.distinct().prefetch_related("texts", "categories").order_by("key", "id")
    answer = paginate(macros, page)
    answer["results"] = [_macro_out(macro) for macro in answer["results"]]
    return answer


@router.get(
    "/macros/{macro_id}",
    response={200: MacroDetailOut, **errors(403, 404)},
    summary="Get a canned answer",
    description="With its texts per language and communication profile. Staff only.",
)
def get_macro(request: HttpRequest, macro_id: int = MacroId):
    user = acting_user(request)
    _staff_only(user)
    macro = macro_for(user, macro_id)
    return _macro_out(Macro.objects.prefetch_related("texts", "categories").get(pk=macro.pk))


@router.post(
    "/tickets/{key}/macros/{macro_id}/render",
    response={200: RenderedOut, **errors(403, 404, 422)},
    summary="Render a canned answer for a ticket",
    description="The text in the contact's language (or `language`) and for their "
    "communication profile, placeholders filled. Changes nothing on the ticket.",
)
def render_macro(
    request: HttpRequest,
    payload: RenderIn | None = None,
    key: str = TicketKey,
    macro_id: int = MacroId,
):
    user = acting_user(request)
    _staff_only(user)
    ticket = ticket_ref(user, key)
    macro = macro_for(user, macro_id)
    language = payload.language if payload is not None else None
    rendered = services.render_macro(macro, ticket=ticket, acting_user=user, language=language)
    return _rendered_out(rendered)


@router.post(
    "/tickets/{key}/macros/{macro_id}/apply",
    response={200: RenderedOut, **errors(403, 404, 409, 422)},
    summary="Apply a canned answer to a ticket",
    description="Sets the ticket fields it carries (type, category, impact, urgency, "
    "status) in one change and returns the text to send; the text itself is not sent "
    "(post it as a reply or note). Send the `version` you saw: 409 when it changed.",
)
def apply_macro(
    request: HttpRequest, payload: ApplyIn, key: str = TicketKey, macro_id: int = MacroId
):
    user = acting_user(request)
    _staff_only(user)
    ticket = ticket_ref(user, key, write=True)
    macro = macro_for(user, macro_id)
    rendered = services.apply_macro(ticket, macro, acting_user=user, version=payload.version)
    return _rendered_out(rendered)
