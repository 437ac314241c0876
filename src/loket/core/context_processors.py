"""Template context shared by every page: the role-aware navigation."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loket.accounts.access import can_see_all_open, can_use_admin


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff_member:
        return {"nav_items": []}
    items = [
        ("new_call", _("New call"), reverse("tickets:new_call"), "n"),
        ("queue", _("Queues"), reverse("tickets:queue"), "q"),
        ("contacts", _("Contacts"), reverse("directory:contacts"), "c"),
        ("organisations", _("Organisations"), reverse("directory:organisations"), "o"),
    ]
    if can_use_admin(user):
        items.append(("admin", _("Configuration"), reverse("admin:index"), ""))
    return {"nav_items": items, "can_see_all_open": can_see_all_open(user)}
