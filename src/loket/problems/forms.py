"""Forms of the known-problem pages: they parse and validate input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import User
from loket.directory.access import visible_organisations
from loket.problems.models import ProblemStatus
from loket.tickets.forms import CategoryChoiceField, PlainLabelsForm, active_categories
from loket.tickets.models import Category

ACTIVE = "active"
ANY = "any"
MAX_LINKED = 500


class CategoriesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.path


class ProblemForm(PlainLabelsForm):
    """What is known of a problem, its public notice, and (from a cluster of frequent
    problems) the tickets to link once it is created."""

    title = forms.CharField(label=_("Title"), max_length=200)
    symptoms = forms.CharField(
        label=_("Symptoms"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What users notice; agents and search recognise the problem by this."),
    )
    cause = forms.CharField(
        label=_("Cause"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    workaround = forms.CharField(
        label=_("Workaround"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (ProblemStatus.INVESTIGATING, ProblemStatus.INVESTIGATING.label),
            (ProblemStatus.KNOWN_ERROR, ProblemStatus.KNOWN_ERROR.label),
        ],
    )
    categories = CategoriesField(
        label=_("Affected categories"),
        required=False,
        queryset=Category.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    affected_services = forms.CharField(
        label=_("Affected services"),
        required=False,
        max_length=300,
        help_text=_("e.g. VPN, e-mail"),
    )
    public_notice = forms.BooleanField(
        label=_("Show a public notice (known outage) while the problem is active"),
        required=False,
    )
    notice_nl = forms.CharField(
        label=_("Notice (Dutch)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notice_fr = forms.CharField(
        label=_("Notice (French)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notice_en = forms.CharField(
        label=_("Notice (English)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    link_tickets = forms.CharField(required=False, widget=forms.HiddenInput, max_length=10_000)

    def __init__(self, *args, resolved: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = active_categories()
        if resolved:
            # A resolved problem keeps its status unless someone reopens it on purpose.
            self.fields["status"].choices = [
                (ProblemStatus.RESOLVED, ProblemStatus.RESOLVED.label),
                *self.fields["status"].choices,
            ]

    def clean_link_tickets(self) -> list[int]:
        raw = self.cleaned_data.get("link_tickets") or ""
        ids = []
        for part in raw.split(","):
            part = part.strip()
            if part.isdigit():
                ids.append(int(part))
        return ids[:MAX_LINKED]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "symptoms": data["symptoms"],
            "cause": data["cause"],
            "workaround": data["workaround"],
            "status": data["status"],
            "categories": list(data["categories"]),
            "affected_services": data["affected_services"],
            "public_notice": data["public_notice"],
            "notices": {lang: data[f"notice_{lang}"] for lang in ("nl", "fr", "en")},
        }


class ResolveForm(PlainLabelsForm):
    resolution = forms.CharField(
        label=_("Resolution"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Customers read this text in the message they receive."),
    )
    resolve_tickets = forms.BooleanField(
        label=_("Resolve the linked open tickets"), required=False, initial=True
    )
    notify = forms.BooleanField(
        label=_("Tell their customers the problem is solved"), required=False, initial=True
    )


class LinkForm(forms.Form):
    ticket = forms.CharField(max_length=20)
    problem = forms.IntegerField(required=False, min_value=1)


class ProblemFilterForm(forms.Form):
    """The list's filter. Invalid values are dropped, never an error page."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(ACTIVE, _("Active")), *ProblemStatus.choices, (ANY, _("Any status"))],
    )

    def value(self) -> str:
        data = getattr(self, "cleaned_data", {})
        return data.get("status") or ACTIVE


class FrequentFilterForm(forms.Form):
    PERIODS = [(7, _("Last 7 days")), (30, _("Last 30 days")), (90, _("Last 90 days"))]

    days = forms.TypedChoiceField(
        label=_("Period"),
        required=False,
        coerce=int,
        choices=PERIODS,
        empty_value=30,
        initial=30,
    )
    category = CategoryChoiceField(
        label=_("Category"), required=False, queryset=None, empty_label=_("Any")
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=None, empty_label=_("Any")
    )
    min_size = forms.TypedChoiceField(
        label=_("At least"),
        required=False,
        coerce=int,
        empty_value=3,
        initial=3,
        choices=[(n, n) for n in (2, 3, 5, 10)],
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()
        self.fields["organisation"].queryset = visible_organisations(user).only("id", "name")

    def values(self) -> dict:
        """The valid filters; an invalid one falls back to its default."""
        data = getattr(self, "cleaned_data", {})
        return {
            "days": data.get("days") or 30,
            "min_size": data.get("min_size") or 3,
            "category": data.get("category"),
            "organisation": data.get("organisation"),
        }
