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
