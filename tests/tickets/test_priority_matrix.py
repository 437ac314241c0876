"""Impact × urgency → priority: the default matrix, admin changes, and its shape."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loket.core.errors import InvalidInput
from loket.tickets.models import PriorityRule
from loket.tickets.services import DEFAULT_MATRIX, priority_for, priority_matrix

pytestmark = pytest.mark.django_db

levels = st.integers(min_value=1, max_value=3)
db_settings = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def rank(priority: str) -> int:
    """1 for P1 (most urgent) … 4 for P4."""
    return int(priority[1])


@pytest.mark.parametrize(
    ("impact", "urgency", "priority"),
    [
        (1, 1, "P1"),
        (1, 2, "P2"),
        (1, 3, "P3"),
        (2, 1, "P2"),
        (2, 2, "P3"),
        (2, 3, "P4"),
        (3, 1, "P3"),
        (3, 2, "P4"),
        (3, 3, "P4"),
    ],
)
def test_default_matrix_gives_this_priority(impact, urgency, priority):
    assert priority_for(impact, urgency) == priority
    assert DEFAULT_MATRIX[(impact, urgency)] == priority


def test_migrated_matrix_matches_the_default():
    assert priority_matrix() == DEFAULT_MATRIX
    assert PriorityRule.objects.count() == 9


def test_admin_changed_cell_changes_the_priority():
    PriorityRule.objects.filter(impact=3, urgency=3).update(priority="P3")

    assert priority_for(3, 3) == "P3"
    assert priority_matrix()[(3, 3)] == "P3"


def test_admin_changed_cell_applies_to_new_tickets(make_ticket):
    PriorityRule.objects.filter(impact=2, urgency=2).update(priority="P1")

    assert make_ticket(impact=2, urgency=2).priority == "P1"


def test_missing_cell_falls_back_to_the_default():
    PriorityRule.objects.filter(impact=1, urgency=1).delete()

    assert priority_for(1, 1) == "P1"


@pytest.mark.parametrize(
    ("impact", "urgency"), [(0, 1), (1, 0), (4, 2), (2, 4), (-1, 1), ("1", 1), (None, 2)]
)
def test_levels_outside_one_to_three_are_refused(impact, urgency):
    with pytest.raises(InvalidInput) as excinfo:
        priority_for(impact, urgency)

    assert excinfo.value.code == "invalid_level"


@db_settings
@given(impact=levels, urgency=levels)
def test_every_combination_gives_p1_to_p4(impact, urgency):
    assert priority_for(impact, urgency) in {"P1", "P2", "P3", "P4"}


@db_settings
@given(impact=levels, urgency=levels)
def test_raising_impact_or_urgency_never_lowers_the_priority(impact, urgency):
    # Level 1 is the highest, so "raising" means a smaller number.
    priority = rank(priority_for(impact, urgency))
    if impact > 1:
        assert rank(priority_for(impact - 1, urgency)) <= priority
    if urgency > 1:
        assert rank(priority_for(impact, urgency - 1)) <= priority


@db_settings
@given(impact=st.integers(), urgency=st.integers())
def test_any_other_integer_is_refused(impact, urgency):
    if impact in (1, 2, 3) and urgency in (1, 2, 3):
        assert priority_for(impact, urgency)
    else:
        with pytest.raises(InvalidInput):
            priority_for(impact, urgency)
