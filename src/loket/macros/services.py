"""Canned-answer use cases: render, apply (insert on a ticket), suggest, write.

Rendering picks the contact's language (then nl → fr → en → any) and the contact's
communication-profile variant (then the language's default text) and fills the
placeholders. Applying also sets the ticket fields the macro carries, through the ticket
services, in one transaction with the caller's version checked.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import User
from loket.core.errors import InvalidInput
from loket.directory.models import CommunicationProfile
from loket.macros.access import can_use_macros, can_write_macros
from loket.macros.models import LANGUAGES, Macro, MacroKind, MacroStatus, MacroText, MacroUse
from loket.macros.placeholders import PLACEHOLDERS, fill, unknown_placeholders, values_for
from loket.tickets.models import Category, Level, Ticket, TicketType

__all__ = [
    "RenderedMacro",
    "apply_macro",
    "create_macro",
    "macro_by_key",
    "pick_text",
    "render_macro",
    "set_text",
    "suggest_macros",
    "update_macro",
]

UPDATABLE = frozenset(
    {
        "key",
        "title_nl",
        "title_fr",
        "title_en",
        "kind",
        "categories",
        "is_active",
        "owner",
        "set_type",
        "set_category",
        "set_impact",
        "set_urgency",
        "set_status",
    }
)
MAX_BODY = 10_000


@dataclass(frozen=True)
class RenderedMacro:
    """A macro's text ready for the composer."""

    text: str  # placeholders filled, in ``language``
    language: str  # "nl" | "fr" | "en"
    kind: str  # "reply" (to the customer) | "note" (internal)
    fields: dict = field(default_factory=dict)  # ticket fields it sets, e.g. {"type": …}


def macro_by_key(key: str) -> Macro | None:
    """The active macro with this key, or None."""
    return Macro.objects.filter(key=key, is_active=True).first()


def _language_order(wanted: str | None) -> list[str]:
    order = [wanted] if wanted in LANGUAGES else []
    return [*order, *(code for code in LANGUAGES if code not in order)]


def pick_text(
    texts: Iterable[MacroText], *, language: str | None, profile: str | None
) -> MacroText | None:
    """The best text: the wanted language (then nl, fr, en, any), in it the profile's
    variant, then the default, then any variant of that language."""
    texts = [t for t in texts if t.body.strip()]
    for code in [*_language_order(language), *(t.language for t in texts)]:
        in_language = [t for t in texts if t.language == code]
        if not in_language:
            continue
        for wanted_profile in (profile or "", ""):
            for text in in_language:
                if text.profile == wanted_profile:
                    return text
        return in_language[0]
    return None


def _texts(macro: Macro) -> list[MacroText]:
    cache = getattr(macro, "_prefetched_objects_cache", {})
    if "texts" in cache:
        return list(macro.texts.all())
    return list(MacroText.objects.filter(macro=macro).order_by("language", "profile"))


def render_macro(
    macro: Macro, *, ticket: Ticket, acting_user: User, language: str | None = None
) -> RenderedMacro:
    """The macro's text for ``ticket``'s contact (their language and profile unless
    ``language`` is given), placeholders filled. Changes nothing."""
    contact = ticket.contact
    wanted = language or (contact.language if contact is not None else None) or "nl"
    profile = contact.profile if contact is not None else ""
    text = pick_text(_texts(macro), language=wanted, profile=profile)
    if text is None:
        raise InvalidInput(_("This canned answer has no text yet."), code="no_text")
    body = fill(text.body, values_for(ticket, acting_user, text.language))
    return RenderedMacro(
        text=body, language=text.language, kind=macro.kind, fields=macro.field_changes()
    )


@transaction.atomic
def apply_macro(
    ticket: Ticket,
    macro: Macro,
    *,
    acting_user: User,
    version: int | None,
    now: datetime | None = None,
) -> RenderedMacro:
    """Insert ``macro`` on ``ticket``: set the fields it carries (type, category, impact,
    urgency through ``update_ticket``, the status through ``change_status``), count the
    use, and return its text for the composer. ``version`` is checked even when the macro
    sets no field."""
    from loket.tickets import services as tickets

    if not can_use_macros(acting_user):
        raise PermissionDenied(_("Only staff use canned answers."))
    # The caller's copy may predate a change by its editor.
    macro = Macro.objects.select_related("set_category").get(pk=macro.pk)
    if not macro.is_active:
        raise InvalidInput(_("This canned answer is no longer in use."), code="inactive_macro")
    now = now or timezone.now()
    changes: dict[str, Any] = {}
    if macro.set_type:
        changes["type"] = macro.set_type
    if macro.set_category_id:
        changes["category"] = macro.set_category
    if macro.set_impact:
        changes["impact"] = macro.set_impact
    if macro.set_urgency:
        changes["urgency"] = macro.set_urgency
    # With no change, update_ticket only locks the ticket and checks the version.
    ticket = tickets.update_ticket(
        ticket, acting_user=acting_user, version=version, now=now, **changes
    )
    if macro.set_status and macro.set_status != ticket.status:
        ticket = tickets.change_status(
            ticket, to=macro.set_status, acting_user=acting_user, version=ticket.version, now=now
        )
    rendered = render_macro(macro, ticket=ticket, acting_user=acting_user)
    MacroUse.objects.create(
        macro=macro, ticket=ticket, used_by=acting_user, language=rendered.language, used_at=now
    )
    Macro.objects.filter(pk=macro.pk).update(use_count=F("use_count") + 1)
    return rendered


def suggest_macros(ticket: Ticket, limit: int = 5) -> list[Macro]:
    """Active macros for ``ticket``: those meant for its category (or a parent or
    grandparent of it) first, then the most used, then by key. One query, plus one for
    the texts (prefetched); each macro has ``fits`` (0: meant for the category)."""
    fits: Any = Value(1)
    if ticket.category_id is not None:
        category = ticket.category_id
        meant = Macro.categories.through.objects.filter(
            Q(category_id=category)
            | Q(category__children=category)
            | Q(category__children__children=category),
            macro_id=OuterRef("pk"),
        )
        fits = Case(When(Exists(meant), then=Value(0)), default=Value(1))
    return list(
        Macro.objects.filter(is_active=True)
        .annotate(fits=ExpressionWrapper(fits, output_field=IntegerField()))
        .prefetch_related("texts")
        .order_by("fits", "-use_count", "key")[: max(0, limit)]
    )


# Writing macros ---------------------------------------------------------------------


def _check_writer(user: User) -> None:
    if not can_write_macros(user):
        raise PermissionDenied(_("Only supervisors and administrators edit canned answers."))


def _clean(fields: dict, *, current: Macro | None = None) -> dict:
    """Validate the macro fields being set; returns them cleaned."""
    if "key" in fields:
        key = (fields["key"] or "").strip().lower()
        if not key:
            raise InvalidInput(_("A key is required."), code="key_required")
        if len(key) > 60 or not all(c.isascii() and (c.isalnum() or c in "-_") for c in key):
            raise InvalidInput(
                _("The key has at most 60 letters, digits, hyphens or underscores."),
                code="bad_key",
            )
        taken = Macro.objects.filter(key=key)
        if current is not None:
            taken = taken.exclude(pk=current.pk)
        if taken.exists():
            raise InvalidInput(_("Another canned answer has this key."), code="key_taken")
        fields["key"] = key
    for code in LANGUAGES:
        name = f"title_{code}"
        if name in fields:
            fields[name] = (fields[name] or "").strip()
            if len(fields[name]) > 120:
                raise InvalidInput(_("A title has at most 120 characters."), code="too_long")
    if "kind" in fields and fields["kind"] not in MacroKind.values:
        raise InvalidInput(_("A canned answer is a reply or a note."), code="bad_kind")
    if fields.get("set_type") and fields["set_type"] not in TicketType.values:
        raise InvalidInput(_("Unknown ticket type."), code="bad_type")
    if fields.get("set_status") and fields["set_status"] not in MacroStatus.values:
        raise InvalidInput(
            _("A canned answer can set the status to open or waiting only."), code="bad_status"
        )
    for name in ("set_impact", "set_urgency"):
        if fields.get(name) is not None and fields[name] not in Level.values:
            raise InvalidInput(_("Impact and urgency must be 1, 2 or 3."), code="invalid_level")
    category = fields.get("set_category")
    if category is not None and (not isinstance(category, Category) or not category.is_active):
        raise InvalidInput(_("This category is no longer in use."), code="inactive_category")
    for name in ("set_type", "set_status"):
        if name in fields:
            fields[name] = fields[name] or ""
    for name in ("set_impact", "set_urgency"):
        if name in fields:
            fields[name] = fields[name] or None
    return fields


def _check_title(macro: Macro) -> None:
    if not (macro.title_nl or macro.title_fr or macro.title_en):
        raise InvalidInput(_("Give the canned answer a title."), code="title_required")


@transaction.atomic
def create_macro(
    *,
    acting_user: User,
    key: str,
    title_nl: str = "",
    title_fr: str = "",
    title_en: str = "",
    kind: str = MacroKind.REPLY,
    categories: Iterable[Category] = (),
    is_active: bool = True,
    set_type: str = "",
    set_category: Category | None = None,
    set_impact: int | None = None,
    set_urgency: int | None = None,
    set_status: str = "",
    texts: dict[tuple[str, str], str] | None = None,
    now: datetime | None = None,
) -> Macro:
    """Create a canned answer; ``texts`` maps ``(language, profile)`` to a body."""
    _check_writer(acting_user)
    fields = _clean(
        {
            "key": key,
            "title_nl": title_nl,
            "title_fr": title_fr,
            "title_en": title_en,
            "kind": kind,
            "set_type": set_type,
            "set_category": set_category,
            "set_impact": set_impact,
            "set_urgency": set_urgency,
            "set_status": set_status,
        }
    )
    now = now or timezone.now()
    macro = Macro(
        **fields,
        is_active=bool(is_active),
        owner=acting_user,
        created_at=now,
        updated_at=now,
    )
    _check_title(macro)
    macro.save()
    macro.categories.set(list(categories))
    for (language, profile), body in (texts or {}).items():
        set_text(
            macro, acting_user=acting_user, language=language, profile=profile, body=body, now=now
        )
    return macro


@transaction.atomic
def update_macro(
    macro: Macro, *, acting_user: User, now: datetime | None = None, **fields: Any
) -> Macro:
    """Change a canned answer's key, titles, kind, categories, activity or the fields it
    sets. Its texts change with :func:`set_text`."""
    _check_writer(acting_user)
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))},
            code="bad_field",
        )
    macro = Macro.objects.select_for_update().get(pk=macro.pk)
    categories = fields.pop("categories", None)
    fields = _clean(fields, current=macro)
    for name, value in fields.items():
        setattr(macro, name, value)
    _check_title(macro)
    macro.updated_at = now or timezone.now()
    macro.save(update_fields=[*fields, "updated_at"])
    if categories is not None:
        macro.categories.set(list(categories))
    return macro


@transaction.atomic
def set_text(
    macro: Macro,
    *,
    acting_user: User,
    language: str,
    profile: str = "",
    body: str,
    now: datetime | None = None,
) -> MacroText | None:
    """Write the macro's text for ``language`` and ``profile`` ("" = default); an empty
    body removes that variant. Unknown placeholders are refused."""
    _check_writer(acting_user)
    if language not in LANGUAGES:
        raise InvalidInput(_("Texts are written in Dutch, French or English."), code="bad_language")
    profile = profile or ""
    if profile and profile not in CommunicationProfile.values:
        raise InvalidInput(_("Unknown communication profile."), code="bad_profile")
    body = (body or "").strip()
    if len(body) > MAX_BODY:
        raise InvalidInput(
            _("A text has at most %(max)s characters.") % {"max": MAX_BODY}, code="too_long"
        )
    unknown = unknown_placeholders(body)
    if unknown:
        raise InvalidInput(
            _("Unknown placeholder(s): %(unknown)s. You can use: %(valid)s.")
            % {
                "unknown": ", ".join("{" + name + "}" for name in unknown),
                "valid": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
            },
            code="unknown_placeholder",
        )
    now = now or timezone.now()
    Macro.objects.filter(pk=macro.pk).update(updated_at=now)
    if not body:
        MacroText.objects.filter(macro=macro, language=language, profile=profile).delete()
        return None
    text, _created = MacroText.objects.update_or_create(
        macro=macro,
        language=language,
        profile=profile,
        defaults={"body": body, "updated_at": now},
    )
    return text
