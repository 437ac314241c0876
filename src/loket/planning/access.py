"""Who may collaborate, plan callbacks and recurring tasks. Every view and endpoint asks here."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from loket.accounts.models import Role, User
from loket.planning.models import Callback, Collaborator, RecurringTask


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_plan(user: User) -> bool:
    """Staff plan callbacks, ask for help and have a Today page; customers never."""
    return _active(user) and user.is_staff_member


def can_manage_recurring(user: User) -> bool:
    return _active(user) and user.role in (Role.SUPERVISOR, Role.ADMIN)


def collaborating_ticket_ids(user: User) -> QuerySet:
    """``values("ticket_id")`` of the open collaborations of ``user`` or of their teams,
    for ``tickets.access.visibility_filter``: ``Q(pk__in=collaborating_ticket_ids(user))``.
    Staff only: a customer gets an empty subquery."""
    if not can_plan(user):
        return Collaborator.objects.none().values("ticket_id")
    return Collaborator.objects.filter(
        Q(user_id=user.pk) | Q(team__memberships__user_id=user.pk), done_at__isnull=True
    ).values("ticket_id")


def callbacks_for(user: User) -> QuerySet[Callback]:
    """Callbacks on the tickets ``user`` may see."""
    from loket.tickets.access import visible_tickets

    if not can_plan(user):
        return Callback.objects.none()
    return Callback.objects.filter(
        Q(ticket__in=visible_tickets(user).values("pk")) | Q(assignee_id=user.pk)
    )


def callback_for(user: User, pk: int | str) -> Callback:
    """An open-or-done callback of a ticket ``user`` may change; Http404 otherwise."""
    if not can_plan(user):
        raise PermissionDenied("Only staff plan callbacks")
    callback = callbacks_for(user).select_related("ticket").filter(pk=_as_int(pk)).first()
    if callback is None:
        raise Http404("No such callback")
    return callback


def collaborator_for(user: User, pk: int | str) -> Collaborator:
    """A help request on a ticket ``user`` may see (the asker, the helper and the
    ticket's people all may mark it done)."""
    from loket.tickets.access import visible_tickets

    if not can_plan(user):
        raise PermissionDenied("Only staff collaborate")
    collaborator = (
        Collaborator.objects.select_related("ticket", "user", "team")
        .filter(pk=_as_int(pk))
        .filter(
            Q(ticket__in=visible_tickets(user).values("pk"))
            | Q(user_id=user.pk)
            | Q(team__memberships__user_id=user.pk)
        )
        .first()
    )
    if collaborator is None:
        raise Http404("No such help request")
    return collaborator


def recurring_task_for(user: User, pk: int | str) -> RecurringTask:
    if not can_manage_recurring(user):
        raise PermissionDenied("Only supervisors and administrators manage recurring tasks")
    task = RecurringTask.objects.filter(pk=_as_int(pk)).first()
    if task is None:
        raise Http404("No such recurring task")
    return task


def _as_int(key: int | str) -> int:
    try:
        return int(key)
    except (TypeError, ValueError):
        raise Http404("Not found") from None
