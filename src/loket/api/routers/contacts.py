"""Contacts: find a caller by name, e-mail or phone; create and change them; history."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from loket.api.auth import acting_user
from loket.api.pagination import paginate
from loket.api.references import organisation_ref
from loket.api.schemas import (
    MAX_ID,
    ContactHistoryOut,
    ContactIn,
    ContactOut,
    ContactPage,
    ContactPatch,
    PageParams,
    Text,
    errors,
)
from loket.directory import services
from loket.directory.access import can_edit_directory, contact_for, visible_contacts
from loket.tickets.access import visible_tickets

router = Router(tags=["contacts"])

ContactId = Path(..., ge=1, le=MAX_ID, description="The contact's id.")


class ContactFilters(Schema):
    q: Text | None = Field(
        None,
        max_length=100,
        description="Name, e-mail address or phone number in any notation "
        "(`0470 12 34 56` and `+32470123456` find the same contact).",
    )
    organisation: int | None = Field(None, ge=1, le=MAX_ID)


def _with_details(contacts):
    return contacts.select_related("organisation").prefetch_related("emails", "phones")


@router.get(
    "/contacts",
    response={200: ContactPage, **errors(422)},
    summary="List or find contacts",
    description="Staff see the whole directory; a customer sees only themselves.",
)
def list_contacts(request: HttpRequest, filters: Query[ContactFilters], page: Query[PageParams]):
    contacts = visible_contacts(acting_user(request))
    if filters.q and filters.q.strip():
        contacts = services.find_contacts(contacts, filters.q)
    if filters.organisation is not None:
        contacts = contacts.filter(organisation_id=filters.organisation)
    return paginate(_with_details(contacts).order_by("last_name", "first_name", "id"), page)


@router.post(
    "/contacts",
    response={201: ContactOut, **errors(400, 403, 422)},
    summary="Create a contact",
    description="Phone numbers are stored in E.164, e-mail addresses in lower case.",
)
def create_contact(request: HttpRequest, payload: ContactIn):
    user = acting_user(request)
    if not can_edit_directory(user):
        raise PermissionDenied
    data = payload.model_dump()
    data["organisation"] = organisation_ref(user, payload.organisation)
    contact = services.create_contact(**data)
    return Status(201, _with_details(visible_contacts(user)).get(pk=contact.pk))


@router.get(
    "/contacts/{contact_id}",
    response={200: ContactOut, **errors(404, 422)},
    summary="Get a contact",
)
def get_contact(request: HttpRequest, contact_id: int = ContactId):
    user = acting_user(request)
    contact = contact_for(user, contact_id)
    return _with_details(visible_contacts(user)).get(pk=contact.pk)


@router.patch(
    "/contacts/{contact_id}",
    response={200: ContactOut, **errors(400, 403, 404, 422)},
    summary="Change a contact",
    description="Send only the fields to change; `emails` and `phones` replace the whole list.",
)
def update_contact(request: HttpRequest, payload: ContactPatch, contact_id: int = ContactId):
    user = acting_user(request)
    contact = contact_for(user, contact_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    if "organisation" in changes:
        changes["organisation"] = organisation_ref(user, changes["organisation"])
    services.update_contact(contact, **changes)
    return _with_details(visible_contacts(user)).get(pk=contact.pk)


@router.get(
    "/contacts/{contact_id}/history",
    response={200: ContactHistoryOut, **errors(404, 422)},
    summary="A contact's tickets",
    description="Their open tickets and their latest earlier ones, with resolutions.",
)
def contact_history(request: HttpRequest, contact_id: int = ContactId):
    user = acting_user(request)
    contact = contact_for(user, contact_id)
    return services.contact_history(contact, visible_tickets(user))
