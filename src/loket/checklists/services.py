"""Checklist use cases on tickets: add, tick (and undo), remove, the required checklists
of a ticket, and the guard that refuses to resolve a ticket while one is incomplete.

Defining templates is ``loket.checklists.templates``. Each use case runs in one
transaction and locks the ticket row, so ticking and resolving never cross.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loket.accounts.models import User
from loket.checklists.access import can_remove_any_checklist, can_use_checklists
from loket.checklists.models import (
    CHECKED_STATES,
    LANGUAGES,
    ChecklistTemplate,
    ItemCheck,
    ItemState,
    TicketChecklist,
    TicketChecklistItem,
    in_language,
)
from loket.core.errors import InvalidInput, TransitionNotAllowed, VersionConflict
from loket.tickets.models import Category, EventKind, Ticket, TimelineEvent

RESULT_MAX = 500


# --- which templates a ticket needs -------------------------------------------------------


def category_lineage(category_id: int | None) -> set[int]:
    """The category and all its ancestors (a template for "Hardware" is for laptops too)."""
    if category_id is None:
        return set()
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    lineage: set[int] = set()
    current: int | None = category_id
    while current is not None and current not in lineage:
        lineage.add(current)
        current = parents.get(current)
    return lineage


def ticket_lineage(ticket: Ticket) -> set[int]:
    """``category_lineage`` of the ticket's category; no query for a top-level category
    already loaded with the ticket."""
    category = (
        ticket.category if ticket.category_id and "category" in ticket._state.fields_cache else None
    )
    if category is not None and category.parent_id is None:
        return {category.pk}
    return category_lineage(ticket.category_id)


def template_matches(template: ChecklistTemplate, ticket: Ticket, lineage: set[int]) -> bool:
    """Whether ``template`` is for ``ticket`` (categories prefetched by the caller)."""
    category_ids = {c.pk for c in template.categories.all()}
    types = set(template.ticket_types or [])
    if not category_ids and not types:
        return False
    if category_ids and not category_ids & lineage:
        return False
    return not types or ticket.type in types


def _templates_with_items():
    return ChecklistTemplate.objects.filter(is_active=True, items__isnull=False).distinct()


def required_templates(ticket: Ticket) -> list[ChecklistTemplate]:
    """The active templates (with at least one item) required for ``ticket`` by its
    category and type, whether already added or not."""
    lineage = ticket_lineage(ticket)
    candidates = _templates_with_items().filter(required=True).prefetch_related("categories")
    return [t for t in candidates if template_matches(t, ticket, lineage)]


def suggested_templates(ticket: Ticket) -> list[ChecklistTemplate]:
    """The active templates an agent may add, those for the ticket's category and type
    first, then the others by title."""
    lineage = ticket_lineage(ticket)
    templates = list(_templates_with_items().prefetch_related("categories"))
    templates.sort(key=lambda t: (not template_matches(t, ticket, lineage), t.title.lower()))
    return templates


# --- timeline -----------------------------------------------------------------------------


def _titles(obj: Any) -> dict[str, str]:
    return {lang: getattr(obj, f"title_{lang}", "") for lang in LANGUAGES}


def _event(
    checklist: TicketChecklist, action: str, *, author: User | None, at: datetime, **data: Any
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        ticket_id=checklist.ticket_id,
        kind=EventKind.CHECKLIST,
        author=author,
        created_at=at,
        is_public=False,
        data={
            "action": action,
            "checklist": checklist.pk,
            "title": checklist.title,
            "titles": _titles(checklist),
            "required": checklist.required,
            **data,
        },
    )


def counts(items: Iterable[TicketChecklistItem]) -> dict[str, int]:
    """How many items are in each state."""
    counted = Counter(item.state for item in items)
    return {state: counted.get(state, 0) for state in ItemState.values}


def _failed(items: Iterable[TicketChecklistItem]) -> list[dict]:
    return [
        {
            "texts": {lang: getattr(i, f"text_{lang}") or i.text for lang in LANGUAGES},
            "result": i.result,
        }
        for i in items
        if i.state == ItemState.FAILED
    ]


# --- locking and checking -------------------------------------------------------------------


def _lock_ticket(ticket: Ticket) -> Ticket:
    """The ticket as it is now, its row locked: resolving waits for us, and we for it."""
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _still_there[T: Model](rows: QuerySet[T]) -> T:
    """The one row of ``rows``; someone may have removed the checklist meanwhile."""
    found = rows.first()
    if found is None:
        raise InvalidInput(
            _("This checklist was removed from the ticket meanwhile."), code="checklist_removed"
        )
    return found


def _ticket_of(checklist_id: int) -> int:
    ticket_id = (
        TicketChecklist.objects.filter(pk=checklist_id).values_list("ticket_id", flat=True).first()
    )
    if ticket_id is None:
        raise InvalidInput(
            _("This checklist was removed from the ticket meanwhile."), code="checklist_removed"
        )
    return ticket_id


def _require_user(acting_user: User | None) -> None:
    if acting_user is not None and not can_use_checklists(acting_user):
        raise PermissionDenied(_("Only staff use checklists."))


def _require_open(ticket: Ticket) -> None:
    if not ticket.is_open:
        raise TransitionNotAllowed(
            _("This ticket is resolved or closed; reopen it to change its checklists.")
        )


# --- adding ---------------------------------------------------------------------------------


def _copy(
    ticket: Ticket, template: ChecklistTemplate, *, required: bool, by, at
) -> TicketChecklist:
    desk = settings.LANGUAGE_CODE[:2]
    items = list(template.items.all())
    checklist = TicketChecklist.objects.create(
        ticket=ticket,
        template=template,
        title=in_language(template, "title", desk),
        **{f"title_{lang}": text for lang, text in _titles(template).items()},
        required=required,
        added_by=by,
        added_at=at,
    )
    TicketChecklistItem.objects.bulk_create(
        TicketChecklistItem(
            checklist=checklist,
            position=position,
            text=in_language(item, "text", desk),
            **{
                f"{field}_{lang}": getattr(item, f"{field}_{lang}")
                for field in ("text", "help", "result")
                for lang in LANGUAGES
            },
        )
        for position, item in enumerate(items, start=1)
    )
    _event(checklist, "added", author=by, at=at, items=len(items))
    return checklist


@transaction.atomic
def add_checklist(
    ticket: Ticket,
    template: ChecklistTemplate,
    *,
    acting_user: User | None,
    now: datetime | None = None,
) -> TicketChecklist:
    """Add a copy of ``template`` to ``ticket`` (once per template per ticket)."""
    _require_user(acting_user)
    ticket = _lock_ticket(ticket)
    _require_open(ticket)
    if not template.is_active:
        raise InvalidInput(_("This checklist is no longer in use."), code="inactive_template")
    if not template.items.exists():
        raise InvalidInput(_("This checklist has no items yet."), code="empty_template")
    if TicketChecklist.objects.filter(ticket=ticket, template=template).exists():
        raise InvalidInput(
            _("This checklist is already on the ticket."), code="checklist_already_added"
        )
    required = any(t.pk == template.pk for t in required_templates(ticket))
    return _copy(ticket, template, required=required, by=acting_user, at=now or timezone.now())


@transaction.atomic
def ensure_required(
    ticket: Ticket, *, acting_user: User | None, now: datetime | None = None
) -> list[TicketChecklist]:
    """Add the checklists the ticket's category and type require and are not on it yet;
    mark the added ones required or not as the category and type say now (after a
    reclassification). Returns the checklists it added."""
    _require_user(acting_user)
    ticket = _lock_ticket(ticket)
    if not ticket.is_open:
        return []
    now = now or timezone.now()
    required = {t.pk: t for t in required_templates(ticket)}
    present = list(TicketChecklist.objects.filter(ticket=ticket))
    for checklist in present:
        should = checklist.template_id in required
        if checklist.required != should:
            checklist.required = should
            checklist.save(update_fields=["required"])
    have = {c.template_id for c in present}
    return [
        _copy(ticket, template, required=True, by=acting_user, at=now)
        for pk, template in required.items()
        if pk not in have
    ]


# --- ticking --------------------------------------------------------------------------------


def _check_tick(item: TicketChecklistItem, state: str, result: str) -> str:
    if state not in ItemState.values:
        raise InvalidInput(_("Unknown state."), code="bad_state")
    result = (result or "").strip()
    if len(result) > RESULT_MAX:
        raise InvalidInput(
            _("The result is longer than %(max)s characters.") % {"max": RESULT_MAX},
            code="too_long",
        )
    if state == ItemState.OPEN:
        return ""
    label = item.result_required
    if label and state == ItemState.DONE and not result:
        raise InvalidInput(
            _("Record the result first: %(result)s.") % {"result": label},
            code="result_required",
        )
    return result


@transaction.atomic
def tick(
    item: TicketChecklistItem,
    *,
    state: str,
    result: str = "",
    acting_user: User,
    version: int | None = None,
    now: datetime | None = None,
) -> TicketChecklistItem:
    """Set an item to done, failed, not applicable, or back to open (undo), recording who
    and when. ``version`` is the item's version the user saw (409 when it changed).
    Completing the checklist writes its summary on the timeline; an undo on a complete
    checklist reopens it."""
    _require_user(acting_user)
    ticket_id = _ticket_of(item.checklist_id)
    ticket = _lock_ticket(Ticket(pk=ticket_id))
    _require_open(ticket)
    item = _still_there(TicketChecklistItem.objects.select_for_update().filter(pk=item.pk))
    checklist = _still_there(
        TicketChecklist.objects.select_for_update().filter(pk=item.checklist_id)
    )
    if version is not None and version != item.version:
        raise VersionConflict(
            _("%(who)s changed this item in the meantime. Look at it again and choose once more.")
            % {"who": item.checked_by or _("Someone else")},
            current_version=item.version,
        )
    result = _check_tick(item, state, result)
    if state == item.state and result == item.result:
        return item
    now = now or timezone.now()
    before = list(checklist.items.all())
    ItemCheck.objects.create(
        item=item,
        old_state=item.state,
        state=state,
        result=result,
        checked_by=acting_user,
        checked_at=now,
    )
    item.state, item.result = state, result
    item.checked_by, item.checked_at = acting_user, now
    item.version += 1
    item.save(update_fields=["state", "result", "checked_by", "checked_at", "version"])
    after = [item if i.pk == item.pk else i for i in before]
    _after_tick(checklist, before, after, acting_user=acting_user, now=now)
    return item


def _after_tick(
    checklist: TicketChecklist,
    before: list[TicketChecklistItem],
    after: list[TicketChecklistItem],
    *,
    acting_user: User,
    now: datetime,
) -> None:
    """Write the completion (or a changed result summary) or the reopening."""
    complete = all(i.state in CHECKED_STATES for i in after)
    if complete and (checklist.completed_at is None or counts(before) != counts(after)):
        updated = checklist.completed_at is not None
        checklist.completed_at = now
        checklist.save(update_fields=["completed_at"])
        _event(
            checklist,
            "completed",
            author=acting_user,
            at=now,
            counts=counts(after),
            failed=_failed(after),
            updated=updated,
        )
    elif not complete and checklist.completed_at is not None:
        checklist.completed_at = None
        checklist.save(update_fields=["completed_at"])
        _event(checklist, "reopened", author=acting_user, at=now, counts=counts(after))


# --- removing -------------------------------------------------------------------------------


def may_remove(
    user: User, checklist: TicketChecklist, items: Iterable[TicketChecklistItem]
) -> bool:
    """An agent removes a checklist added by mistake: not required, nothing ticked yet;
    a supervisor or administrator removes any."""
    if can_remove_any_checklist(user):
        return True
    untouched = all(i.state == ItemState.OPEN and i.checked_at is None for i in items)
    return can_use_checklists(user) and not checklist.required and untouched


@transaction.atomic
def remove_checklist(
    checklist: TicketChecklist, *, acting_user: User, now: datetime | None = None
) -> None:
    """Take a checklist off its ticket; the timeline keeps that it was there."""
    _require_user(acting_user)
    ticket = _lock_ticket(Ticket(pk=checklist.ticket_id))
    _require_open(ticket)
    checklist = _still_there(TicketChecklist.objects.select_for_update().filter(pk=checklist.pk))
    items = list(checklist.items.all())
    if not may_remove(acting_user, checklist, items):
        raise PermissionDenied(
            _("Only a supervisor removes a required checklist or one with ticked items.")
        )
    now = now or timezone.now()
    _event(checklist, "removed", author=acting_user, at=now, counts=counts(items))
    checklist.delete()


# --- the resolve guard ----------------------------------------------------------------------


def incomplete_required(ticket: Ticket) -> list[tuple[str, int]]:
    """(title, open items) of each required checklist of ``ticket`` that is not complete,
    counting those its category or type requires but nobody added yet."""
    added = list(
        TicketChecklist.objects.filter(ticket=ticket).prefetch_related("items").order_by("pk")
    )
    have = {c.template_id for c in added}
    missing = []
    for checklist in added:
        if not checklist.required:
            continue
        left = sum(1 for i in checklist.items.all() if i.state == ItemState.OPEN)
        if left:
            missing.append((checklist.shown_title, left))
    for template in required_templates(ticket):
        if template.pk not in have:
            missing.append((template.title, template.items.count()))
    return missing


def check_resolvable(ticket: Ticket) -> None:
    """Refuse to resolve ``ticket`` while a required checklist is incomplete.

    Called by ``tickets.services.resolve_ticket`` (through ``tickets.guards``) on the
    locked ticket, inside its transaction. The required checklists are added first, so
    the ticket shows them (when the refusal rolls back, nothing of it remains).
    """
    ensure_required(ticket, acting_user=None)
    missing = incomplete_required(ticket)
    if not missing:
        return
    parts = [
        ngettext(
            "“%(title)s” still has %(count)s open item",
            "“%(title)s” still has %(count)s open items",
            count,
        )
        % {"title": title, "count": count}
        for title, count in missing
    ]
    raise InvalidInput(
        _("Complete the required checklists before resolving: %(list)s.")
        % {"list": "; ".join(parts)},
        code="checklist_incomplete",
    )
