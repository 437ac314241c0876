"""Forms of the customer portal: they parse input; services decide the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import Language
from loket.tickets.forms import CategoryChoiceField, MultipleFileField, PlainLabelsForm
from loket.tickets.models import Category

MAX_FILES = 5


class FilesField(MultipleFileField):
    def clean(self, data, initial=None):
        files = super().clean(data, initial)
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Attach at most %(count)s files.") % {"count": MAX_FILES}, code="too_many"
            )
        return files


class MagicLinkForm(PlainLabelsForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the help articles"), required=False, max_length=200)
    category = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)

    def value(self, name: str, default=None):
        data = getattr(self, "cleaned_data", {})
        return data.get(name) or default


class NewTicketForm(PlainLabelsForm):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("In a few words: what does not work?"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=50_000,
        help_text=_("What happens, since when, and what you already tried."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    category = CategoryChoiceField(
        label=_("Category (optional)"),
        required=False,
        queryset=None,
        empty_label=_("I don't know"),
    )
    attachments = FilesField(
        label=_("Attach files (optional)"),
        required=False,
        help_text=_("Screenshots or documents, at most 5 files."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True).select_related(
            "parent__parent"
        )


class ReplyForm(PlainLabelsForm):
    body = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = FilesField(label=_("Attach files (optional)"), required=False)


class CloseForm(PlainLabelsForm):
    reason = forms.CharField(
        label=_("Why do you close it? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lang = forms.ChoiceField(choices=Language.choices, required=False)


class DeflectionForm(forms.Form):
    article = forms.IntegerField(min_value=1)
    query = forms.CharField(required=False, max_length=2000)
