"""Forms of the knowledge base: they parse input; the services decide the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import STAFF_ROLES, Language, User
from loket.knowledge.models import ArticleStatus, ArticleType, Audience
from loket.tickets.forms import CategoryChoiceField, active_categories

LANGUAGES = [code for code, _label in Language.choices]
TEXT_FIELDS = ("title", "summary", "body")


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class ArticleForm(forms.Form):
    """An article: one fieldset per language (title, summary, text), then its fields."""

    type = forms.ChoiceField(label=_("Type"), choices=ArticleType.choices)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    category = CategoryChoiceField(
        label=_("Category"), required=False, queryset=None, empty_label="—"
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. printer, toner."),
    )
    reviewers = ReviewerChoiceField(
        label=_("Reviewers"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Besides supervisors and administrators, these people may publish it."),
    )
    note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=200,
        help_text=_("Kept with the new version when you change a published article."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title"), required=False, max_length=200
            )
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("Summary"),
                required=False,
                max_length=300,
                help_text=_("One or two sentences; sent to customers with the link."),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (Markdown)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 14}),
            )
        self.fields["category"].queryset = active_categories()
        self.fields["reviewers"].queryset = User.objects.filter(
            is_active=True, role__in=STAFF_ROLES
        ).order_by("first_name", "last_name", "username")

    @classmethod
    def initial_for(cls, article) -> dict:
        initial = {
            "type": article.type,
            "audience": article.audience,
            "category": article.category_id,
            "tags": ", ".join(article.tags.values_list("name", flat=True)),
            "reviewers": list(article.reviewers.values_list("pk", flat=True)),
        }
        for t in article.translations.all():
            for name in TEXT_FIELDS:
                initial[f"{name}_{t.language}"] = getattr(t, name)
        return initial

    def languages(self):
        """(code, label, [bound fields]) per language, for the template's fieldsets."""
        return [
            (code, label, [self[f"{name}_{code}"] for name in TEXT_FIELDS])
            for code, label in Language.choices
        ]

    def clean(self):
        data = super().clean()
        filled = 0
        for code in LANGUAGES:
            title, body = data.get(f"title_{code}", ""), data.get(f"body_{code}", "")
            if title or body or data.get(f"summary_{code}"):
                filled += 1
                if not title:
                    self.add_error(f"title_{code}", _("A translation needs a title."))
                if not body:
                    self.add_error(f"body_{code}", _("A translation needs a text."))
        if not filled:
            raise forms.ValidationError(
                _("Write the article in at least one language: a title and a text.")
            )
        return data

    def translations(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            code: {name: data.get(f"{name}_{code}", "") for name in TEXT_FIELDS}
            for code in LANGUAGES
        }

    def tag_names(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]


class FilterForm(forms.Form):
    """The knowledge base's search and filters. Invalid values are dropped."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *ArticleStatus.choices]
    )
    audience = forms.ChoiceField(
        label=_("Audience"), required=False, choices=[("", _("Any")), *Audience.choices]
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any")), *ArticleType.choices]
    )
    category = CategoryChoiceField(
        label=_("Category"), required=False, queryset=None, empty_label=_("Any")
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any")), *Language.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()

    def value(self, name: str, default=None):
        data = getattr(self, "cleaned_data", {})
        return data.get(name) or default


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class PublishForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("What needs updating?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class RequestArticleForm(forms.Form):
    reason = forms.CharField(label=_("Why is an article needed?"), required=False, max_length=300)
