"""Reference data a client needs to fill in tickets: teams, categories, resolution codes."""

from django.http import HttpRequest
from ninja import Router

from loket.accounts.access import visible_teams
from loket.api.auth import acting_user
from loket.api.schemas import CategoryOut, ResolutionCodeOut, TeamOut, errors
from loket.tickets.models import Category, ResolutionCode

router = Router(tags=["reference data"])


@router.get(
    "/teams",
    response={200: list[TeamOut], **errors()},
    summary="List teams",
    description="Active teams, to assign or escalate tickets to. Customers get an empty list.",
)
def list_teams(request: HttpRequest):
    return visible_teams(acting_user(request)).order_by("name")


@router.get(
    "/categories",
    response={200: list[CategoryOut], **errors()},
    summary="List categories",
    description="The active category tree, flattened: each category names its `parent`.",
)
def list_categories(request: HttpRequest):
    return Category.objects.filter(is_active=True).order_by("position", "name_nl", "id")


@router.get(
    "/resolution-codes",
    response={200: list[ResolutionCodeOut], **errors()},
    summary="List resolution codes",
    description="Codes to resolve a ticket with (`code` in `POST /tickets/{key}/resolve`).",
)
def list_resolution_codes(request: HttpRequest):
    return ResolutionCode.objects.filter(is_active=True).order_by("code")
