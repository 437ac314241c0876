"""Sending and reading in-app notifications."""

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from loket.accounts.models import User
from loket.notifications.models import Notification


def build(
    recipients: Iterable[User],
    *,
    kind: str,
    ticket=None,
    data: dict | None = None,
    now: datetime | None = None,
) -> list[Notification]:
    """The notifications to send, unsaved: one per distinct active recipient. Callers
    that notify many at once (the SLA sweep) save them together."""
    now = now or timezone.now()
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(recipient=user, kind=kind, ticket=ticket, data=data or {}, created_at=now)
        )
    return rows


def notify(recipients: Iterable[User], **what) -> list[Notification]:
    """Send one notification per distinct active recipient (see :func:`build`)."""
    return Notification.objects.bulk_create(build(recipients, **what))


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user: User, ids: Iterable[int] | None = None, now: datetime | None = None) -> int:
    """Mark the user's notifications read (all, or those given); others' are untouched."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.update(read_at=now or timezone.now())
