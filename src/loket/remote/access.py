"""Who may ask consent for and log remote sessions. Every view and endpoint asks here."""

from loket.accounts.models import User


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_take_over(user: User) -> bool:
    return _active(user) and user.is_staff_member
