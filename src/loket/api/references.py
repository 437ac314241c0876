"""Turn ids in requests into objects, through the access policy.

An id of something that does not exist and an id of something the user may not see give
the same answer (422 with the field's code in a body, 404 in a path), so the API never
tells them apart.
"""

import re

from django.http import Http404
from django.utils.translation import gettext as _

from loket.accounts.access import assignable_users, visible_teams
from loket.accounts.models import Team, User
from loket.api.schemas import MAX_ID
from loket.core.errors import InvalidInput
from loket.directory.access import visible_contacts, visible_organisations
from loket.directory.models import Contact, Organisation
from loket.tickets.access import ticket_for
from loket.tickets.models import Category, ResolutionCode, Ticket


def contact_ref(user: User, pk: int | None) -> Contact | None:
    if pk is None:
        return None
    contact = visible_contacts(user).select_related("organisation").filter(pk=pk).first()
    if contact is None:
        raise InvalidInput(
            _("There is no contact with this id that you may use."), code="unknown_contact"
        )
    return contact


def organisation_ref(user: User, pk: int | None) -> Organisation | None:
    if pk is None:
        return None
    organisation = visible_organisations(user).filter(pk=pk).first()
    if organisation is None:
        raise InvalidInput(
            _("There is no organisation with this id that you may use."),
            code="unknown_organisation",
        )
    return organisation


def category_ref(pk: int | None) -> Category | None:
    if pk is None:
        return None
    category = Category.objects.filter(pk=pk).first()
    if category is None:
        raise InvalidInput(
            _("There is no category with this id that you may use."), code="unknown_category"
        )
    return category


def team_ref(user: User, pk: int | None) -> Team | None:
    if pk is None:
        return None
    team = visible_teams(user).filter(pk=pk).first()
    if team is None:
        raise InvalidInput(
            _("There is no team with this id that you may use."), code="unknown_team"
        )
    return team


def assignee_ref(user: User, pk: int | None) -> User | None:
    if pk is None:
        return None
    assignee = assignable_users(user).filter(pk=pk).first()
    if assignee is None:
        raise InvalidInput(
            _("There is no user with this id that you may use."), code="unknown_user"
        )
    return assignee


def resolution_code_ref(code: str) -> ResolutionCode:
    found = ResolutionCode.objects.filter(code=code).first()
    if found is None:
        raise InvalidInput(
            _("Unknown resolution code; see /api/v1/resolution-codes."),
            code="unknown_resolution_code",
        )
    return found


TICKET_ID = re.compile(r"^\d{1,19}$")
TICKET_NUMBER = re.compile(r"^(\d{4})-(\d{1,6})$")


def ticket_ref(user: User, key: str, *, write: bool = False) -> Ticket:
    """The ticket with id or number ``key`` (``42`` or ``2026-000042``) through the access
    policy; anything that is not a plausible id or number is simply not found."""
    key = (key or "").strip()
    number = TICKET_NUMBER.match(key)
    if number:
        return ticket_for(user, f"{number[1]}-{int(number[2]):06d}", write=write)
    if TICKET_ID.match(key) and 1 <= int(key) <= MAX_ID:
        return ticket_for(user, int(key), write=write)
    raise Http404
