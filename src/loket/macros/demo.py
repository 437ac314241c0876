"""Demo data for macros, called by loket.core.demo.builder."""


def build(desk, now) -> int:
    """Create the demo macros; return how many were made."""
    return 0
