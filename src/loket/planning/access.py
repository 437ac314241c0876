"""Who may collaborate, plan callbacks and recurring tasks. Every view and endpoint asks here."""

from loket.accounts.models import Role, User


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_plan(user: User) -> bool:
    return _active(user) and user.is_staff_member


def can_manage_recurring(user: User) -> bool:
    return _active(user) and user.role in (Role.SUPERVISOR, Role.ADMIN)
