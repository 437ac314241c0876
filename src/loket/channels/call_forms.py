"""The filters of the call log and of the call metrics page."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loket.accounts.models import STAFF_ROLES, User
from loket.channels import access
from loket.channels.models import Call, CallState, Cause
from loket.sla.forms import EARLIEST, LATEST, DateInput, today
from loket.sla.reports import desk_time_zone

# The log and the metrics show the last week unless asked otherwise.
DEFAULT_DAYS = 7
MAX_DAYS = 3 * 366

SHOW_ALL = ""
SHOW_MISSED = "missed"
SHOW_ANSWERED = "answered"
SHOW_BLOCKED = "blocked"
SHOW_FORWARDED = "forwarded"
SHOW_CHOICES = [
    (SHOW_ALL, _("All calls")),
    (SHOW_MISSED, _("Missed")),
    (SHOW_ANSWERED, pgettext_lazy("call", "Answered")),
    (SHOW_FORWARDED, _("Forwarded")),
    (SHOW_BLOCKED, _("Blocked")),
]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=desk_time_zone())


class PeriodForm(forms.Form):
    """A date range in the desk's time zone; left out, the last seven days."""

    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), widget=DateInput())

    def __init__(self, data, *, user: User):
        self.user = user
        end = today()
        filled = {"start": (end - timedelta(days=DEFAULT_DAYS - 1)).isoformat()}
        filled["end"] = end.isoformat()
        filled.update({name: value for name, value in data.items() if value != ""})
        super().__init__(filled, label_suffix="")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            return data
        if not (EARLIEST <= start <= LATEST and EARLIEST <= end <= LATEST):
            raise forms.ValidationError(_("Choose dates between 1970 and 2999."), code="range")
        if start > end:
            raise forms.ValidationError(_("The period ends before it starts."), code="order")
        if (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("Choose a period of at most three years."), code="long")
        return data

    def period_calls(self) -> QuerySet[Call]:
        """The calls the user may see that started in the period."""
        data = self.cleaned_data
        return access.visible_calls(self.user).filter(
            started_at__gte=_day_start(data["start"]),
            started_at__lt=_day_start(data["end"] + timedelta(days=1)),
        )


class CallLogForm(PeriodForm):
    queue = forms.ChoiceField(label=_("Queue"), required=False)
    agent = forms.ModelChoiceField(
        label=_("Agent"), required=False, queryset=User.objects.none(), empty_label=_("Everyone")
    )
    show = forms.ChoiceField(label=_("Show"), required=False, choices=SHOW_CHOICES)

    def __init__(self, data, *, user: User):
        super().__init__(data, user=user)
        queues = (
            access.visible_calls(user)
            .exclude(queue="")
            .order_by("queue")
            .values_list("queue", flat=True)
            .distinct()
        )
        self.fields["queue"].choices = [("", _("All queues"))] + [(q, q) for q in queues]
        if access.can_see_call_metrics(user):
            self.fields["agent"].queryset = User.objects.filter(
                role__in=STAFF_ROLES, is_active=True
            ).order_by("first_name", "last_name", "username")
        else:
            del self.fields["agent"]

    def filtered_calls(self) -> QuerySet[Call]:
        data = self.cleaned_data
        calls = self.period_calls()
        if data.get("queue"):
            calls = calls.filter(queue=data["queue"])
        if data.get("agent"):
            calls = calls.filter(agent=data["agent"])
        show = data.get("show")
        if show == SHOW_MISSED:
            calls = calls.filter(state=CallState.ENDED, answered_at__isnull=True, blocked=False)
        elif show == SHOW_ANSWERED:
            calls = calls.filter(answered_at__isnull=False)
        elif show == SHOW_FORWARDED:
            calls = calls.filter(cause=Cause.FORWARDED)
        elif show == SHOW_BLOCKED:
            calls = calls.filter(blocked=True)
        return calls


class MetricsForm(PeriodForm):
    threshold = forms.IntegerField(
        label=_("Service level: answered within (seconds)"),
        min_value=1,
        max_value=600,
        widget=forms.NumberInput(attrs={"min": 1, "max": 600, "step": 1}),
    )

    def __init__(self, data, *, user: User):
        filled = {"threshold": str(settings.CTI_SERVICE_LEVEL_SECONDS)}
        filled.update({name: value for name, value in data.items() if value != ""})
        super().__init__(filled, user=user)
