"""Who sees teams and users, and who may use the Django admin and the all-open queue."""

import pytest

from loket.accounts.access import (
    assignable_users,
    can_see_all_open,
    can_use_admin,
    visible_teams,
)

pytestmark = pytest.mark.django_db


def test_staff_see_active_teams_and_customers_none(anna, chris, teams):
    teams["network"].is_active = False
    teams["network"].save(update_fields=["is_active"])

    assert set(visible_teams(anna)) == {teams["first"], teams["first_gent"], teams["second"]}
    assert not visible_teams(chris).exists()


def test_only_active_staff_can_be_assigned(anna, sam, sofie, ad, chris):
    sam.is_active = False
    sam.save(update_fields=["is_active"])

    assert set(assignable_users(anna)) == {anna, sofie, ad}
    assert not assignable_users(chris).exists()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("anna", False), ("sam", False), ("sofie", True), ("ad", True), ("chris", False)],
)
def test_all_open_queue_is_for_supervisors_and_admins(request, persona, allowed):
    assert can_see_all_open(request.getfixturevalue(persona)) is allowed


@pytest.mark.parametrize("persona", ["anna", "sam", "sofie", "chris"])
def test_only_admins_use_the_django_admin(request, persona):
    assert can_use_admin(request.getfixturevalue(persona)) is False
