"""Demo data for remote, called by loket.core.demo.builder."""


def build(desk, now) -> int:
    """Create the demo remote; return how many were made."""
    return 0
