"""The checklist template pages: every staff member browses them; supervisors and
administrators create and edit templates and their items (add, edit, reorder, remove)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.checklists import definitions, forms
from loket.checklists.access import (
    can_define_checklists,
    can_use_checklists,
    template_for,
    visible_templates,
)
from loket.checklists.models import ChecklistTemplate, TemplateItem
from loket.core.errors import ServiceError
from loket.core.pages import allowed_if, render_page

staff_required = allowed_if(can_use_checklists)
definer_required = allowed_if(can_define_checklists)
NAV = "checklists"


@require_GET
@staff_required
def index(request):
    templates = (
        visible_templates(request.user)
        .annotate(item_count=Count("items", distinct=True))
        .prefetch_related("categories__parent")
        .order_by("-is_active", "title_nl", "title_en", "pk")
    )
    context = {
        "active_nav": NAV,
        "templates": templates,
        "can_define": can_define_checklists(request.user),
    }
    return render_page(request, "checklists/index.html", context)


def _detail_context(request, template: ChecklistTemplate, **extra) -> dict:
    return {
        "active_nav": NAV,
        "template": template,
        "items": list(template.items.all()),
        "categories": list(template.categories.select_related("parent")),
        "can_define": can_define_checklists(request.user),
        "item_form": extra.pop("item_form", None) or forms.ItemForm(),
        **extra,
    }


@require_GET
@staff_required
def detail(request, pk: int):
    template = template_for(request.user, pk)
    return render_page(request, "checklists/detail.html", _detail_context(request, template))


def _template_form_page(request, template: ChecklistTemplate | None):
    initial = {"is_active": True}
    if template is not None:
        initial = {
            **{
                f: getattr(template, f) for f in forms.TemplateForm.base_fields if f != "categories"
            },
            "categories": list(template.categories.values_list("pk", flat=True)),
        }
    form = forms.TemplateForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                if template is None:
                    template = definitions.create_template(
                        acting_user=request.user, **form.service_fields()
                    )
                else:
                    definitions.update_template(
                        template, acting_user=request.user, **form.service_fields()
                    )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The checklist was saved."))
                return redirect("checklists:detail", pk=template.pk)
    context = {"active_nav": NAV, "form": form, "template": template}
    return render_page(request, "checklists/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@definer_required
def create(request):
    return _template_form_page(request, None)


@require_http_methods(["GET", "POST"])
@definer_required
def edit(request, pk: int):
    return _template_form_page(request, template_for(request.user, pk, write=True))


def _item_of(template: ChecklistTemplate, item_id: int) -> TemplateItem:
    item = template.items.filter(pk=item_id).first()
    if item is None:
        raise Http404("No such item")
    return item


def _items_answer(request, template, *, done="", error="", status=200, item_form=None):
    """The items list again (htmx) or the template page (plain POST)."""
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif done:
            messages.success(request, done)
        return redirect("checklists:detail", pk=template.pk)
    context = _detail_context(request, template, done=done, error=error, item_form=item_form)
    return render_page(request, "checklists/detail.html", context, fragment="items", status=status)


@require_POST
@definer_required
def add_item(request, pk: int):
    template = template_for(request.user, pk, write=True)
    form = forms.ItemForm(request.POST)
    if form.is_valid():
        try:
            definitions.add_item(template, acting_user=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            return _items_answer(request, template, done=_("The item was added."))
    if not request.htmx:
        context = _detail_context(request, template, item_form=form)
        return render_page(request, "checklists/detail.html", context, status=422)
    return _items_answer(request, template, status=422, item_form=form)


@require_http_methods(["GET", "POST"])
@definer_required
def edit_item(request, pk: int, item_id: int):
    template = template_for(request.user, pk, write=True)
    item = _item_of(template, item_id)
    initial = {name: getattr(item, name) for name in forms.ItemForm.base_fields}
    form = forms.ItemForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                definitions.update_item(item, acting_user=request.user, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The item was saved."))
                return redirect("checklists:detail", pk=template.pk)
    context = {"active_nav": NAV, "form": form, "template": template, "item": item}
    return render_page(request, "checklists/item_form.html", context, status=status)


@require_POST
@definer_required
def move_item(request, pk: int, item_id: int):
    template = template_for(request.user, pk, write=True)
    item = _item_of(template, item_id)
    up = request.POST.get("direction") != "down"
    try:
        definitions.move_item(item, up=up, acting_user=request.user)
    except (ServiceError, PermissionDenied) as exc:
        return _items_answer(request, template, error=str(exc), status=422)
    return _items_answer(request, template, done=_("The item was moved."))


@require_POST
@definer_required
def remove_item(request, pk: int, item_id: int):
    template = template_for(request.user, pk, write=True)
    item = _item_of(template, item_id)
    try:
        definitions.remove_item(item, acting_user=request.user)
    except (ServiceError, PermissionDenied) as exc:
        return _items_answer(request, template, error=str(exc), status=422)
    return _items_answer(request, template, done=_("The item was removed."))
