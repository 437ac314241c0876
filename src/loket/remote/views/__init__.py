"""The remote-session pages: the ticket panel's actions, the contact's consent page and
the supervisors' audit."""

from loket.remote.views.audit import audit, audit_csv
from loket.remote.views.public import consent_page, consent_withdraw
from loket.remote.views.ticket import index, panel, ticket_action, wait

__all__ = [
    "audit",
    "audit_csv",
    "consent_page",
    "consent_withdraw",
    "index",
    "panel",
    "ticket_action",
    "wait",
]
