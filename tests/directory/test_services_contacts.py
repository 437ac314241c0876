"""Registering and changing organisations and contacts."""

import pytest

from loket.core.errors import InvalidInput
from loket.directory.models import Contact
from loket.directory.services import (
    create_contact,
    create_organisation,
    normalise_emails,
    normalise_phones,
    update_contact,
)

pytestmark = pytest.mark.django_db


def phones_of(contact: Contact) -> list[str]:
    return list(contact.phones.values_list("number", flat=True))


def emails_of(contact: Contact) -> list[tuple[str, bool]]:
    return list(contact.emails.values_list("address", "is_primary"))


@pytest.mark.parametrize(
    "notation", ["0470 12 34 56", "+32 470 12 34 56", "0032470123456", "0470/12.34.56"]
)
def test_contact_phone_is_stored_in_e164(notation):
    contact = create_contact(last_name="Peeters", phones=[notation])

    assert phones_of(contact) == ["+32470123456"]


def test_the_same_number_in_two_notations_is_kept_once():
    contact = create_contact(
        last_name="Peeters", phones=["0470 12 34 56", "+32470123456", "02 555 12 12"]
    )

    assert phones_of(contact) == ["+32470123456", "+3225551212"]


def test_emails_are_lower_cased_deduplicated_and_the_first_is_primary():
    contact = create_contact(
        last_name="Peeters",
        emails=[" Jan.Peeters@Acme.Example ", "jan.peeters@acme.example", "jan@home.example"],
    )

    assert emails_of(contact) == [
        ("jan.peeters@acme.example", True),
        ("jan@home.example", False),
    ]


def test_contact_keeps_its_details(org_a):
    contact = create_contact(
        first_name="  Jan ",
        last_name=" Peeters ",
        organisation=org_a,
        language="fr",
        profile="sysadmin",
        job_title="IT manager",
        notes="Prefers mornings",
    )

    contact.refresh_from_db()
    assert (contact.first_name, contact.last_name, contact.full_name) == (
        "Jan",
        "Peeters",
        "Jan Peeters",
    )
    assert (contact.organisation, contact.language, contact.profile) == (org_a, "fr", "sysadmin")


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"last_name": ""}, "name_required"),
        ({"last_name": "   "}, "name_required"),
        ({"phones": ["12"]}, "bad_phone"),
        ({"phones": ["not a number"]}, "bad_phone"),
        ({"phones": ["0470 12 34 56", "+32 999"]}, "bad_phone"),
        ({"emails": ["jan@"]}, "bad_email"),
        ({"emails": ["jan peeters@acme.example"]}, "bad_email"),
        ({"emails": [""]}, "bad_email"),
        ({"language": "de"}, "bad_language"),
        ({"profile": "wizard"}, "bad_profile"),
    ],
)
def test_invalid_contact_is_refused_and_nothing_is_saved(fields, code):
    fields.setdefault("last_name", "Peeters")

    with pytest.raises(InvalidInput) as excinfo:
        create_contact(**fields)

    assert excinfo.value.code == code
    assert not Contact.objects.exists()


def test_normalising_keeps_the_given_order():
    assert normalise_phones(["02 555 12 12", "0470 12 34 56"]) == ["+3225551212", "+32470123456"]
    assert normalise_emails(["b@x.example", "A@x.example"]) == ["b@x.example", "a@x.example"]


# --- update_contact ------------------------------------------------------------------


def test_update_replaces_phones_and_emails(contact_a):
    update_contact(contact_a, phones=["02 555 99 99"], emails=["Chris.Claes@Acme.Example"])

    assert phones_of(contact_a) == ["+3225559999"]
    assert emails_of(contact_a) == [("chris.claes@acme.example", True)]


def test_update_without_lists_keeps_phones_and_emails(contact_a):
    update_contact(contact_a, job_title="Warehouse lead")

    contact_a.refresh_from_db()
    assert contact_a.job_title == "Warehouse lead"
    assert phones_of(contact_a) == ["+32470123456"]
    assert emails_of(contact_a) == [("chris@acme.example", True)]


def test_update_with_empty_lists_removes_them(contact_a):
    update_contact(contact_a, phones=[], emails=[])

    assert phones_of(contact_a) == []
    assert emails_of(contact_a) == []


def test_update_changes_fields_and_trims_text(contact_a, org_b):
    update_contact(contact_a, last_name="  Claessens ", organisation=org_b, language="en")

    contact_a.refresh_from_db()
    assert (contact_a.last_name, contact_a.organisation, contact_a.language) == (
        "Claessens",
        org_b,
        "en",
    )


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"last_name": ""}, "name_required"),
        ({"language": "xx"}, "bad_language"),
        ({"profile": "guru"}, "bad_profile"),
        ({"phones": ["123"]}, "bad_phone"),
        ({"emails": ["nope"]}, "bad_email"),
        ({"created_at": None}, "bad_field"),
        ({"user": None}, "bad_field"),
    ],
)
def test_refused_update_changes_nothing(contact_a, changes, code):
    with pytest.raises(InvalidInput) as excinfo:
        update_contact(contact_a, first_name="Changed", **changes)

    assert excinfo.value.code == code
    stored = Contact.objects.get(pk=contact_a.pk)
    assert (stored.first_name, stored.last_name, stored.language) == ("Chris", "Claes", "nl")
    assert phones_of(stored) == ["+32470123456"]
    assert emails_of(stored) == [("chris@acme.example", True)]


# --- organisations ----------------------------------------------------------------


def test_organisation_domain_and_phone_are_normalised():
    organisation = create_organisation(
        name="  Gemeente Zemst ", email_domain=" @Zemst.Example ", phone="015 61 71 81"
    )

    assert organisation.name == "Gemeente Zemst"
    assert organisation.email_domain == "zemst.example"
    assert organisation.phone == "+3215617181"


def test_organisation_needs_a_name():
    with pytest.raises(InvalidInput) as excinfo:
        create_organisation(name="  ")

    assert excinfo.value.code == "name_required"


def test_organisation_with_a_bad_phone_is_refused():
    with pytest.raises(InvalidInput) as excinfo:
        create_organisation(name="Zemst", phone="12")

    assert excinfo.value.code == "bad_phone"
