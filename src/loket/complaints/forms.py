"""Forms of the complaint panel on the ticket page and of the counts page."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.complaints import counts
from loket.complaints.models import (
    NOTE_MAX,
    OUTCOME_MAX,
    PARAPHRASE_MAX,
    ComplaintStatus,
    ComplaintSubject,
    Satisfaction,
)
from loket.directory.models import Organisation
from loket.sla.forms import EARLIEST, LATEST, MAX_DAYS, DateInput, default_range, today
from loket.tickets.models import Category


class PlainForm(forms.Form):
    """Labels without a trailing colon: they sit above their fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RegisterForm(PlainForm):
    paraphrase = forms.CharField(
        label=_("The complaint in your own words"),
        max_length=PARAPHRASE_MAX,
        widget=forms.Textarea(
            attrs={"rows": 3, "maxlength": PARAPHRASE_MAX, "data-counter": PARAPHRASE_MAX}
        ),
    )
    paraphrase_confirmed = forms.BooleanField(
        label=_("The customer confirmed this summary"),
        required=False,
    )
    desired_outcome = forms.CharField(
        label=_("What the customer would like"),
        max_length=OUTCOME_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": OUTCOME_MAX}),
    )
    subject = forms.ChoiceField(
        label=_("About"),
        required=False,
        choices=[("", _("(not said)")), *ComplaintSubject.choices],
    )

    def __init__(self, *args, **kwargs):
        # Errors name the field for the user; the service gives the same messages.
        kwargs.setdefault("auto_id", "complaint-%s")
        super().__init__(*args, **kwargs)


class AnswerForm(PlainForm):
    outcome = forms.CharField(
        label=_("What was done about it"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "complaint-answer-%s")
        super().__init__(*args, **kwargs)


class FollowUpForm(PlainForm):
    satisfied = forms.ChoiceField(
        label=_("Is the customer satisfied with the answer?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        help_text=_("Required when the customer is not satisfied: what do they still expect?"),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "complaint-followup-%s")
        super().__init__(*args, **kwargs)


class DeadlineForm(PlainForm):
    due_at = forms.DateTimeField(
        label=_("Answer due"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    reason = forms.CharField(label=_("Why"), required=False, max_length=NOTE_MAX)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "complaint-deadline-%s")
        super().__init__(*args, **kwargs)


STATUS_CHOICES = [
    ("", _("All statuses")),
    (counts.UNFINISHED, _("Not yet followed up")),
    *ComplaintStatus.choices,
]


class CountsForm(PlainForm):
    """Period, date range, organisation, category and status. Every field may be left
    out: the default is per month over the last three months."""

    period = forms.ChoiceField(label=_("Per"), choices=counts.PERIODS)
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), widget=DateInput())
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("All organisations"),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        required=False,
        queryset=Category.objects.select_related("parent"),
        empty_label=_("All categories"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def __init__(self, data):
        start, end = default_range(today())
        filled = {"period": counts.MONTH, "start": start.isoformat(), "end": end.isoformat()}
        filled.update({name: value for name, value in data.items() if value != ""})
        super().__init__(filled)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end = data["start"], data["end"]
        check_range(start, end)
        return data


def check_range(start: date, end: date) -> None:
    if not (EARLIEST <= start <= LATEST and EARLIEST <= end <= LATEST):
        raise forms.ValidationError(
            _("Choose dates between %(earliest)s and %(latest)s."),
            code="out_of_range",
            params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )
    if start > end:
        raise forms.ValidationError(
            _("The start date must be on or before the end date."), code="reversed"
        )
    if (end - start).days > MAX_DAYS:
        raise forms.ValidationError(_("Choose a range of at most three years."), code="too_long")
