"""The canned-answer picker inside the ticket composer (see ``loket.tickets.panels``).

It is drawn inside the message ``<form>``: its buttons post to ``macros:insert`` with
``formaction`` (without JavaScript) or ``hx-post`` (with htmx), never a nested form.
"""

from loket.macros.access import can_use_macros
from loket.macros.models import LANGUAGES
from loket.macros.services import suggest_macros
from loket.tickets.panels import Panel

TEMPLATE = "macros/_composer.html"
MAX_SHOWN = 200
QUICK = 3


def ticket_panel(request, ticket, events):
    if not can_use_macros(request.user):
        return None
    macros = suggest_macros(ticket, limit=MAX_SHOWN)  # 3 queries, texts prefetched
    if not macros:
        return None
    contact = ticket.contact
    language = contact.language if contact is not None else "nl"
    for macro in macros:
        codes = {t.language for t in macro.texts.all() if t.body.strip()}
        macro.languages = [code for code in LANGUAGES if code in codes]
        macro.fits_contact = language in codes
    suggested = [m for m in macros if m.fits == 0]
    quick = (suggested or [m for m in macros if m.use_count])[:QUICK]
    return Panel(
        TEMPLATE,
        {
            "quick": quick,
            "suggested": suggested,
            "others": [m for m in macros if m.fits != 0],
            "language": language,
        },
        position="composer",
    )
