"""Who may read SLA clocks in detail and the SLA reports.

The compliance report is for the people who run the desk: supervisors and admins. It
shows counts and percentages per team and priority, never a ticket's content, so they
see every team's figures (a supervisor compares first and second line, whichever team
they lead). Agents, specialists and customers get 403.
"""

from django.db.models import QuerySet

from loket.accounts.models import Role, Team, User
from loket.tickets.access import can_work_on_tickets


def can_see_sla_detail(user: User | None) -> bool:
    """Staff see how a clock ran and when it warns; customers only what was promised
    (targets and due times of their own tickets)."""
    return user is not None and can_work_on_tickets(user)


def can_view_sla_report(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in (Role.SUPERVISOR, Role.ADMIN)


def report_teams(user: User) -> QuerySet[Team]:
    """The teams ``user`` may pick in the report's filter: every team, inactive ones too
    (their history still counts)."""
    if not can_view_sla_report(user):
        return Team.objects.none()
    return Team.objects.order_by("name")
