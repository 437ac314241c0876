"""Complaint use cases."""


def check_closable(ticket, acting_user) -> None:
    """Refuse to close a complaint whose satisfaction follow-up is not done."""
