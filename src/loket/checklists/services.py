"""Checklist use cases."""


def check_resolvable(ticket) -> None:
    """Refuse to resolve ``ticket`` while a required checklist is incomplete."""
