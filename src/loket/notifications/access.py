"""Who may read which notifications: staff, their own only.

Notifications go to staff (SLA warnings and breaches); a customer has none and gets 403
on the pages. Someone else's notification answers 404, so its existence does not leak.
"""

from django.db.models import QuerySet
from django.http import Http404

from loket.accounts.models import User
from loket.notifications.models import Notification


def can_read_notifications(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff_member


def own_notifications(user: User) -> QuerySet[Notification]:
    if not can_read_notifications(user):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def notification_for(user: User, pk: int) -> Notification:
    try:
        return own_notifications(user).get(pk=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
