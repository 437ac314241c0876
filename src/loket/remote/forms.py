"""Forms of the remote panel, the contact's consent page and the audit page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import Role, User
from loket.directory.models import Organisation
from loket.remote.access import active_tools


class ToolField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=active_tools(), label=_("Tool"), **kwargs)


class VerbalConsentForm(forms.Form):
    tool = ToolField()
    # Not required here: the service refuses with its own message when it is not ticked.
    text_read_confirmed = forms.BooleanField(
        label=_("I read this text to the caller and they agreed"), required=False
    )


class LinkConsentForm(forms.Form):
    tool = ToolField()


class StartSessionForm(forms.Form):
    consent = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reference = forms.CharField(label=_("Session reference"), max_length=100, strip=True)


class EndSessionForm(forms.Form):
    session = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    consent = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)


class ContactAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("agree", "agree"), ("decline", "decline")])


class ContactWithdrawForm(forms.Form):
    reason = forms.CharField(max_length=500, required=False)


class AuditFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    agent = forms.ModelChoiceField(
        label=_("Agent"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("(everyone)"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("(all)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(role__in=[r for r in Role if r != Role.CUSTOMER])
        self.fields["agent"].queryset = staff.order_by("first_name", "username")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date is before the start date."))
        return data
