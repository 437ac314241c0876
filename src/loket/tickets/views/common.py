"""What every agent view shares: who may use the agent UI, fragment-or-page rendering."""

from loket.core.pages import allowed_if, render_page
from loket.tickets.access import can_work_on_tickets

# Staff only: anonymous users go to the login page, customers get 403.
agent_required = allowed_if(can_work_on_tickets)

__all__ = ["agent_required", "render_page"]
