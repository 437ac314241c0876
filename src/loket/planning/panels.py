"""The planning panel on the ticket page (see ``loket.tickets.panels``): colleagues
helping, handover, and the ticket's callbacks. Four queries."""

from datetime import timedelta

from django.utils import timezone

from loket.accounts.access import assignable_users, visible_teams
from loket.planning.access import can_plan
from loket.planning.models import Callback, Collaborator
from loket.tickets.panels import Panel


def ticket_panel(request, ticket, events):
    user = request.user
    if not can_plan(user):
        return None
    now = timezone.now()
    collaborators = list(
        Collaborator.objects.filter(ticket=ticket)
        .select_related("user", "team", "requested_by")
        .order_by("done_at", "-requested_at")[:20]
    )
    callbacks = list(
        Callback.objects.filter(ticket=ticket)
        .select_related("assignee")
        .order_by("done_at", "due_at")[:20]
    )
    staff = list(assignable_users(user).order_by("first_name", "username"))
    context = {
        "ticket": ticket,
        "now": now,
        "collaborators": collaborators,
        "open_collaborators": [c for c in collaborators if c.done_at is None],
        "callbacks": callbacks,
        "open_callbacks": [c for c in callbacks if c.done_at is None],
        "staff": staff,
        "colleagues": [u for u in staff if u.pk != user.pk],
        "handover_to": [u for u in staff if u.pk != ticket.assignee_id],
        "teams": list(visible_teams(user)),
        "default_due": timezone.localtime(now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "min_due": timezone.localtime(now).strftime("%Y-%m-%dT%H:%M"),
    }
    return Panel("planning/_ticket_panel.html", context, "side")
