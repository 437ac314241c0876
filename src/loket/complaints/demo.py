"""Demo data for complaints, called by loket.core.demo.builder."""


def build(desk, now) -> int:
    """Create the demo complaints; return how many were made."""
    return 0
