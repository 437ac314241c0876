"""Who may run, edit and study scenarios. Every view and endpoint asks here.

- staff run published scenarios on the tickets they may change and propose improvements;
- supervisors and admins write scenarios, publish versions, read proposals and statistics.
"""

from loket.accounts.models import Role, User


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_run_scenarios(user: User) -> bool:
    return _active(user) and user.is_staff_member


def can_edit_scenarios(user: User) -> bool:
    return _active(user) and user.role in (Role.SUPERVISOR, Role.ADMIN)


# --- the editor's pages (helper "editor") ---------------------------------------------------


def can_edit(user: User, scenario) -> bool:
    """Owners (staff), supervisors and admins change a scenario, publish it, answer its
    proposals and read its statistics."""
    if can_edit_scenarios(user):
        return True
    return can_run_scenarios(user) and scenario.owner_id == user.pk


def listed_scenarios(user: User):
    """The scenarios ``user`` sees in the list: editors all of them, other staff the
    active ones with a published version (and those they own)."""
    from django.db.models import Q

    from loket.scenarios.models import Scenario

    if can_edit_scenarios(user):
        return Scenario.objects.all()
    if not can_run_scenarios(user):
        return Scenario.objects.none()
    usable = Q(is_active=True, current_version__isnull=False)
    return Scenario.objects.filter(usable | Q(owner=user))


def scenario_to_study(user: User, pk: int | str, *, write: bool = False):
    """The scenario ``pk`` if ``user`` may see it (and change it, with ``write``); Http404
    when it does not exist or is hidden, PermissionDenied when it is not writable."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such scenario") from None
    scenario = listed_scenarios(user).filter(pk=key).select_related("owner").first()
    if scenario is None:
        raise Http404("No such scenario")
    if write and not can_edit(user, scenario):
        raise PermissionDenied("You may not change this scenario")
    return scenario
