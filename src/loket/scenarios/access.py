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


# --- the runner (helper "runner") ------------------------------------------------------------


def _as_id(value: int | str) -> int:
    from django.http import Http404

    try:
        key = int(value)
    except (TypeError, ValueError):
        raise Http404("Not found") from None
    if not 0 < key < 2**63:
        raise Http404("Not found")
    return key


def runnable_scenario_for(user: User, pk: int | str):
    """The scenario ``pk`` for running it: staff only (PermissionDenied otherwise);
    Http404 when it does not exist. Whether it may start (active, published) is the
    service's to say, with a clear message."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from loket.scenarios.models import Scenario

    if not can_run_scenarios(user):
        raise PermissionDenied("You may not run scenarios")
    key = _as_id(pk)
    scenario = Scenario.objects.select_related("current_version", "owner").filter(pk=key).first()
    if scenario is None:
        raise Http404("No such scenario")
    return scenario


def run_for(user: User, pk: int | str):
    """The scenario run ``pk`` if ``user`` may change its ticket (``ticket_for`` with
    ``write``): Http404 when the run does not exist or its ticket is hidden."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from loket.scenarios.models import ScenarioRun
    from loket.tickets.access import ticket_for

    if not can_run_scenarios(user):
        raise PermissionDenied("You may not run scenarios")
    key = _as_id(pk)
    run = ScenarioRun.objects.select_related("version__scenario").filter(pk=key).first()
    if run is None:
        raise Http404("No such run")
    run.ticket = ticket_for(user, run.ticket_id, write=True)
    return run
