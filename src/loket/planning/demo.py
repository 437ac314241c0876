"""Demo data for planning, called by loket.core.demo.builder."""


def build(desk, now) -> int:
    """Create the demo planning; return how many were made."""
    return 0
