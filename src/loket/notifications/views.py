"""The notifications page, the header badge, and marking notifications read."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from loket.core.pages import allowed_if, render_page
from loket.notifications.access import (
    can_read_notifications,
    notification_for,
    own_notifications,
)
from loket.notifications.services import mark_read, unread_count
from loket.notifications.texts import describe

PAGE_SIZE = 25
TEMPLATE = "notifications/list.html"

# Staff only: anonymous users go to the login page, customers get 403.
reader_required = allowed_if(can_read_notifications)


def _page_number(value) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


def _list_url(page: int) -> str:
    url = reverse("notifications:list")
    return f"{url}?page={page}" if page > 1 else url


def _render_list(request, page_number, **extra):
    notifications = own_notifications(request.user).select_related("ticket")
    page = Paginator(notifications.order_by("-created_at", "-id"), PAGE_SIZE).get_page(page_number)
    now = timezone.now()
    for notification in page.object_list:
        notification.text = describe(notification, now)
    context = {"active_nav": "notifications", "page": page, **extra}
    return render_page(request, TEMPLATE, context, fragment="list")


@require_GET
@reader_required
def notification_list(request):
    return _render_list(request, request.GET.get("page"))


@require_GET
@reader_required
def badge(request):
    """The bell alone, for the header's periodic refresh."""
    context = {"count": unread_count(request.user)}
    return render(request, "notifications/_badge.html", context)


@require_POST
@reader_required
def mark_one_read(request, pk: int):
    notification = notification_for(request.user, pk)
    mark_read(request.user, [notification.pk])
    if not request.htmx:
        messages.success(request, _("The notification is marked as read."))
        return redirect(_list_url(_page_number(request.POST.get("page"))))
    notification.refresh_from_db(fields=["read_at"])
    notification.text = describe(notification)
    context = {"n": notification, "focus": True, "count": unread_count(request.user)}
    return render(request, f"{TEMPLATE}#marked", context)


@require_POST
@reader_required
def mark_all_read(request):
    mark_read(request.user)
    page = _page_number(request.POST.get("page"))
    if not request.htmx:
        messages.success(request, _("All notifications are marked as read."))
        return redirect(_list_url(page))
    # htmx: the list again, read, with the badge brought up to date.
    return _render_list(request, page, all_marked=True, count=0)
