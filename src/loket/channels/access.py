"""Who may do what with the channels. Every view and endpoint asks here.

- staff (agents, specialists, supervisors, admins) review incoming mail that needs an
  agent (flagged) and see the raw message of mail on tickets they may see;
- staff see the call log: agents and specialists their own calls, supervisors and
  admins every call, and the call metrics;
- only the answering agent gets a call's screen-pop;
- admins manage mailboxes, mail templates, telephone systems, blocked numbers and
  extensions (in the admin);
- customers see none of this; the telephone system authenticates with its token only.
"""

from django.db.models import QuerySet

from loket.accounts.models import Role, User
from loket.channels.models import Call, InboundMessage
from loket.tickets.access import visible_tickets

OVERSEERS = (Role.SUPERVISOR, Role.ADMIN)


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_review_mail(user: User) -> bool:
    """See and handle the incoming messages flagged for an agent."""
    return _active(user) and user.is_staff_member


def visible_inbound(user: User) -> QuerySet[InboundMessage]:
    """Incoming messages the user may read: flagged ones (no ticket yet) for staff, and
    those on tickets the user may see."""
    if not can_review_mail(user):
        return InboundMessage.objects.none()
    from django.db.models import Q

    return InboundMessage.objects.filter(
        Q(ticket__isnull=True) | Q(ticket__in=visible_tickets(user))
    )


def can_see_calls(user: User) -> bool:
    return _active(user) and user.is_staff_member


def can_see_call_metrics(user: User) -> bool:
    """The metrics of every queue and agent: supervisors and admins."""
    return _active(user) and user.role in OVERSEERS


def visible_calls(user: User) -> QuerySet[Call]:
    if not can_see_calls(user):
        return Call.objects.none()
    if user.role in OVERSEERS:
        return Call.objects.all()
    return Call.objects.filter(agent=user)


def can_manage_channels(user: User) -> bool:
    """Mailboxes, mail templates, telephone systems, blocked numbers, extensions."""
    return _active(user) and user.role == Role.ADMIN


# --- telephone (cti helper) -------------------------------------------------------------


def can_link_call(user: User, call: Call) -> bool:
    """Link a call to the ticket written for it: the agent who answered it, supervisors
    and admins."""
    if not can_see_calls(user):
        return False
    return call.agent_id == user.pk or user.role in OVERSEERS


def call_for(user: User, pk) -> Call | None:
    """A call the user may see, or None (an id that is not a number is no call)."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < number < 2**63:
        return None
    return (
        visible_calls(user).select_related("contact", "agent", "ticket").filter(pk=number).first()
    )
