"""Builders for the editor's tests: trees, a scenario written through ``authoring``.

Import the fixtures into a test module: ``from tests.scenarios.editor_fixtures import *``.
"""

import pytest

from loket.scenarios import authoring


def t(nl, fr="", en=""):
    texts = {"nl": nl}
    if fr:
        texts["fr"] = fr
    if en:
        texts["en"] = en
    return texts


def question(step_id, **options):
    return {
        "id": step_id,
        "kind": "question",
        "title": t(f"Vraag {step_id}"),
        "options": [{"id": o, "label": t(o), "next": n} for o, n in options.items()],
    }


def instruction(step_id, next_id):
    return {"id": step_id, "kind": "instruction", "title": t(f"Doe {step_id}"), "next": next_id}


def check(step_id, passed, failed, not_possible):
    return {
        "id": step_id,
        "kind": "check",
        "title": t(f"Test {step_id}"),
        "outcomes": {"pass": passed, "fail": failed, "not_possible": not_possible},
    }


def resolve(step_id, code="first-contact"):
    return {
        "id": step_id,
        "kind": "action",
        "title": t("Oplossen"),
        "action": {"type": "resolve", "code": code, "resolution": t("Opgelost.")},
    }


def escalate(step_id, team_id):
    return {
        "id": step_id,
        "kind": "action",
        "title": t("Doorsturen"),
        "action": {"type": "escalate", "team": team_id, "reason": t("Hardware")},
    }


def small_tree(team_id):
    """A valid tree with every kind of step: question → instruction → check → actions."""
    return {
        "start": "on",
        "steps": [
            question("on", yes="test", no="switch-on"),
            instruction("switch-on", "test"),
            check("test", "done", "send", "send"),
            resolve("done"),
            escalate("send", team_id),
        ],
    }


@pytest.fixture
def tree(teams):
    return small_tree(teams["second"].pk)


@pytest.fixture
def scenario(sofie, categories):
    """A scenario by Sofie for printing, with its empty draft v1."""
    return authoring.create_scenario(
        titles={
            "nl": "Printer print niet",
            "fr": "L'imprimante n'imprime pas",
            "en": "Printer does not print",
        },
        owner=sofie,
        categories=[categories["printing"]],
        keywords="printer, afdrukken",
        acting_user=sofie,
    )


@pytest.fixture
def published(scenario, sofie, tree):
    """The scenario with ``tree`` published as v1."""
    draft = authoring.draft_for(scenario, acting_user=sofie)
    authoring.save_draft(draft, tree=tree, acting_user=sofie)
    return authoring.publish(draft, note="Eerste versie", acting_user=sofie)
