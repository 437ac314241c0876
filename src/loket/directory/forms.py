"""Contact forms: parse the input, let the directory services validate and save."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import Language
from loket.core.errors import ServiceError
from loket.directory import services
from loket.directory.access import visible_organisations
from loket.directory.models import CommunicationProfile, Contact

# Which form field a service error belongs to.
ERROR_FIELDS = {
    "bad_phone": "phones",
    "bad_email": "emails",
    "name_required": "last_name",
    "bad_language": "language",
    "bad_profile": "profile",
}
SEPARATORS = re.compile(r"[\n,;]+")


def split_list(text: str) -> list[str]:
    """Phone numbers or e-mail addresses typed one per line or separated by commas."""
    return [item.strip() for item in SEPARATORS.split(text or "") if item.strip()][:10]


class ContactForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=None, empty_label=_("(none)")
    )
    phones = forms.CharField(
        label=_("Phone numbers"),
        required=False,
        max_length=400,
        help_text=_("Any notation; several separated by commas."),
    )
    emails = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        max_length=1000,
        help_text=_("Several separated by commas."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    profile = forms.ChoiceField(
        label=_("Communication profile"),
        choices=CommunicationProfile.choices,
        initial=CommunicationProfile.EXPERIENCED,
    )
    job_title = forms.CharField(label=_("Job title"), required=False, max_length=100)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, instance: Contact | None = None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(instance)
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = visible_organisations(user).only("id", "name")

    @staticmethod
    def initial_for(contact: Contact) -> dict:
        return {
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "organisation": contact.organisation_id,
            "phones": ", ".join(p.number for p in contact.phones.all()),
            "emails": ", ".join(e.address for e in contact.emails.all()),
            "language": contact.language,
            "profile": contact.profile,
            "job_title": contact.job_title,
            "notes": contact.notes,
        }

    def save(self) -> Contact | None:
        """Create or update the contact through the services; None (with the error on
        the form) when a business rule refuses it."""
        data = dict(self.cleaned_data)
        data["phones"] = split_list(data["phones"])
        data["emails"] = split_list(data["emails"])
        try:
            if self.instance is None:
                return services.create_contact(**data)
            return services.update_contact(self.instance, **data)
        except ServiceError as exc:
            self.add_error(ERROR_FIELDS.get(exc.code), exc.message)
            return None
