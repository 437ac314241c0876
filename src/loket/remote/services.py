"""remote use cases."""
