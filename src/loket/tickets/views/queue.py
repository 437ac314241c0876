"""Queues: the agent's lists of tickets, filtered, sorted, paginated, refreshed by htmx."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loket.accounts.access import can_see_all_open
from loket.tickets.access import UNASSIGNED_FIRST_LINE, visible_tickets
from loket.tickets.forms import ANY_FILTER, OPEN_FILTER, SORTS, QueueFilterForm
from loket.tickets.models import OPEN_STATUSES
from loket.tickets.search import filter_by_text
from loket.tickets.views.common import agent_required, render_page

PAGE_SIZE = 25
TABS = {
    "mine": _("My tickets"),
    "teams": _("My teams"),
    "unassigned": _("Unassigned first line"),
    "raised": _("Raised by me"),
    "all": _("All open"),
}
FILTER_NAMES = ("q", "status", "priority", "team", "agent", "category", "organisation", "sort")


def _tabs_for(user) -> list[str]:
    tabs = ["mine", "teams", "unassigned", "raised"]
    if can_see_all_open(user):
        tabs.append("all")
    return tabs


def _scope(tickets, tab: str, user, team_ids: list[int]):
    if tab == "mine":
        return tickets.filter(assignee=user)
    if tab == "teams":
        return tickets.filter(team_id__in=team_ids)
    if tab == "unassigned":
        return tickets.filter(UNASSIGNED_FIRST_LINE)
    if tab == "raised":  # to follow up what one escalated
        return tickets.filter(created_by=user)
    return tickets


def _apply_filters(tickets, form: QueueFilterForm):
    status = form.value("status", OPEN_FILTER)
    if status == OPEN_FILTER:
        tickets = tickets.filter(status__in=OPEN_STATUSES)
    elif status != ANY_FILTER:
        tickets = tickets.filter(status=status)
    if priority := form.value("priority"):
        tickets = tickets.filter(priority=priority)
    if team := form.value("team"):
        tickets = tickets.filter(team=team)
    if agent := form.value("agent"):
        tickets = tickets.filter(assignee=agent)
    if category := form.value("category"):
        tickets = tickets.filter(Q(category=category) | Q(category__parent=category))
    if organisation := form.value("organisation"):
        tickets = tickets.filter(organisation=organisation)
    return filter_by_text(tickets, form.value("q", ""))


def _querystring(form: QueueFilterForm, **extra) -> str:
    """The current filters as a query string, for tab, sort and page links."""
    params = {name: form.data.get(name, "") for name in FILTER_NAMES}
    params.update(extra)
    return urlencode({k: v for k, v in params.items() if v not in ("", None)})


@agent_required
def queue(request):
    user = request.user
    tabs = _tabs_for(user)
    tab = request.GET.get("tab") if request.GET.get("tab") in tabs else None
    form = QueueFilterForm(request.GET or None, user=user)
    if form.is_bound:
        form.is_valid()  # invalid filters are dropped; their errors are shown
    team_ids = list(user.memberships.values_list("team_id", flat=True))
    if tab is None:
        tab = "mine" if user.assigned_tickets.filter(status__in=OPEN_STATUSES).exists() else "teams"
    base = _apply_filters(visible_tickets(user), form)
    counts = {name: _scope(base, name, user, team_ids).count() for name in tabs}
    tickets = (
        _scope(base, tab, user, team_ids)
        .select_related("contact", "organisation", "team", "assignee", "category")
        .order_by(*SORTS.get(form.value("sort", "-created"), SORTS["-created"]))
    )
    paginator = Paginator(tickets, PAGE_SIZE)
    paginator.count = counts[tab]  # already counted for the tab: one query less
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "active_nav": "queue",
        "form": form,
        "tab": tab,
        "tabs": [(name, TABS[name], counts[name]) for name in tabs],
        "page": page,
        "filters": _querystring(form),
        "filters_with_tab": _querystring(form, tab=tab),
    }
    return render_page(request, "tickets/queue.html", context, fragment="results")
