"""Forms of the planning pages and panel: they parse input; services decide the rules."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.accounts.access import assignable_users, visible_teams
from loket.accounts.models import User
from loket.planning.models import Frequency, RecurringTask
from loket.tickets.models import Category, Level, TicketType

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
WEEKDAYS = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]


class PlainForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


def default_callback_time():
    """In an hour, on the minute."""
    return (timezone.localtime() + timedelta(hours=1)).replace(second=0, microsecond=0)


class CallbackForm(PlainForm):
    due_at = forms.DateTimeField(
        label=_("Call back at"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    assignee = StaffChoiceField(
        label=_("Who calls"), queryset=None, required=False, empty_label=_("(me)")
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.TextInput()
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_users(user).order_by("first_name", "username")


class CallbackDoneForm(PlainForm):
    note = forms.CharField(label=_("Outcome"), required=False, max_length=2000)
    log_call = forms.BooleanField(label=_("Log the call on the ticket"), required=False)


class HelpForm(PlainForm):
    user = StaffChoiceField(label=_("Colleague"), queryset=None, required=False)
    team = forms.ModelChoiceField(label=_("or team"), queryset=None, required=False)
    question = forms.CharField(
        label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            assignable_users(user).exclude(pk=user.pk).order_by("first_name", "username")
        )
        self.fields["team"].queryset = visible_teams(user)


class HandoverForm(PlainForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    to_user = StaffChoiceField(label=_("Hand over to"), queryset=None)
    note = forms.CharField(
        label=_("Handover note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, what is next, what the customer was promised."),
    )

    def __init__(self, *args, user: User, exclude_user_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        users = assignable_users(user).order_by("first_name", "username")
        if exclude_user_id:
            users = users.exclude(pk=exclude_user_id)
        self.fields["to_user"].queryset = users


class RecurringTaskForm(PlainForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=None)
    assignee = StaffChoiceField(
        label=_("Agent"), queryset=None, required=False, empty_label=_("(the team)")
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=None, required=False, empty_label=_("(none)")
    )
    type = forms.ChoiceField(label=_("Type"), choices=TicketType.choices)
    impact = forms.TypedChoiceField(label=_("Impact"), choices=Level.choices, coerce=int)
    urgency = forms.TypedChoiceField(label=_("Urgency"), choices=Level.choices, coerce=int)
    frequency = forms.ChoiceField(
        label=_("Repeats"), choices=Frequency.choices, widget=forms.RadioSelect
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    day_of_month = forms.IntegerField(
        label=_("Day of the month"), min_value=1, max_value=31, required=False
    )
    interval_days = forms.IntegerField(
        label=_("Every N days"), min_value=1, max_value=366, required=False
    )
    time_of_day = forms.TimeField(
        label=_("At"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    start_date = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = visible_teams(user)
        self.fields["assignee"].queryset = assignable_users(user).order_by("first_name")
        self.fields["category"].queryset = Category.objects.filter(is_active=True)

    @classmethod
    def initial_for(cls, task: RecurringTask) -> dict:
        return {
            name: getattr(task, name)
            for name in (
                "title",
                "description",
                "type",
                "impact",
                "urgency",
                "frequency",
                "weekdays",
                "day_of_month",
                "interval_days",
                "time_of_day",
                "start_date",
                "is_active",
            )
        } | {"team": task.team_id, "assignee": task.assignee_id, "category": task.category_id}
