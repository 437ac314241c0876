"""Collaboration and planning use cases."""


def note_added(event) -> None:
    """Notify the colleagues @mentioned in an internal note."""
