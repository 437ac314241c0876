"""The canned-answer pages: list, read, create/edit, texts with a live preview, and the
insert action of the ticket composer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.core.errors import ServiceError, VersionConflict
from loket.core.pages import allowed_if, render_page
from loket.directory.models import CommunicationProfile
from loket.macros import forms, services
from loket.macros.access import can_use_macros, can_write_macros, macro_for, visible_macros
from loket.macros.models import LANGUAGES, Macro
from loket.macros.placeholders import PLACEHOLDERS, fill, sample_values, unknown_placeholders
from loket.macros.placeholders import values_for as placeholder_values
from loket.tickets.access import ticket_for

staff_required = allowed_if(can_use_macros)
writer_required = allowed_if(can_write_macros)
DEFAULT_PROFILE = "default"  # the URL's name for the default text ("" profile)


@require_GET
@staff_required
def index(request):
    form = forms.MacroFilterForm(request.GET or None)
    filters = form.values()
    macros = visible_macros(request.user)
    if filters["q"]:
        q = filters["q"]
        macros = macros.filter(
            Q(key__icontains=q)
            | Q(title_nl__icontains=q)
            | Q(title_fr__icontains=q)
            | Q(title_en__icontains=q)
            | Q(texts__body__icontains=q)
        )
    if filters["language"]:
        macros = macros.filter(texts__language=filters["language"])
    if filters["category"] is not None:
        macros = macros.filter(categories=filters["category"])
    macros = (
        macros.distinct()
        .prefetch_related("texts", "categories__parent__parent")
        .order_by("-is_active", "key")[:300]
    )
    context = {
        "active_nav": "macros",
        "form": form,
        "macros": [_with_variants(m) for m in macros],
        "can_write": can_write_macros(request.user),
    }
    return render_page(request, "macros/index.html", context, fragment="results")


def _with_variants(macro: Macro) -> Macro:
    """Give ``macro`` ``languages`` (codes with a text) and ``variants`` (the profiles)."""
    texts = list(macro.texts.all())
    macro.languages = [code for code in LANGUAGES if any(t.language == code for t in texts)]
    labels = dict(CommunicationProfile.choices)
    profiles = {t.profile for t in texts if t.profile}
    macro.variant_profiles = [labels[p] for p in labels if p in profiles]
    return macro


def _grid(macro: Macro) -> list[dict]:
    """One row per language, one cell per profile (default first), with the text if any."""
    texts = {(t.language, t.profile): t for t in macro.texts.all()}
    profiles = [("", _("Default")), *CommunicationProfile.choices]
    return [
        {
            "language": code,
            "cells": [
                {
                    "profile": profile,
                    "slug": profile or DEFAULT_PROFILE,
                    "label": label,
                    "text": texts.get((code, profile)),
                }
                for profile, label in profiles
            ],
        }
        for code in LANGUAGES
    ]


def _preview(user, *, body: str, language: str, number: str) -> dict:
    """The preview of ``body`` for the ticket ``number`` (one the user may see) or sample
    values, with the unknown placeholders named."""
    ticket = None
    error = ""
    if number:
        try:
            ticket = ticket_for(user, number.strip())
        except (Http404, PermissionDenied):
            error = _("There is no ticket %(number)s you can see; sample values are used.") % {
                "number": number
            }
    values = placeholder_values(ticket, user, language) if ticket else sample_values(language)
    if ticket is None:
        values["agent_name"] = user.get_full_name() or user.username
        values["agent_first_name"] = user.first_name or values["agent_name"]
    return {
        "preview_text": fill(body, values),
        "preview_unknown": unknown_placeholders(body),
        "preview_ticket": ticket,
        "preview_error": error,
        "preview_language": language,
    }


@require_GET
@staff_required
def detail(request, pk: int):
    macro = macro_for(request.user, pk)
    macro = Macro.objects.prefetch_related("texts", "categories__parent__parent").get(pk=macro.pk)
    context = {
        "active_nav": "macros",
        "macro": macro,
        "grid": _grid(macro),
        "fields": _field_labels(macro),
        "can_write": can_write_macros(request.user),
    }
    number = request.GET.get("ticket", "")[:16].strip()
    if number:
        context.update(_ticket_preview(request.user, macro, number, request.GET.get("language")))
    return render_page(request, "macros/detail.html", context, fragment="preview")


def _ticket_preview(user, macro: Macro, number: str, language: str | None) -> dict:
    try:
        ticket = ticket_for(user, number)
    except (Http404, PermissionDenied):
        return {
            "preview_number": number,
            "preview_error": _("There is no ticket %(number)s you can see.") % {"number": number},
        }
    try:
        rendered = services.render_macro(
            macro,
            ticket=ticket,
            acting_user=user,
            language=language if language in LANGUAGES else None,
        )
    except ServiceError as exc:
        return {"preview_number": number, "preview_error": exc.message}
    return {"preview_number": number, "preview_ticket": ticket, "rendered": rendered}


def _field_labels(macro: Macro) -> list[tuple[str, str]]:
    """What the macro sets, as (field label, value label) pairs for the reader."""
    shown = []
    if macro.set_type:
        shown.append((_("Type"), macro.get_set_type_display()))
    if macro.set_category_id:
        shown.append((_("Category"), macro.set_category.path))
    if macro.set_impact:
        shown.append((_("Impact"), macro.get_set_impact_display()))
    if macro.set_urgency:
        shown.append((_("Urgency"), macro.get_set_urgency_display()))
    if macro.set_status:
        shown.append((_("Status"), macro.get_set_status_display()))
    return shown


def _save_macro(request, form, macro: Macro | None):
    """Create or update from a valid ``form``; the saved macro, or None with the error on
    the form."""
    try:
        if macro is None:
            return services.create_macro(acting_user=request.user, **form.service_fields())
        return services.update_macro(macro, acting_user=request.user, **form.service_fields())
    except ServiceError as exc:
        form.add_error(None, exc.message)
        return None


@require_http_methods(["GET", "POST"])
@writer_required
def create(request):
    form = forms.MacroForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            macro = _save_macro(request, form, None)
            if macro is not None:
                messages.success(request, _("The canned answer was created; now write its texts."))
                return redirect("macros:detail", pk=macro.pk)
    context = {"active_nav": "macros", "form": form, "macro": None}
    return render_page(request, "macros/form.html", context, status=status)


def _initial(macro: Macro) -> dict:
    return {
        "key": macro.key,
        "title_nl": macro.title_nl,
        "title_fr": macro.title_fr,
        "title_en": macro.title_en,
        "kind": macro.kind,
        "categories": list(macro.categories.values_list("pk", flat=True)),
        "is_active": macro.is_active,
        "set_type": macro.set_type,
        "set_category": macro.set_category_id,
        "set_impact": macro.set_impact,
        "set_urgency": macro.set_urgency,
        "set_status": macro.set_status,
    }


@require_http_methods(["GET", "POST"])
@writer_required
def edit(request, pk: int):
    macro = macro_for(request.user, pk, write=True)
    form = forms.MacroForm(request.POST or None, initial=_initial(macro))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and _save_macro(request, form, macro) is not None:
            messages.success(request, _("The canned answer was saved."))
            return redirect("macros:detail", pk=macro.pk)
    context = {"active_nav": "macros", "form": form, "macro": macro}
    return render_page(request, "macros/form.html", context, status=status)


def _profile_from_slug(slug: str) -> str:
    if slug == DEFAULT_PROFILE:
        return ""
    if slug in CommunicationProfile.values:
        return slug
    raise Http404("No such profile")


@require_http_methods(["GET", "POST"])
@writer_required
def text(request, pk: int, language: str, profile: str):
    macro = macro_for(request.user, pk, write=True)
    if language not in LANGUAGES:
        raise Http404("No such language")
    profile_value = _profile_from_slug(profile)
    current = macro.texts.filter(language=language, profile=profile_value).first()
    form = forms.TextForm(request.POST or None, initial={"body": current.body if current else ""})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and "preview" not in request.POST:
            try:
                saved = services.set_text(
                    macro,
                    acting_user=request.user,
                    language=language,
                    profile=profile_value,
                    body=form.cleaned_data["body"],
                )
            except ServiceError as exc:
                form.add_error("body", exc.message)
            else:
                messages.success(
                    request,
                    _("The text was saved.") if saved else _("The text was removed."),
                )
                return redirect("macros:detail", pk=macro.pk)
        elif form.is_valid():
            status = 200
    body = form["body"].value() or ""
    number = (form["preview_ticket"].value() or "").strip()
    context = {
        "active_nav": "macros",
        "macro": macro,
        "form": form,
        "language": language,
        "profile": profile_value,
        "profile_label": dict(forms.PROFILE_CHOICES)[profile_value],
        "profile_slug": profile,
        "placeholders": PLACEHOLDERS,
        **_preview(request.user, body=body, language=language, number=number),
    }
    return render_page(request, "macros/text.html", context, status=status)


@require_POST
@writer_required
def preview(request):
    """The live preview of a text being written (htmx fragment)."""
    form = forms.PreviewForm(request.POST)
    if not form.is_valid():
        return render_page(
            request,
            "macros/text.html#preview",
            {"preview_error": _("Nothing to preview.")},
            status=422,
        )
    data = form.cleaned_data
    context = _preview(
        request.user,
        body=data["body"],
        language=data["language"],
        number=data["preview_ticket"],
    )
    return render_page(request, "macros/text.html#preview", context)


@require_POST
@staff_required
def insert(request, number: str):
    """Insert a canned answer in the ticket composer: apply its fields (version checked)
    and answer the ticket page with the composer filled in the contact's language."""
    from loket.tickets.views.ticket import render_ticket

    ticket = ticket_for(request.user, number, write=True)
    # A quick button sends "macro"; the list's Insert button sends the chosen "macro_pick".
    chosen = request.POST.get("macro") or request.POST.get("macro_pick", "")
    if not chosen:
        return render_ticket(request, ticket, error=_("Choose a canned answer."), status=422)
    macro = macro_for(request.user, chosen)
    version = _version(request.POST.get("version"))
    typed = (request.POST.get("body") or "").strip()
    try:
        rendered = services.apply_macro(ticket, macro, acting_user=request.user, version=version)
    except VersionConflict:
        ticket = ticket_for(request.user, number)
        error = _(
            "Someone else changed this ticket meanwhile; their change is shown. "
            "Insert the canned answer again if it still fits."
        )
        composer = {"body": typed} if typed else None
        return render_ticket(request, ticket, error=error, status=409, composer=composer)
    except ServiceError as exc:
        composer = {"body": typed} if typed else None
        return render_ticket(request, ticket, error=exc.message, status=422, composer=composer)
    ticket = ticket_for(request.user, number)
    body = f"{typed}\n\n{rendered.text}" if typed else rendered.text
    done = _("“%(title)s” is in the message box in %(language)s: check it and add it.") % {
        "title": macro.title(),
        "language": rendered.language.upper(),
    }
    if rendered.fields:
        done = "{} {}".format(done, _("The ticket's fields it sets were changed."))
    return render_ticket(request, ticket, done=done, composer={"kind": rendered.kind, "body": body})


def _version(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
