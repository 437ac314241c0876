"""Demo data for guided first-line work: scenarios, checklists, canned answers, remote
session tools, complaints, callbacks and recurring tasks. Each app builds its own."""

from importlib import import_module

APPS = ("macros", "checklists", "scenarios", "remote", "complaints", "planning")


def build_guidance(desk, now) -> dict[str, int]:
    return {app: import_module(f"loket.{app}.demo").build(desk, now) for app in APPS}
