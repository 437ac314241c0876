"""Forms of the checklist pages and panel: they parse and validate input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.checklists.models import ItemState
from loket.problems.forms import CategoriesField
from loket.tickets.forms import PlainLabelsForm, active_categories
from loket.tickets.models import Category, TicketType


def _text(label, *, max_length=200, rows=0, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(
        label=label, required=False, max_length=max_length, widget=widget, help_text=help_text
    )


class TemplateForm(PlainLabelsForm):
    """A template's titles, descriptions and the tickets it is for."""

    title_nl = _text(_("Title (Dutch)"))
    title_fr = _text(_("Title (French)"))
    title_en = _text(_("Title (English)"))
    description_nl = _text(_("Description (Dutch)"), max_length=20_000, rows=2)
    description_fr = _text(_("Description (French)"), max_length=20_000, rows=2)
    description_en = _text(_("Description (English)"), max_length=20_000, rows=2)
    categories = CategoriesField(
        label=_("For categories"),
        required=False,
        queryset=Category.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Subcategories included. Empty: any category."),
    )
    ticket_types = forms.MultipleChoiceField(
        label=_("For ticket types"),
        required=False,
        choices=TicketType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any type."),
    )
    required = forms.BooleanField(
        label=_("Required: matching tickets cannot be resolved until it is complete"),
        required=False,
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = active_categories()

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["categories"] = list(data["categories"])
        data["ticket_types"] = list(data["ticket_types"])
        return data


class ItemForm(PlainLabelsForm):
    text_nl = _text(_("What to check (Dutch)"), max_length=300)
    text_fr = _text(_("What to check (French)"), max_length=300)
    text_en = _text(_("What to check (English)"), max_length=300)
    help_nl = _text(_("Help (Dutch)"), max_length=20_000, rows=2)
    help_fr = _text(_("Help (French)"), max_length=20_000, rows=2)
    help_en = _text(_("Help (English)"), max_length=20_000, rows=2)
    result_nl = _text(
        _("Required result (Dutch)"),
        max_length=100,
        help_text=_("e.g. “serial number”; empty when no result is needed"),
    )
    result_fr = _text(_("Required result (French)"), max_length=100)
    result_en = _text(_("Required result (English)"), max_length=100)


class TickForm(forms.Form):
    state = forms.ChoiceField(choices=ItemState.choices)
    result = forms.CharField(required=False, max_length=500)
    version = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class AddForm(forms.Form):
    template = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class StartForm(forms.Form):
    """Tick an item of a required checklist that is not on the ticket yet."""

    template = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    position = forms.IntegerField(min_value=1, max_value=10_000)
    state = forms.ChoiceField(choices=ItemState.choices)
    result = forms.CharField(required=False, max_length=500)
