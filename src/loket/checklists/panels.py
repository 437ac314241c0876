"""The checklists panel on the ticket page (see ``loket.tickets.panels``): the checklists
on the ticket with their progress, the required ones not added yet, and "Add a
checklist". A handful of queries, whatever the number of checklists and items."""

from django.db.models import Prefetch

from loket.checklists.access import can_use_checklists
from loket.checklists.models import (
    ChecklistTemplate,
    ItemState,
    TicketChecklist,
    TicketChecklistItem,
)
from loket.checklists.services import may_remove, template_matches, ticket_lineage
from loket.tickets.models import EventKind
from loket.tickets.panels import Panel

TEMPLATE = "checklists/_panel.html"


def panel_context(request, ticket, events=None) -> dict:
    """``events`` (the ticket's timeline, when the page has it) spares a query: adding a
    checklist always writes a CHECKLIST event, so without one there is none."""
    checklists = []
    if events is None or any(e.kind == EventKind.CHECKLIST for e in events):
        checklists = _checklists(ticket)
    for checklist in checklists:
        items = list(checklist.items.all())
        checklist.shown_items = items
        checklist.total = len(items)
        checklist.checked = sum(1 for i in items if i.state != ItemState.OPEN)
        checklist.removable = may_remove(request.user, checklist, items)
    templates = [
        t
        for t in ChecklistTemplate.objects.filter(is_active=True).prefetch_related(
            "categories", "items"
        )
        if t.items.all()
    ]
    have = {c.template_id for c in checklists}
    lineage = ticket_lineage(ticket) if templates else set()
    matching = {t.pk for t in templates if template_matches(t, ticket, lineage)}
    pending = [t for t in templates if t.required and t.pk in matching and t.pk not in have]
    addable = sorted(
        (t for t in templates if t.pk not in have and t not in pending),
        key=lambda t: t.title.lower(),
    )
    return {
        "ticket": ticket,
        "checklists": checklists,
        "pending": pending,
        "suggested": [t for t in addable if t.pk in matching],
        "others": [t for t in addable if t.pk not in matching],
        "is_open": ticket.is_open,
        "states": ItemState,
        "error": getattr(request, "checklist_error", None),
    }


def _checklists(ticket) -> list[TicketChecklist]:
    return list(
        TicketChecklist.objects.filter(ticket=ticket)
        .prefetch_related(
            Prefetch("items", queryset=TicketChecklistItem.objects.select_related("checked_by"))
        )
        .order_by("-required", "added_at", "pk")
    )


def ticket_panel(request, ticket, events):
    if not can_use_checklists(request.user):
        return None
    context = panel_context(request, ticket, events)
    if not context["is_open"] and not context["checklists"] and not context["error"]:
        return None
    return Panel(TEMPLATE, context, "side")
