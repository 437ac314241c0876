"""The remote panel on the ticket page (see ``loket.tickets.panels``)."""

from django.utils import timezone

from loket.core.errors import ServiceError
from loket.remote import access, services
from loket.remote.models import Consent, ConsentState, RemoteSession
from loket.tickets.models import EventKind
from loket.tickets.panels import Panel

TEMPLATE = "remote/_panel.html"
HISTORY = 6


def ticket_panel(request, ticket, events):
    if not access.can_take_over(request.user):
        return None
    # Every consent and session writes a REMOTE event: without one there is nothing to read.
    known = events is None or any(e.kind == EventKind.REMOTE for e in events)
    return Panel(TEMPLATE, panel_context(request, ticket, read_records=known), "side")


def _selected_tool(request, tools, consents):
    wanted = request.GET.get("remote_tool")
    for tool in tools:
        if str(tool.pk) == wanted:
            return tool
    recent = {c.tool_id for c in consents}
    for tool in tools:
        if tool.pk in recent:
            return tool
    return tools[0] if tools else None


def panel_context(request, ticket, *, read_records: bool = True) -> dict:
    """What the panel shows: running sessions, valid and pending consents, and the way to
    ask consent (the text to read aloud in the contact's language, or a link)."""
    now = timezone.now()
    tools = list(access.active_tools())
    consents: list[Consent] = []
    running: list[RemoteSession] = []
    if read_records:
        consents = list(
            Consent.objects.filter(ticket=ticket)
            .select_related("tool", "requested_by")
            .order_by("-requested_at", "-id")[:HISTORY]
        )
        running = list(
            RemoteSession.objects.filter(ticket=ticket, ended_at__isnull=True)
            .select_related("tool", "consent")
            .order_by("started_at", "pk")
        )
    for consent in consents:
        consent.current_state = consent.state(now)
        consent.state_label = ConsentState(consent.current_state).label
    busy = {s.consent_id for s in running}
    valid = [c for c in consents if c.current_state == ConsentState.VALID]
    pending = [c for c in consents if c.current_state == ConsentState.PENDING]
    tool = _selected_tool(request, tools, consents)
    contact = ticket.contact
    text = language = ""
    if contact is not None and tool is not None:
        try:
            text, language = services.consent_text(ticket, tool, agent=request.user)
        except ServiceError:
            text = ""
    return {
        "now": now,
        "tools": tools,
        "tool": tool,
        "contact": contact,
        "has_email": bool(contact is not None and contact.emails.exists()),
        "text": text,
        "language": language,
        "running": running,
        "ready": [c for c in valid if c.pk not in busy],
        "valid": valid,
        "pending": pending,
        "history": [
            c for c in consents if c.current_state not in (ConsentState.VALID, ConsentState.PENDING)
        ],
        # Folded until the agent opens it or picks a tool: the consent text is long and
        # most calls need no remote session.
        "ask_open": "remote_tool" in request.GET,
        "ticket_open": ticket.is_open,
        "link_minutes": services.link_minutes(),
    }
