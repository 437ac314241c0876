"""Template context shared by every page: the role-aware navigation and the unread
notifications count."""

from functools import cache

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loket.accounts.access import can_see_all_open, can_use_admin
from loket.channels.access import can_review_mail, can_see_calls
from loket.checklists.access import can_use_checklists
from loket.complaints.access import can_see_complaint_counts
from loket.knowledge.access import is_staff as can_read_knowledge
from loket.macros.access import can_use_macros
from loket.notifications.access import can_read_notifications
from loket.notifications.services import unread_count
from loket.planning.access import can_plan
from loket.problems.access import can_link_problems
from loket.scenarios.access import can_run_scenarios
from loket.sla.access import can_view_sla_report


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff_member:
        return {"nav_items": []}
    items = []
    if can_plan(user):
        items.append(("today", _("Today"), reverse("planning:index"), "t"))
    items += [
        ("new_call", _("New call"), reverse("tickets:new_call"), "n"),
        ("queue", _("Queues"), reverse("tickets:queue"), "q"),
        ("contacts", _("Contacts"), reverse("directory:contacts"), "c"),
        ("organisations", _("Organisations"), reverse("directory:organisations"), "o"),
    ]
    if can_read_knowledge(user):
        items.append(("knowledge", _("Knowledge base"), reverse("knowledge:index"), "k"))
    if can_link_problems(user):
        items.append(("problems", _("Known problems"), reverse("problems:index"), "p"))
    if can_run_scenarios(user):
        items.append(("scenarios", _("Scenarios"), reverse("scenarios:index"), "s"))
    if can_use_macros(user):
        items.append(("macros", _("Canned answers"), reverse("macros:index"), ""))
    if can_use_checklists(user):
        items.append(("checklists", _("Checklists"), reverse("checklists:index"), ""))
    if can_see_complaint_counts(user):
        items.append(("complaints", _("Complaints"), reverse("complaints:index"), ""))
    if can_view_sla_report(user):
        items.append(("reports", _("SLA report"), reverse("sla:report"), "r"))
    if can_see_calls(user):
        items.append(("calls", _("Calls"), reverse("channels:calls"), "l"))
    if can_review_mail(user):
        items.append(("mail_review", _("Mail to review"), reverse("channels:mail_review"), "i"))
    if can_use_admin(user):
        items.append(("admin", _("Configuration"), reverse("admin:index"), ""))
    context = {
        "nav_items": items,
        "can_see_all_open": can_see_all_open(user),
        "screen_pop_seconds": settings.SCREEN_POP_SECONDS if can_see_calls(user) else 0,
    }
    if can_read_notifications(user):
        # Counted only if the page shows the badge (not for htmx fragments), and once.
        context["unread_notifications"] = cache(lambda: unread_count(user))
    return context
