"""Defining checklist templates and their items (supervisors and administrators).

Changes here never reach the checklists already on tickets: those are frozen copies.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import User
from loket.checklists.access import can_define_checklists
from loket.checklists.models import LANGUAGES, ChecklistTemplate, TemplateItem
from loket.core.errors import InvalidInput
from loket.tickets.models import Category, TicketType

TEMPLATE_FIELDS = (
    *(f"title_{lang}" for lang in LANGUAGES),
    *(f"description_{lang}" for lang in LANGUAGES),
    "is_active",
    "required",
    "ticket_types",
    "owner",
)
ITEM_FIELDS = tuple(f"{f}_{lang}" for f in ("text", "help", "result") for lang in LANGUAGES)
LIMITS = {"title": 200, "text": 300, "result": 100, "description": 20_000, "help": 20_000}


def _require_definer(user: User) -> None:
    if not can_define_checklists(user):
        raise PermissionDenied(_("Only supervisors and administrators define checklists."))


def _clean_texts(fields: dict[str, Any]) -> None:
    for name, value in list(fields.items()):
        base = name.rsplit("_", 1)[0]
        if base in LIMITS and name.endswith(tuple(f"_{lang}" for lang in LANGUAGES)):
            value = (value or "").strip()
            if len(value) > LIMITS[base]:
                raise InvalidInput(
                    _("A text is longer than %(max)s characters.") % {"max": LIMITS[base]},
                    code="too_long",
                )
            fields[name] = value


def _check_template(template: ChecklistTemplate, categories: list[Category] | None) -> None:
    if not any(getattr(template, f"title_{lang}") for lang in LANGUAGES):
        raise InvalidInput(_("Give the checklist a title."), code="title_required")
    types = template.ticket_types
    if not isinstance(types, list) or any(t not in TicketType.values for t in types):
        raise InvalidInput(_("Unknown ticket type."), code="bad_type")
    template.ticket_types = sorted(set(types))
    has_categories = bool(categories) if categories is not None else template.categories.exists()
    if template.required and not has_categories and not template.ticket_types:
        raise InvalidInput(
            _("A required checklist needs the categories or ticket types it is required for."),
            code="required_needs_scope",
        )


@transaction.atomic
def create_template(
    *,
    acting_user: User,
    categories: Iterable[Category] = (),
    now: datetime | None = None,
    **fields: Any,
) -> ChecklistTemplate:
    """A new template (without items yet; add them with ``add_item``)."""
    _require_definer(acting_user)
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown field."), code="bad_field")
    _clean_texts(fields)
    fields.setdefault("owner", acting_user)
    now = now or timezone.now()
    template = ChecklistTemplate(created_at=now, updated_at=now, **fields)
    category_list = list(categories)
    _check_template(template, category_list)
    template.save()
    template.categories.set(category_list)
    return template


@transaction.atomic
def update_template(
    template: ChecklistTemplate,
    *,
    acting_user: User,
    categories: Iterable[Category] | None = None,
    now: datetime | None = None,
    **changes: Any,
) -> ChecklistTemplate:
    """Change a template's texts and settings (only those given)."""
    _require_definer(acting_user)
    unknown = set(changes) - set(TEMPLATE_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown field."), code="bad_field")
    _clean_texts(changes)
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    for name, value in changes.items():
        setattr(template, name, value)
    category_list = list(categories) if categories is not None else None
    _check_template(template, category_list)
    template.updated_at = now or timezone.now()
    template.save(update_fields=[*changes, "ticket_types", "updated_at"])
    if category_list is not None:
        template.categories.set(category_list)
    return template


def _check_item(fields: dict[str, Any]) -> None:
    _clean_texts(fields)
    if not any(fields.get(f"text_{lang}") for lang in LANGUAGES):
        raise InvalidInput(_("Write what to check."), code="text_required")


def _touch(template: ChecklistTemplate, now: datetime | None) -> None:
    ChecklistTemplate.objects.filter(pk=template.pk).update(updated_at=now or timezone.now())


@transaction.atomic
def add_item(
    template: ChecklistTemplate, *, acting_user: User, now: datetime | None = None, **fields: Any
) -> TemplateItem:
    """Append an item to ``template``."""
    _require_definer(acting_user)
    if set(fields) - set(ITEM_FIELDS):
        raise InvalidInput(_("Unknown field."), code="bad_field")
    _check_item(fields)
    ChecklistTemplate.objects.select_for_update().filter(pk=template.pk).exists()
    last = template.items.aggregate(last=Max("position"))["last"] or 0
    item = TemplateItem.objects.create(template=template, position=last + 1, **fields)
    _touch(template, now)
    return item


@transaction.atomic
def update_item(
    item: TemplateItem, *, acting_user: User, now: datetime | None = None, **fields: Any
) -> TemplateItem:
    """Change an item's texts (all of them: what is not given becomes empty)."""
    _require_definer(acting_user)
    if set(fields) - set(ITEM_FIELDS):
        raise InvalidInput(_("Unknown field."), code="bad_field")
    _check_item(fields)
    for name in ITEM_FIELDS:
        setattr(item, name, fields.get(name, ""))
    item.save(update_fields=list(ITEM_FIELDS))
    _touch(item.template, now)
    return item


def _renumber(template: ChecklistTemplate, ordered: list[TemplateItem]) -> None:
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def move_item(
    item: TemplateItem, *, up: bool, acting_user: User, now: datetime | None = None
) -> None:
    """Move an item one place up or down."""
    _require_definer(acting_user)
    template = ChecklistTemplate.objects.select_for_update().get(pk=item.template_id)
    ordered = list(template.items.all())
    index = next(i for i, other in enumerate(ordered) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    _renumber(template, ordered)
    _touch(template, now)


@transaction.atomic
def remove_item(item: TemplateItem, *, acting_user: User, now: datetime | None = None) -> None:
    """Delete an item from its template (checklists on tickets keep their copy)."""
    _require_definer(acting_user)
    template = ChecklistTemplate.objects.select_for_update().get(pk=item.template_id)
    item.delete()
    _renumber(template, list(template.items.all()))
    _touch(template, now)
