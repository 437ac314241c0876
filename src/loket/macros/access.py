"""Who may use and write canned answers. Every view and endpoint asks here.

- staff (agents, specialists, supervisors, admins) browse, read and insert canned answers
  (active ones; supervisors and admins also see the inactive ones);
- supervisors and admins create and edit them;
- customers and anonymous users see none.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from loket.accounts.models import Role, User
from loket.macros.models import Macro


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_use_macros(user: User) -> bool:
    """Browse, read and insert canned answers."""
    return _active(user) and user.is_staff_member


def can_write_macros(user: User) -> bool:
    """Create and edit canned answers and their texts."""
    return _active(user) and user.role in (Role.SUPERVISOR, Role.ADMIN)


def visible_macros(user: User) -> QuerySet[Macro]:
    if not can_use_macros(user):
        return Macro.objects.none()
    if can_write_macros(user):
        return Macro.objects.all()
    return Macro.objects.filter(is_active=True)


def macro_for(user: User, pk: int | str, *, write: bool = False) -> Macro:
    """The macro ``pk`` if ``user`` may see it (and edit it, with ``write``); Http404 when
    it does not exist or is hidden, PermissionDenied when it may not be edited."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such canned answer") from None
    macro = visible_macros(user).filter(pk=key).first()
    if macro is None:
        raise Http404("No such canned answer")
    if write and not can_write_macros(user):
        raise PermissionDenied("You may not edit canned answers")
    return macro
