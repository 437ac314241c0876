"""Who may see teams and users, and use the admin."""

from django.db.models import QuerySet

from loket.accounts.models import Role, Team, User


def visible_teams(user: User) -> QuerySet[Team]:
    if user.is_authenticated and user.is_active and user.is_staff_member:
        return Team.objects.filter(is_active=True)
    return Team.objects.none()


def assignable_users(user: User) -> QuerySet[User]:
    if user.is_authenticated and user.is_active and user.is_staff_member:
        return User.objects.filter(
            is_active=True, role__in=[Role.AGENT, Role.SPECIALIST, Role.SUPERVISOR, Role.ADMIN]
        )
    return User.objects.none()


def can_use_admin(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.ADMIN


def can_see_all_open(user: User) -> bool:
    """The "all open" queue is for supervisors and admins."""
    return user.is_authenticated and user.role in (Role.SUPERVISOR, Role.ADMIN)
