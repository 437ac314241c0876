"""Forms of the agent UI: they parse and validate input; services decide the rules."""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from loket.accounts.access import assignable_users, visible_teams
from loket.accounts.models import User
from loket.directory.access import visible_contacts, visible_organisations
from loket.tickets import workflow
from loket.tickets.models import (
    Category,
    Level,
    Priority,
    ResolutionCode,
    Status,
    TicketType,
)

SORTS = {
    "-created": ("-created_at", "-id"),
    "created": ("created_at", "id"),
    "-updated": ("-updated_at", "-id"),
    "priority": ("priority", "-created_at", "-id"),
    "-number": ("-number",),
    "number": ("number",),
}
SORT_CHOICES = [
    ("-created", _("Newest first")),
    ("created", _("Oldest first")),
    ("-updated", _("Recently updated")),
    ("priority", _("Priority")),
    ("-number", _("Number (high–low)")),
    ("number", _("Number (low–high)")),
]
OPEN_FILTER = "open"
ANY_FILTER = "any"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.path


def active_categories():
    return Category.objects.filter(is_active=True).select_related("parent__parent")


def staff_users(user: User):
    return assignable_users(user).order_by("first_name", "last_name", "username")


class QueueFilterForm(forms.Form):
    """The filters of a queue. Invalid values are dropped, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (OPEN_FILTER, _("All open")),
            *Status.choices,
            (ANY_FILTER, _("Any status")),
        ],
    )
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=[("", _("Any")), *Priority.choices]
    )
    team = forms.ModelChoiceField(
        label=_("Team"), required=False, queryset=None, empty_label=_("Any")
    )
    agent = UserChoiceField(label=_("Agent"), required=False, queryset=None, empty_label=_("Any"))
    category = CategoryChoiceField(
        label=_("Category"), required=False, queryset=None, empty_label=_("Any")
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=None, empty_label=_("Any")
    )
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = visible_teams(user)
        self.fields["agent"].queryset = staff_users(user)
        self.fields["category"].queryset = active_categories()
        self.fields["organisation"].queryset = visible_organisations(user).only("id", "name")

    def value(self, name: str, default=None):
        """The cleaned value of a valid field, or ``default`` for a missing/invalid one."""
        data = getattr(self, "cleaned_data", {})
        return data.get(name) or default


class PlainLabelsForm(forms.Form):
    """Labels without a trailing colon: they sit above their fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class VersionedForm(PlainLabelsForm):
    """Every action on a ticket carries the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class MessageForm(VersionedForm):
    KIND_CHOICES = [("reply", _("Public reply")), ("note", _("Internal note"))]

    kind = forms.ChoiceField(choices=KIND_CHOICES, initial="note", widget=forms.RadioSelect)
    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = MultipleFileField(label=_("Attach files"), required=False)


class ClassifyForm(VersionedForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    category = CategoryChoiceField(
        label=_("Category"), required=False, queryset=None, empty_label=_("(none)")
    )
    type = forms.ChoiceField(label=_("Type"), choices=TicketType.choices)
    impact = forms.TypedChoiceField(label=_("Impact"), choices=Level.choices, coerce=int)
    urgency = forms.TypedChoiceField(label=_("Urgency"), choices=Level.choices, coerce=int)
    follow_up_at = forms.DateTimeField(
        label=_("Follow up on"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text=_("A reminder date for this ticket; leave empty for none."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()


class AssignForm(VersionedForm):
    team = forms.ModelChoiceField(
        label=_("Team"), required=False, queryset=None, empty_label=_("(no team)")
    )
    assignee = UserChoiceField(
        label=_("Agent"), required=False, queryset=None, empty_label=_("(nobody)")
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = visible_teams(user)
        self.fields["assignee"].queryset = staff_users(user)


class EscalateForm(VersionedForm):
    team = forms.ModelChoiceField(
        label=_("To team"), queryset=None, empty_label=_("(choose a team)")
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user: User, exclude_team_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        teams = visible_teams(user)
        if exclude_team_id:
            teams = teams.exclude(pk=exclude_team_id)
        self.fields["team"].queryset = teams


class StatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("New status"), choices=())

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, Status(value).label) for value in workflow.next_statuses(current)
        ]


class ResolveForm(VersionedForm):
    resolution = forms.CharField(
        label=_("Resolution"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    code = forms.ModelChoiceField(
        label=_("Resolution code"),
        queryset=ResolutionCode.objects.filter(is_active=True),
        empty_label=_("(choose a resolution code)"),
    )


class ReopenForm(VersionedForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=5_000)


class CloseForm(VersionedForm):
    pass


class NewCallForm(PlainLabelsForm):
    """The ticket form of the new-call workspace, with its three ways to finish."""

    ACTIONS = ("create", "escalate", "resolve")

    contact = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    category = CategoryChoiceField(
        label=_("Category"), required=False, queryset=None, empty_label=_("(none)")
    )
    type = forms.ChoiceField(label=_("Type"), choices=TicketType.choices)
    impact = forms.TypedChoiceField(
        label=_("Impact"), choices=Level.choices, coerce=int, initial=Level.LOW
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), choices=Level.choices, coerce=int, initial=Level.LOW
    )
    team = forms.ModelChoiceField(
        label=_("Team"), required=False, queryset=None, empty_label=_("(no team)")
    )
    assignee = UserChoiceField(
        label=_("Agent"), required=False, queryset=None, empty_label=_("(nobody)")
    )
    escalate_team = forms.ModelChoiceField(
        label=_("Escalate to"), required=False, queryset=None, empty_label=_("(choose a team)")
    )
    escalate_reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resolution = forms.CharField(
        label=_("Resolution"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resolution_code = forms.ModelChoiceField(
        label=_("Resolution code"),
        required=False,
        queryset=ResolutionCode.objects.filter(is_active=True),
        empty_label=_("(choose a resolution code)"),
    )
    call_started = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[(a, a) for a in ACTIONS], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = visible_contacts(user).select_related("organisation")
        self.fields["category"].queryset = active_categories()
        teams = visible_teams(user)
        self.fields["team"].queryset = teams
        self.fields["escalate_team"].queryset = teams
        self.fields["assignee"].queryset = staff_users(user)

    def clean_call_started(self) -> datetime | None:
        """A start time from the page; ignored when it is not plausible."""
        try:
            started = parse_datetime(self.cleaned_data.get("call_started") or "")
        except ValueError:
            return None
        now = timezone.now()
        if started is None or timezone.is_naive(started):
            return None
        if started > now or now - started > timedelta(hours=12):
            return None
        return started

    def clean(self):
        data = super().clean()
        action = data.get("action") or "create"
        data["action"] = action
        if action == "escalate":
            if not data.get("escalate_team"):
                self.add_error("escalate_team", _("Choose the team to escalate to."))
            if not (data.get("escalate_reason") or "").strip():
                self.add_error("escalate_reason", _("Say why you escalate: a reason is required."))
        if action == "resolve":
            if not (data.get("resolution") or "").strip():
                self.add_error("resolution", _("Describe the resolution."))
            if not data.get("resolution_code"):
                self.add_error("resolution_code", _("Choose a resolution code."))
        return data
