"""Turning due recurring-task occurrences into tickets (run by the worker)."""

from datetime import datetime


def create_due_occurrences(*, now: datetime) -> int:
    return 0
