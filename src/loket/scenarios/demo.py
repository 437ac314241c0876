"""Demo data for scenarios, called by loket.core.demo.builder."""


def build(desk, now) -> int:
    """Create the demo scenarios; return how many were made."""
    return 0
