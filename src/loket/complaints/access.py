"""Who may register, handle and count complaints. Every view and endpoint asks here.

- staff (agents, specialists, supervisors, admins) register a complaint, record its
  answer and the satisfaction follow-up on the tickets they may change
  (``loket.tickets.access.ticket_for(user, key, write=True)`` decides which);
- supervisors and administrators change a complaint's deadline and see the counts
  per organisation, category and period;
- customers see nothing of a complaint: it is internal (its timeline events are not
  public). Closing their own ticket in the portal records the follow-up for them.
"""

from django.db.models import QuerySet

from loket.accounts.models import Role, User
from loket.complaints.models import Complaint

MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_register_complaints(user: User) -> bool:
    """Staff register complaints and follow them up on tickets they may change."""
    return _active(user) and user.is_staff_member


def can_change_deadlines(user: User) -> bool:
    """Supervisors and admins move a complaint's deadline."""
    return _active(user) and user.role in MANAGERS


def can_see_complaint_counts(user: User) -> bool:
    """Supervisors and admins see the counts page, the open complaints and the CSV."""
    return _active(user) and user.role in MANAGERS


def counted_complaints(user: User) -> QuerySet[Complaint]:
    """Every complaint, for those who see the counts (the numbers are the desk's, like
    the SLA report's); nothing for anyone else."""
    if not can_see_complaint_counts(user):
        return Complaint.objects.none()
    return Complaint.objects.all()


def listed_complaints(user: User) -> QuerySet[Complaint]:
    """The complaints whose ticket ``user`` may open: the lists show paraphrases, so they
    follow the ticket access policy."""
    if not can_register_complaints(user):
        return Complaint.objects.none()
    from loket.tickets.access import visible_tickets

    return Complaint.objects.filter(ticket__in=visible_tickets(user))
