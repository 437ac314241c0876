"""The filters of the SLA compliance report."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import User
from loket.sla.access import report_teams
from loket.sla.reports import MONTH, PERIODS, desk_time_zone
from loket.tickets.models import Priority

# Beyond this a weekly report grows unreadable and the query pointlessly long.
MAX_DAYS = 3 * 366
EARLIEST = date(1970, 1, 1)
LATEST = date(2999, 12, 31)


def today() -> date:
    return timezone.localdate(timezone=desk_time_zone())


def default_range(until: date) -> tuple[date, date]:
    """The last three months: this month so far and the two before it."""
    month = until.month - 2
    year = until.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1), until


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SlaReportForm(forms.Form):
    """Period, date range, team and priority. Every field may be left out: the default
    is per month over the last three months, every team and priority."""

    period = forms.ChoiceField(label=_("Per"), choices=PERIODS)
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), widget=DateInput())
    team = forms.ModelChoiceField(
        label=_("Team"), required=False, queryset=None, empty_label=_("All teams")
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", _("All priorities")), *Priority.choices],
    )

    def __init__(self, data, *, user: User):
        # Left out or empty, a filter takes its default, and the form shows it.
        start, end = default_range(today())
        filled = {"period": MONTH, "start": start.isoformat(), "end": end.isoformat()}
        filled.update({name: value for name, value in data.items() if value != ""})
        super().__init__(filled, label_suffix="")
        self.fields["team"].queryset = report_teams(user)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end = data["start"], data["end"]
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
        if end - start > timedelta(days=MAX_DAYS):
            raise forms.ValidationError(
                _("Choose a range of at most three years."), code="too_long"
            )
        return data
