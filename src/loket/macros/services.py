"""macros use cases."""
