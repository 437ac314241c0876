"""Forms of the canned-answer pages: they parse input; services decide the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import Language
from loket.directory.models import CommunicationProfile
from loket.macros.models import MacroKind, MacroStatus
from loket.tickets.forms import CategoryChoiceField, active_categories
from loket.tickets.models import Level, TicketType

PROFILE_CHOICES = [("", _("Default (every profile)")), *CommunicationProfile.choices]


class CategoriesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.path


class MacroFilterForm(forms.Form):
    """The filters of the list. Invalid values are dropped, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    language = forms.ChoiceField(
        label=_("Has a text in"), required=False, choices=[("", _("Any")), *Language.choices]
    )
    category = CategoryChoiceField(
        label=_("Category"), required=False, queryset=None, empty_label=_("Any")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()

    def values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": (data.get("q") or "").strip(),
            "language": data.get("language") or "",
            "category": data.get("category"),
        }


class MacroForm(forms.Form):
    key = forms.SlugField(
        label=_("Key"),
        max_length=60,
        help_text=_("Lower-case letters, digits and hyphens; others refer to it."),
    )
    title_nl = forms.CharField(label=_("Title (Dutch)"), max_length=120, required=False)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=120, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=MacroKind.choices, initial=MacroKind.REPLY)
    categories = CategoriesField(
        label=_("Suggested for categories"),
        queryset=None,
        required=False,
        help_text=_("Shown first on tickets of these categories (and their subcategories)."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    set_type = forms.ChoiceField(
        label=_("Sets the type"),
        required=False,
        choices=[("", _("Leave as is")), *TicketType.choices],
    )
    set_category = CategoryChoiceField(
        label=_("Sets the category"), required=False, queryset=None, empty_label=_("Leave as is")
    )
    set_impact = forms.TypedChoiceField(
        label=_("Sets the impact"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Leave as is")), *Level.choices],
    )
    set_urgency = forms.TypedChoiceField(
        label=_("Sets the urgency"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Leave as is")), *Level.choices],
    )
    set_status = forms.ChoiceField(
        label=_("Sets the status"),
        required=False,
        choices=[("", _("Leave as is")), *MacroStatus.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = active_categories()
        self.fields["set_category"].queryset = active_categories()

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)


class TextForm(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=10_000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Leave empty and save to remove this text."),
    )
    preview_ticket = forms.CharField(
        label=_("Preview for ticket"),
        required=False,
        max_length=16,
        help_text=_("A ticket number, e.g. 2026-000123; empty: sample values."),
    )


class PreviewForm(forms.Form):
    body = forms.CharField(required=False, max_length=10_000, strip=False)
    language = forms.ChoiceField(choices=Language.choices)
    preview_ticket = forms.CharField(required=False, max_length=16)
