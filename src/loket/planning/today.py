"""What the signed-in agent has to do today, read in a bounded number of queries (one per
list): the Today page and ``GET /api/v1/me/today`` show the same."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from loket.accounts.models import User
from loket.directory.models import ContactPhone
from loket.planning.models import Callback, Collaborator
from loket.sla.queries import AT_RISK, BREACHED, sla_filter
from loket.tickets.access import visible_tickets
from loket.tickets.models import OPEN_STATUSES, Ticket

# Each list shows at most this many; the heading then says "50+".
LIMIT = 50


@dataclass
class Day:
    now: datetime
    callbacks: list[Callback] = field(default_factory=list)
    follow_ups: list[Ticket] = field(default_factory=list)
    at_risk: list[Ticket] = field(default_factory=list)
    help_requests: list[Collaborator] = field(default_factory=list)
    recurring: list[Ticket] = field(default_factory=list)

    @property
    def overdue_callbacks(self) -> int:
        return sum(1 for c in self.callbacks if c.due_at < self.now)

    @property
    def is_empty(self) -> bool:
        lists = (self.callbacks, self.follow_ups, self.at_risk, self.help_requests)
        return not any(lists) and not self.recurring


def day_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The start and end of ``now``'s day in the active time zone."""
    today = timezone.localtime(now).date()
    zone = timezone.get_current_timezone()
    start = datetime.combine(today, time.min, tzinfo=zone)
    return start, datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)


def _phones() -> Prefetch:
    return Prefetch("ticket__contact__phones", queryset=ContactPhone.objects.order_by("pk"))


def open_callbacks(user: User, *, until: datetime | None = None) -> QuerySet[Callback]:
    """``user``'s open callbacks, the earliest (so the overdue) first."""
    callbacks = Callback.objects.filter(assignee=user, done_at__isnull=True)
    if until is not None:
        callbacks = callbacks.filter(due_at__lt=until)
    return (
        callbacks.select_related("ticket__contact", "created_by")
        .prefetch_related(_phones())
        .order_by("due_at", "id")
    )


def _mine_or_my_teams_unassigned(user: User) -> Q:
    teams = user.memberships.values("team_id")
    return Q(assignee=user) | Q(assignee__isnull=True, team_id__in=teams)


def follow_ups(user: User, until: datetime) -> QuerySet[Ticket]:
    """Open tickets to follow up before ``until``, mine or my teams' unassigned ones."""
    return (
        visible_tickets(user)
        .filter(_mine_or_my_teams_unassigned(user))
        .filter(status__in=OPEN_STATUSES, follow_up_at__lt=until)
        .select_related("contact", "assignee")
        .order_by("follow_up_at", "id")
    )


def at_risk(user: User, now: datetime) -> QuerySet[Ticket]:
    """My open tickets whose SLA is at risk or breached, the most urgent first."""
    mine = visible_tickets(user).filter(assignee=user)
    return (
        (sla_filter(mine, AT_RISK, now) | sla_filter(mine, BREACHED, now))
        .select_related("contact")
        .order_by("-sla_breached", "sla_due_at", "id")
    )


def help_requests(user: User) -> QuerySet[Collaborator]:
    """Open help requests and mentions for ``user`` or their teams, asked by others."""
    teams = user.memberships.values("team_id")
    return (
        Collaborator.objects.filter(Q(user=user) | Q(team_id__in=teams), done_at__isnull=True)
        .exclude(requested_by=user)
        .select_related("ticket", "requested_by", "team")
        .order_by("requested_at", "id")
    )


def recurring_today(user: User, start: datetime, end: datetime) -> QuerySet[Ticket]:
    """Tickets made today by recurring tasks, mine or my teams' unassigned ones."""
    return (
        visible_tickets(user)
        .filter(_mine_or_my_teams_unassigned(user))
        .filter(task_occurrence__occurrence_at__gte=start, task_occurrence__occurrence_at__lt=end)
        .select_related("assignee")
        .order_by("task_occurrence__occurrence_at", "id")
    )


def my_day(user: User, now: datetime | None = None) -> Day:
    """Everything of the Today page, in six queries."""
    now = now or timezone.now()
    start, end = day_bounds(now)
    return Day(
        now=now,
        callbacks=list(open_callbacks(user, until=end)[:LIMIT]),
        follow_ups=list(follow_ups(user, end)[:LIMIT]),
        at_risk=list(at_risk(user, now)[:LIMIT]),
        help_requests=list(help_requests(user)[:LIMIT]),
        recurring=list(recurring_today(user, start, end)[:LIMIT]),
    )
