"""Queues: the agent's lists of tickets, filtered, sorted, paginated, refreshed by htmx."""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.accounts.access import can_see_all_open
from loket.sla.explain import summaries
from loket.sla.queries import AT_RISK, BREACHED, due_first, sla_filter
from loket.tickets.access import UNASSIGNED_FIRST_LINE, visible_tickets
from loket.tickets.forms import ANY_FILTER, OPEN_FILTER, SORT_CHOICES, SORTS, QueueFilterForm
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
DUE = "due"
# Where the work is answering in time, the ticket closest to its SLA comes first.
DEFAULT_SORT = {"mine": DUE, "unassigned": DUE}
FILTER_NAMES = (
    "q",
    "status",
    "priority",
    "team",
    "agent",
    "category",
    "organisation",
    "sla",
    "sort",
)


class QueueForm(QueueFilterForm):
    """The queue filters plus the SLA: a filter on its state and a sort by due time."""

    sla = forms.ChoiceField(
        label=_("SLA"),
        required=False,
        choices=[("", _("Any")), (AT_RISK, _("At risk")), (BREACHED, _("Breached"))],
    )
    sort = forms.ChoiceField(
        label=_("Sort"), required=False, choices=[(DUE, _("Due first")), *SORT_CHOICES]
    )


def _tabs_for(user) -> list[str]:
    tabs = ["mine", "teams", "unassigned", "raised"]
    if can_see_all_open(user):
        tabs.append("all")
    return tabs


def _scopes(user, team_ids: list[int]) -> dict[str, Q | None]:
    return {
        "mine": Q(assignee=user),
        "teams": Q(team_id__in=team_ids),
        "unassigned": UNASSIGNED_FIRST_LINE,
        "raised": Q(created_by=user),  # to follow up what one escalated
        "all": None,
    }


def _apply_filters(tickets, form: QueueFilterForm, now):
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
    if sla := form.value("sla"):
        tickets = sla_filter(tickets, sla, now)
    return filter_by_text(tickets, form.value("q", ""))


def _ordering(sort: str) -> tuple:
    return due_first() if sort == DUE else SORTS.get(sort, SORTS["-created"])


def _querystring(form: QueueFilterForm, **extra) -> str:
    """The current filters as a query string, for tab, sort and page links."""
    values = {name: form.data.get(name, "") for name in FILTER_NAMES}
    values.update(extra)
    return urlencode({k: v for k, v in values.items() if v not in ("", None)})


@agent_required
def queue(request):
    user = request.user
    now = timezone.now()
    tabs = _tabs_for(user)
    tab = request.GET.get("tab") if request.GET.get("tab") in tabs else None
    if tab is None:
        tab = "mine" if user.assigned_tickets.filter(status__in=OPEN_STATUSES).exists() else "teams"
    form = QueueForm(request.GET or None, user=user)
    if form.is_bound:
        form.is_valid()  # invalid filters are dropped; their errors are shown
    sort = form.value("sort", DEFAULT_SORT.get(tab, "-created"))
    team_ids = list(user.memberships.values_list("team_id", flat=True))
    scopes = _scopes(user, team_ids)
    base = _apply_filters(visible_tickets(user), form, now)
    # Every tab's count in one query.
    counts = base.aggregate(**{name: Count("pk", filter=scopes[name]) for name in tabs})
    scope = scopes[tab]
    tickets = (
        (base if scope is None else base.filter(scope))
        .select_related("contact", "organisation", "team", "assignee", "category")
        .order_by(*_ordering(sort))
    )
    paginator = Paginator(tickets, PAGE_SIZE)
    paginator.count = counts[tab]  # already counted for the tab: one query less
    page = paginator.get_page(request.GET.get("page"))
    clocks = summaries(list(page.object_list), now)
    context = {
        "active_nav": "queue",
        "form": form,
        "tab": tab,
        "sort": sort,
        "tabs": [(name, TABS[name], counts[name]) for name in tabs],
        "page": page,
        "rows": [(ticket, clocks.get(ticket.pk)) for ticket in page.object_list],
        "filters": _querystring(form),
        "filters_with_tab": _querystring(form, tab=tab),
    }
    return render_page(request, "tickets/queue.html", context, fragment="results")
