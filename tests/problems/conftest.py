"""Builders shared by the known-problem tests."""

import pytest

from loket.problems.services import create_problem


@pytest.fixture
def make_problem(db, sofie):
    def make(acting_user=None, **fields):
        fields.setdefault("title", "Printers print blank pages")
        fields.setdefault("symptoms", "Every printer on floor 2 prints blank pages.")
        fields.setdefault("workaround", "Print to the printer on floor 3.")
        return create_problem(acting_user=acting_user or sofie, **fields)

    return make


@pytest.fixture
def problem(make_problem):
    return make_problem()
