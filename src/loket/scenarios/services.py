"""scenarios use cases."""
