"""Who may ask consent for and log remote sessions. Every view and endpoint asks here.

- staff (agents, specialists, supervisors, admins) ask consent, log sessions and
  withdraw consent on the tickets they may change (``tickets.access.ticket_for``);
- supervisors and admins read the audit of the consents and sessions on the tickets
  they may see;
- customers never see consents or sessions (internal); the contact answers on the
  public consent page, which only the link's secret opens.
"""

from django.db.models import QuerySet
from django.http import Http404

from loket.accounts.models import Role, User
from loket.remote.models import Consent, RemoteSession, RemoteTool
from loket.tickets.access import visible_tickets

AUDITORS = (Role.SUPERVISOR, Role.ADMIN)


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_take_over(user: User) -> bool:
    """Ask consent and log remote sessions (on tickets the user may change)."""
    return _active(user) and user.is_staff_member


def can_audit(user: User) -> bool:
    """Read the consent and session audit, and export it."""
    return _active(user) and user.role in AUDITORS


def active_tools() -> QuerySet[RemoteTool]:
    return RemoteTool.objects.filter(is_active=True).order_by("position", "name")


def tool_for(pk: int | str | None) -> RemoteTool | None:
    """The active tool ``pk``, or None."""
    try:
        key = int(pk)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return active_tools().filter(pk=key).first()


def visible_consents(user: User) -> QuerySet[Consent]:
    if not can_take_over(user):
        return Consent.objects.none()
    return Consent.objects.filter(ticket__in=visible_tickets(user))


def visible_sessions(user: User) -> QuerySet[RemoteSession]:
    if not can_take_over(user):
        return RemoteSession.objects.none()
    return RemoteSession.objects.filter(ticket__in=visible_tickets(user))


def _key(pk: int | str) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404("Not found") from None


def consent_for(user: User, pk: int | str) -> Consent:
    """The consent ``pk`` on a ticket ``user`` may see; Http404 otherwise."""
    consent = (
        visible_consents(user)
        .select_related("ticket", "tool", "contact")
        .filter(pk=_key(pk))
        .first()
    )
    if consent is None:
        raise Http404("No such consent")
    return consent


def session_for(user: User, pk: int | str) -> RemoteSession:
    """The session ``pk`` on a ticket ``user`` may see; Http404 otherwise."""
    session = (
        visible_sessions(user)
        .select_related("ticket", "consent", "tool")
        .filter(pk=_key(pk))
        .first()
    )
    if session is None:
        raise Http404("No such session")
    return session
