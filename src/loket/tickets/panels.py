"""Panels other apps add to the ticket page (scenario runner, checklists, complaint,
remote session, collaboration and callbacks, canned answers), rendered in the page's one
request.

Each module in ``PANEL_MODULES`` has ``ticket_panel(request, ticket, events)`` returning a
:class:`Panel`, or ``None`` when there is nothing to show or the user may not see it
(each app asks its own ``access`` module). A panel's actions post to its own app's
views, which answer with ``tickets.views.ticket.render_ticket`` so that the whole ticket,
timeline included, is redrawn after the change.
"""

from dataclasses import dataclass, field
from importlib import import_module
from typing import Literal

PANEL_MODULES = (
    "loket.complaints.panels",
    "loket.scenarios.panels",
    "loket.checklists.panels",
    "loket.remote.panels",
    "loket.planning.panels",
    "loket.macros.panels",
)


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    # "top": above the composer (complaint banner, scenario runner); "side": in the
    # right-hand column; "composer": inside the message form (canned answers).
    position: Literal["top", "side", "composer"] = "side"


def for_ticket(request, ticket, events) -> list[Panel]:
    panels = []
    for name in PANEL_MODULES:
        panel = import_module(name).ticket_panel(request, ticket, events)
        if panel is not None:
            panels.append(panel)
    return panels
