"""Directory use cases: organisations, contacts, finding a caller, a contact's history."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from loket.accounts.models import Language
from loket.core.errors import InvalidInput
from loket.core.phones import looks_like_phone, to_e164
from loket.directory.models import (
    CommunicationProfile,
    Contact,
    ContactEmail,
    ContactPhone,
    Organisation,
)


def normalise_phones(numbers: Iterable[str]) -> list[str]:
    result: list[str] = []
    for raw in numbers:
        e164 = to_e164(raw)
        if e164 is None:
            raise InvalidInput(
                _("“%(number)s” is not a valid phone number.") % {"number": raw[:40]},
                code="bad_phone",
            )
        if e164 not in result:
            result.append(e164)
    return result


def normalise_emails(addresses: Iterable[str]) -> list[str]:
    result: list[str] = []
    for raw in addresses:
        address = (raw or "").strip().lower()
        try:
            validate_email(address)
        except ValidationError:
            raise InvalidInput(
                _("“%(address)s” is not a valid e-mail address.") % {"address": address[:80]},
                code="bad_email",
            ) from None
        if address not in result:
            result.append(address)
    return result


def _check_choices(language: str, profile: str) -> None:
    if language not in Language.values:
        raise InvalidInput(_("The language must be nl, fr or en."), code="bad_language")
    if profile not in CommunicationProfile.values:
        raise InvalidInput(_("Unknown communication profile."), code="bad_profile")


@transaction.atomic
def create_organisation(
    *, name: str, email_domain: str = "", phone: str = "", address: str = "", notes: str = ""
) -> Organisation:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("A name is required."), code="name_required")
    phone_e164 = normalise_phones([phone])[0] if phone else ""
    return Organisation.objects.create(
        name=name,
        email_domain=(email_domain or "").strip().lower().lstrip("@"),
        phone=phone_e164,
        address=address,
        notes=notes,
    )


@transaction.atomic
def create_contact(
    *,
    last_name: str,
    first_name: str = "",
    organisation: Organisation | None = None,
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    language: str = Language.NL,
    profile: str = CommunicationProfile.EXPERIENCED,
    job_title: str = "",
    notes: str = "",
) -> Contact:
    """Register a contact; phone numbers are stored in E.164, e-mails lower-case."""
    last_name, first_name = (last_name or "").strip(), (first_name or "").strip()
    if not last_name:
        raise InvalidInput(_("A last name is required."), code="name_required")
    _check_choices(language, profile)
    email_list, phone_list = normalise_emails(emails), normalise_phones(phones)
    contact = Contact.objects.create(
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
        language=language,
        profile=profile,
        job_title=job_title,
        notes=notes,
    )
    _set_emails(contact, email_list)
    _set_phones(contact, phone_list)
    return contact


def _set_emails(contact: Contact, addresses: list[str]) -> None:
    contact.emails.all().delete()
    ContactEmail.objects.bulk_create(
        ContactEmail(contact=contact, address=a, is_primary=i == 0) for i, a in enumerate(addresses)
    )


def _set_phones(contact: Contact, numbers: list[str]) -> None:
    contact.phones.all().delete()
    ContactPhone.objects.bulk_create(ContactPhone(contact=contact, number=n) for n in numbers)


CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "organisation",
    "language",
    "profile",
    "job_title",
    "notes",
)


@transaction.atomic
def update_contact(contact: Contact, **changes) -> Contact:
    """Change a contact; ``emails``/``phones`` replace the whole list when given."""
    emails, phones = changes.pop("emails", None), changes.pop("phones", None)
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))},
            code="bad_field",
        )
    for field, value in changes.items():
        setattr(contact, field, value.strip() if isinstance(value, str) else value)
    if not contact.last_name:
        raise InvalidInput(_("A last name is required."), code="name_required")
    _check_choices(contact.language, contact.profile)
    if changes:
        contact.save(update_fields=[*changes, "updated_at"])
    if emails is not None:
        _set_emails(contact, normalise_emails(emails))
    if phones is not None:
        _set_phones(contact, normalise_phones(phones))
    return contact


def find_contacts(contacts: QuerySet[Contact], query: str) -> QuerySet[Contact]:
    """Contacts matching a phone number (any notation), an e-mail address or a name.

    ``contacts`` is the caller's visible set (see access.visible_contacts).
    """
    query = (query or "").strip()[:100]
    if not query:
        return contacts.none()
    # Three digits are enough: an agent types the first digits of the number on screen.
    if looks_like_phone(query, min_digits=3):
        e164 = to_e164(query)
        digits = "".join(ch for ch in query if ch.isdigit())
        if e164:
            return contacts.filter(phones__number=e164).distinct()
        # An incomplete number: match the digits typed so far anywhere in a number.
        significant = digits.lstrip("0")
        if not significant:  # only zeros: "contains nothing" would match everyone
            return contacts.none()
        return contacts.filter(phones__number__contains=significant).distinct()
    if "@" in query:
        return contacts.filter(emails__address__istartswith=query.lower()).distinct()
    condition = Q()
    for word in query.split()[:4]:
        condition &= (
            Q(last_name__istartswith=word)
            | Q(first_name__istartswith=word)
            | Q(organisation__name__istartswith=word)
        )
    return contacts.filter(condition)


@dataclass(frozen=True)
class ContactHistory:
    open_tickets: list
    recent_tickets: list


def contact_history(contact: Contact, tickets: QuerySet, *, recent: int = 10) -> ContactHistory:
    """A contact's open tickets and latest earlier interventions (with resolutions).

    ``tickets`` is the caller's visible ticket set (see tickets.access.visible_tickets).
    """
    from loket.tickets.models import OPEN_STATUSES

    mine = tickets.filter(contact=contact).select_related(
        "team", "assignee", "category", "resolution_code"
    )
    return ContactHistory(
        open_tickets=list(mine.filter(status__in=OPEN_STATUSES).order_by("-created_at")[:50]),
        recent_tickets=list(
            mine.exclude(status__in=OPEN_STATUSES).order_by("-created_at")[:recent]
        ),
    )
