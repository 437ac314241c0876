"""Who may register, handle and count complaints. Every view and endpoint asks here."""

from loket.accounts.models import Role, User


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_register_complaints(user: User) -> bool:
    return _active(user) and user.is_staff_member


def can_see_complaint_counts(user: User) -> bool:
    return _active(user) and user.role in (Role.SUPERVISOR, Role.ADMIN)
