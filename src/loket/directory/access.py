"""Who may see and change contacts and organisations.

Staff (agents, specialists, supervisors, admins) must find any caller, so they see the
whole directory; agents and up may change it. A customer sees only their own contact and
organisation, and changes nothing here.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from loket.accounts.models import User
from loket.directory.models import Contact, Organisation


def visible_contacts(user: User) -> QuerySet[Contact]:
    if not user.is_authenticated or not user.is_active:
        return Contact.objects.none()
    if user.is_staff_member:
        return Contact.objects.all()
    if user.is_customer and user.contact_id:
        return Contact.objects.filter(pk=user.contact_id)
    return Contact.objects.none()


def visible_organisations(user: User) -> QuerySet[Organisation]:
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_staff_member:
        return Organisation.objects.all()
    if user.is_customer and user.contact_id:
        return Organisation.objects.filter(contacts__pk=user.contact_id)
    return Organisation.objects.none()


def can_edit_directory(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff_member


def contact_for(user: User, pk: int, *, write: bool = False) -> Contact:
    contact = visible_contacts(user).select_related("organisation").filter(pk=pk).first()
    if contact is None:
        raise Http404("No such contact")
    if write and not can_edit_directory(user):
        raise PermissionDenied("You may not change contacts")
    return contact


def organisation_for(user: User, pk: int, *, write: bool = False) -> Organisation:
    organisation = visible_organisations(user).filter(pk=pk).first()
    if organisation is None:
        raise Http404("No such organisation")
    if write and not can_edit_directory(user):
        raise PermissionDenied("You may not change organisations")
    return organisation
