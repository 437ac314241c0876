"""Directory access: staff see and change every contact, customers only see themselves."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from loket.directory.access import (
    can_edit_directory,
    contact_for,
    organisation_for,
    visible_contacts,
    visible_organisations,
)

STAFF = ["anna", "bob", "sam", "sofie", "ad"]
CUSTOMERS = ["chris", "camille"]


@pytest.fixture
def people(anna, bob, sam, sofie, ad, chris, camille):
    return {"anna": anna, "bob": bob, "sam": sam, "sofie": sofie, "ad": ad}


@pytest.mark.parametrize("persona", STAFF)
def test_staff_see_and_edit_every_contact_and_organisation(
    people, persona, contact_a, contact_b, org_a, org_b
):
    user = people[persona]

    assert set(visible_contacts(user)) == {contact_a, contact_b}
    assert set(visible_organisations(user)) == {org_a, org_b}
    assert can_edit_directory(user) is True
    assert contact_for(user, contact_b.pk, write=True) == contact_b
    assert organisation_for(user, org_b.pk, write=True) == org_b


def test_customer_sees_only_their_own_contact_and_organisation(chris, contact_a, org_a):
    assert list(visible_contacts(chris)) == [contact_a]
    assert list(visible_organisations(chris)) == [org_a]
    assert contact_for(chris, contact_a.pk) == contact_a
    assert organisation_for(chris, org_a.pk) == org_a


def test_customer_cannot_find_another_customer(chris, camille, contact_b, org_b):
    with pytest.raises(Http404):
        contact_for(chris, contact_b.pk)
    with pytest.raises(Http404):
        organisation_for(chris, org_b.pk)
    # Hidden stays hidden when asking to write: not found, not forbidden.
    with pytest.raises(Http404):
        contact_for(chris, contact_b.pk, write=True)


@pytest.mark.parametrize("persona", CUSTOMERS)
def test_customer_cannot_change_the_directory(request, persona):
    user = request.getfixturevalue(persona)

    assert can_edit_directory(user) is False
    with pytest.raises(PermissionDenied):
        contact_for(user, user.contact_id, write=True)
    with pytest.raises(PermissionDenied):
        organisation_for(user, user.contact.organisation_id, write=True)


def test_inactive_staff_see_nothing(anna, contact_a):
    anna.is_active = False
    anna.save(update_fields=["is_active"])

    assert not visible_contacts(anna).exists()
    assert not visible_organisations(anna).exists()
    assert can_edit_directory(anna) is False


def test_anonymous_visitor_sees_nothing(contact_a):
    visitor = AnonymousUser()

    assert not visible_contacts(visitor).exists()
    assert not visible_organisations(visitor).exists()
    assert can_edit_directory(visitor) is False


def test_customer_without_contact_sees_nothing(chris, contact_a):
    chris.contact = None
    chris.save(update_fields=["contact"])

    assert not visible_contacts(chris).exists()
    assert not visible_organisations(chris).exists()


def test_unknown_contact_is_not_found(ad):
    with pytest.raises(Http404):
        contact_for(ad, 999_999)
