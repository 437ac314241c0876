"""Loket: the service desk for first-line digital user support."""
