"""Who may use and define checklists (routine tests). Every view and endpoint asks here.

- staff (agents, specialists, supervisors, administrators) browse the templates, add
  checklists to the tickets they may change and tick them off; an agent removes a
  checklist added by mistake (not required, nothing ticked);
- supervisors and administrators define templates and remove any checklist;
- customers see no checklist (they are internal), and anonymous users nothing.

Ticket access itself is ``loket.tickets.access.ticket_for(user, key, write=True)``.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from loket.accounts.models import Role, User
from loket.checklists.models import ChecklistTemplate, TicketChecklist
from loket.tickets.models import Ticket

DEFINERS = (Role.SUPERVISOR, Role.ADMIN)


def _active(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_use_checklists(user: User | None) -> bool:
    """Browse templates, add checklists to tickets and tick them off."""
    return _active(user) and bool(user and user.is_staff_member)


def can_define_checklists(user: User | None) -> bool:
    """Create and edit templates and their items."""
    return _active(user) and bool(user and user.role in DEFINERS)


def can_remove_any_checklist(user: User | None) -> bool:
    """Remove a required checklist, or one with ticked items."""
    return can_define_checklists(user)


def visible_templates(user: User) -> QuerySet[ChecklistTemplate]:
    if not can_use_checklists(user):
        return ChecklistTemplate.objects.none()
    return ChecklistTemplate.objects.all()


def template_for(user: User, pk: int | str, *, write: bool = False) -> ChecklistTemplate:
    """The template ``pk`` if ``user`` may see it (and change it, with ``write``);
    Http404 when it does not exist or is hidden, PermissionDenied when not writable."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such checklist template") from None
    template = visible_templates(user).filter(pk=key).first()
    if template is None:
        raise Http404("No such checklist template")
    if write and not can_define_checklists(user):
        raise PermissionDenied("You may not change checklist templates")
    return template


def checklist_on(user: User, ticket: Ticket, pk: int | str) -> TicketChecklist:
    """The checklist ``pk`` of ``ticket`` (which the caller got through ``ticket_for``)."""
    if not can_use_checklists(user):
        raise PermissionDenied("Only staff use checklists")
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such checklist") from None
    checklist = TicketChecklist.objects.filter(ticket=ticket, pk=key).first()
    if checklist is None:
        raise Http404("No such checklist")
    return checklist
