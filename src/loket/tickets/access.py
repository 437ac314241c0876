"""Who may see and change which ticket. Every view and endpoint asks here.

- admin: every ticket;
- supervisor: tickets of the teams they lead, plus those assigned to or created by them;
- agent (first line): tickets of their teams, assigned to them, created by them, and the
  unassigned first-line queue (no team, or a first-line team, and no assignee);
- specialist: tickets of their teams and those assigned to them;
- customer: only tickets of their own contact (an organisation administrator: also every
  ticket of their organisation), read, reply and close only.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, F, Func, Q, QuerySet, Subquery
from django.http import Http404

from loket.accounts.models import Role, TeamKind, User
from loket.tickets.models import Ticket

UNASSIGNED_FIRST_LINE = Q(assignee__isnull=True) & (
    Q(team__isnull=True) | Q(team__kind=TeamKind.FIRST_LINE)
)


def _team_ids(user: User, *, lead_only: bool = False) -> list[int]:
    memberships = user.memberships.all()
    if lead_only:
        memberships = memberships.filter(is_lead=True)
    return list(memberships.values_list("team_id", flat=True))


class _PkAmong(Func):
    """``pk = ANY(ARRAY(subquery))`` on PostgreSQL, ``pk IN (subquery)`` elsewhere.

    Under an OR, PostgreSQL runs ``pk IN (subquery)`` as a filter on every row the other
    conditions leave (all open tickets of a team, tens of thousands, when the user is
    not in it). ``ARRAY(subquery)`` is computed once and ``pk = ANY(…)`` can be looked up
    in the primary key, so the planner combines it with the other conditions' indexes
    (a BitmapOr) and reads only the tickets that match (see docs/benchmarks.md, queues)."""

    output_field = BooleanField()

    def __init__(self, ticket_ids: QuerySet):
        super().__init__(F("pk"), Subquery(ticket_ids.order_by()))

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="%(expressions)s", arg_joiner=" IN ")

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="%(expressions)s)", arg_joiner=" = ANY(ARRAY"
        )


def _helping(user: User) -> Q:
    """Tickets a colleague asked ``user`` (or one of their teams) to help with."""
    from loket.planning.access import collaborating_ticket_ids

    return Q(_PkAmong(collaborating_ticket_ids(user)))


def _complaints_to_handle(user: User) -> Q:
    """Tickets whose complaint was passed to ``user`` (a supervisor)."""
    from loket.complaints.models import Complaint

    return Q(_PkAmong(Complaint.objects.filter(notified=user).values("ticket_id")))


def visibility_filter(user: User) -> Q | None:
    """The condition on tickets that ``user`` may see; None means every ticket."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role == Role.ADMIN:
        return None
    if user.role == Role.SUPERVISOR:
        return (
            Q(team_id__in=_team_ids(user, lead_only=True))
            | Q(assignee=user)
            | Q(created_by=user)
            | _helping(user)
            | _complaints_to_handle(user)
        )
    if user.role == Role.AGENT:
        return (
            Q(team_id__in=_team_ids(user))
            | Q(assignee=user)
            | Q(created_by=user)
            | UNASSIGNED_FIRST_LINE
            | _helping(user)
        )
    if user.role == Role.SPECIALIST:
        return Q(team_id__in=_team_ids(user)) | Q(assignee=user) | _helping(user)
    if user.role == Role.CUSTOMER and user.contact_id:
        organisation_id = _administered_organisation(user)
        if organisation_id:
            return Q(contact_id=user.contact_id) | Q(organisation_id=organisation_id)
        return Q(contact_id=user.contact_id)
    return Q(pk__in=[])


def _administered_organisation(user: User) -> int | None:
    """The organisation whose tickets a customer "organisation administrator" sees."""
    if not user.organisation_admin:
        return None
    return user.contact.organisation_id if user.contact else None


def visible_tickets(user: User) -> QuerySet[Ticket]:
    condition = visibility_filter(user)
    tickets = Ticket.objects.all()
    return tickets if condition is None else tickets.filter(condition)


def can_work_on_tickets(user: User) -> bool:
    """Staff may change tickets they can see; customers only read and reply."""
    return user.is_authenticated and user.is_active and user.is_staff_member


def can_create_ticket(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff_member or (user.is_customer and user.contact_id is not None)


CUSTOMER_CHANNELS = ("api", "portal")
STAFF_ONLY_FIELDS = ("organisation", "team", "assignee", "follow_up_at")


def restrict_new_ticket(user: User, fields: dict, *, default_channel: str) -> dict:
    """What ``user`` may set on a ticket they create. Staff set anything; a customer only
    opens a ticket for their own contact, through a customer channel, without internal
    fields (PermissionDenied otherwise)."""
    if not can_create_ticket(user):
        raise PermissionDenied("You may not create tickets")
    if not user.is_customer:
        return fields
    if fields.get("contact") not in (None, user.contact_id):
        raise PermissionDenied("Customers open tickets only for themselves")
    if any(fields.get(name) for name in STAFF_ONLY_FIELDS):
        raise PermissionDenied("Customers cannot set internal fields")
    channel = fields.get("channel")
    return {
        **fields,
        "contact": user.contact_id,
        "channel": channel if channel in CUSTOMER_CHANNELS else default_channel,
    }


def ticket_for(user: User, key: int | str, *, write: bool = False) -> Ticket:
    """The ticket with id or number ``key`` if ``user`` may see it (and change it, with
    ``write``); Http404 when it does not exist or is hidden, PermissionDenied when it is
    visible but not writable."""
    lookup = {"number": key} if isinstance(key, str) and "-" in key else {"pk": _as_int(key)}
    ticket = (
        visible_tickets(user)
        .select_related("contact__organisation", "organisation", "team", "assignee", "category")
        .filter(**lookup)
        .first()
    )
    if ticket is None:
        raise Http404("No such ticket")
    if write and not can_work_on_tickets(user):
        raise PermissionDenied("You may not change this ticket")
    return ticket


def can_reply(user: User, ticket: Ticket) -> bool:
    """Staff who see the ticket reply; a customer replies on their own open ticket."""
    if user.is_staff_member:
        return True
    if not user.is_customer:
        return False
    if ticket.contact_id == user.contact_id:
        return True
    organisation_id = _administered_organisation(user)
    return organisation_id is not None and ticket.organisation_id == organisation_id


def _as_int(key: int | str) -> int:
    try:
        return int(key)
    except (TypeError, ValueError):
        raise Http404("No such ticket") from None
