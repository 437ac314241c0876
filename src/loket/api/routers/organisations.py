"""Organisations: the companies and institutions contacts belong to."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from loket.api.auth import acting_user
from loket.api.pagination import paginate
from loket.api.schemas import (
    MAX_ID,
    OrganisationIn,
    OrganisationOut,
    OrganisationPage,
    PageParams,
    Text,
    errors,
)
from loket.directory import services
from loket.directory.access import can_edit_directory, organisation_for, visible_organisations

router = Router(tags=["organisations"])


class OrganisationFilters(Schema):
    q: Text | None = Field(None, max_length=100, description="Part of the name.")


@router.get(
    "/organisations",
    response={200: OrganisationPage, **errors(422)},
    summary="List organisations",
    description="Staff see all organisations; a customer sees only their own.",
)
def list_organisations(
    request: HttpRequest, filters: Query[OrganisationFilters], page: Query[PageParams]
):
    organisations = visible_organisations(acting_user(request))
    if filters.q and filters.q.strip():
        organisations = organisations.filter(name__icontains=filters.q.strip())
    return paginate(organisations.order_by("name", "id"), page)


@router.post(
    "/organisations",
    response={201: OrganisationOut, **errors(400, 403, 422)},
    summary="Create an organisation",
)
def create_organisation(request: HttpRequest, payload: OrganisationIn):
    if not can_edit_directory(acting_user(request)):
        raise PermissionDenied
    return Status(201, services.create_organisation(**payload.model_dump()))


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **errors(404, 422)},
    summary="Get an organisation",
)
def get_organisation(
    request: HttpRequest,
    organisation_id: int = Path(..., ge=1, le=MAX_ID, description="The organisation's id."),
):
    return organisation_for(acting_user(request), organisation_id)
