"""Who may see and change known problems. Every view and endpoint asks here.

- staff (agents, specialists, supervisors, admins) see every problem and link or unlink
  the tickets they may change;
- supervisors, specialists and admins create, edit and resolve problems and look at the
  frequent problems;
- customers see no problem; the portal shows the active public notices only
  (``services.active_notices()``).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from loket.accounts.models import Role, User
from loket.problems.models import KnownProblem

MANAGERS = (Role.SUPERVISOR, Role.SPECIALIST, Role.ADMIN)


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_link_problems(user: User) -> bool:
    """Staff link their tickets to a problem (and unlink them)."""
    return _active(user) and user.is_staff_member


def can_manage_problems(user: User) -> bool:
    """Create, edit and resolve problems; see the frequent problems."""
    return _active(user) and user.role in MANAGERS


def visible_problems(user: User) -> QuerySet[KnownProblem]:
    if not can_link_problems(user):
        return KnownProblem.objects.none()
    return KnownProblem.objects.all()


def problem_for(user: User, pk: int | str, *, write: bool = False) -> KnownProblem:
    """The problem ``pk`` if ``user`` may see it (and change it, with ``write``); Http404
    when it does not exist or is hidden, PermissionDenied when it is not writable."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such problem") from None
    problem = visible_problems(user).filter(pk=key).first()
    if problem is None:
        raise Http404("No such problem")
    if write and not can_manage_problems(user):
        raise PermissionDenied("You may not change known problems")
    return problem
