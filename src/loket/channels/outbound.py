"""Mail to contacts and agents, queued in the ticket's transaction (filled in below)."""


def event_written(event) -> None:
    """Queue the mails a timeline event calls for (not yet: see issue 6 work)."""
