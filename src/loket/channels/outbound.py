"""Mail to contacts and agents, queued in the ticket's transaction (filled in by the
e-mail-out work; these are the hooks the rest of the app calls)."""


def event_written(event) -> None:
    """Queue the mails a timeline event calls for."""


def acknowledge(ticket, message):
    """Queue the "ticket received" mail for a ticket created from ``message``."""
    return None


def mailbox_for(ticket):
    """The mailbox replies on ``ticket`` are sent from."""
    return None
