"""Your notifications: SLA warnings and breaches. Staff only, each user their own."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Path, Query, Router

from loket.accounts.models import User
from loket.api.auth import acting_user
from loket.api.pagination import paginate
from loket.api.schemas import (
    MAX_ID,
    NotificationFilters,
    NotificationOut,
    NotificationPage,
    PageParams,
    ReadAllOut,
    errors,
)
from loket.notifications.access import (
    can_read_notifications,
    notification_for,
    own_notifications,
)
from loket.notifications.services import mark_read, unread_count

router = Router(tags=["notifications"])

NotificationId = Path(..., ge=1, le=MAX_ID, description="The notification's id.")


def _reader(request: HttpRequest) -> User:
    user = acting_user(request)
    if not can_read_notifications(user):
        raise PermissionDenied
    return user


@router.get(
    "/notifications",
    response={200: NotificationPage, **errors(403, 422)},
    summary="List your notifications",
    description="Newest first; `unread=true` for the unread ones only. `unread` counts your "
    "unread notifications over all pages. Customers get 403: notifications are for staff.",
)
def list_notifications(
    request: HttpRequest, filters: Query[NotificationFilters], page: Query[PageParams]
):
    user = _reader(request)
    notifications = own_notifications(user).select_related("ticket")
    if filters.unread is not None:
        notifications = notifications.filter(read_at__isnull=filters.unread)
    answer = paginate(notifications.order_by("-created_at", "-id"), page)
    return {**answer, "unread": unread_count(user)}


@router.post(
    "/notifications/read-all",
    response={200: ReadAllOut, **errors(403)},
    summary="Mark all your notifications read",
)
def read_all_notifications(request: HttpRequest):
    return {"marked": mark_read(_reader(request))}


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **errors(403, 404, 422)},
    summary="Mark a notification read",
    description="Marking a read notification again changes nothing. Someone else's "
    "notification is 404.",
)
def read_notification(request: HttpRequest, notification_id: int = NotificationId):
    user = _reader(request)
    notification = notification_for(user, notification_id)
    mark_read(user, [notification.pk])
    notification.refresh_from_db(fields=["read_at"])
    return notification
