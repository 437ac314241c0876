"""Account use cases: creating users by role, team membership and API tokens."""

from datetime import timedelta

import pytest
from django.utils import timezone

from loket.accounts.access import can_use_admin
from loket.accounts.models import ApiToken, Membership, Role
from loket.accounts.services import (
    TOKEN_PREFIX,
    add_to_team,
    create_user,
    issue_token,
    revoke_token,
    user_for_token,
)
from loket.core.errors import InvalidInput

pytestmark = pytest.mark.django_db


# --- users -------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.AGENT, Role.SPECIALIST, Role.SUPERVISOR])
def test_staff_user_gets_no_django_admin_access(role):
    user = create_user(username="u", role=role, password="pw")

    assert user.role == role
    assert user.is_staff_member
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert user.check_password("pw")


def test_admin_gets_django_admin_access():
    user = create_user(username="root", role=Role.ADMIN)

    assert (user.is_staff, user.is_superuser) == (True, True)
    assert can_use_admin(user)


def test_customer_is_linked_to_a_contact(contact_a):
    user = create_user(username="c", role=Role.CUSTOMER, contact=contact_a)

    assert user.is_customer
    assert not user.is_staff_member
    assert user.contact == contact_a
    assert not user.is_staff


def test_customer_without_contact_is_refused():
    with pytest.raises(InvalidInput) as excinfo:
        create_user(username="c", role=Role.CUSTOMER)

    assert excinfo.value.code == "contact_required"


def test_unknown_role_is_refused():
    with pytest.raises(InvalidInput) as excinfo:
        create_user(username="x", role="overlord")

    assert excinfo.value.code == "bad_role"


def test_user_without_password_cannot_log_in_with_one():
    user = create_user(username="sso", role=Role.AGENT)

    assert not user.has_usable_password()


def test_adding_to_a_team_twice_updates_the_lead_flag(anna, teams):
    add_to_team(anna, teams["first"], is_lead=True)

    membership = Membership.objects.get(user=anna, team=teams["first"])
    assert membership.is_lead is True
    assert anna.memberships.count() == 1


# --- API tokens --------------------------------------------------------------------


def test_issued_token_identifies_its_user(anna):
    raw = issue_token(anna, name="CTI bridge")

    assert raw.startswith(TOKEN_PREFIX)
    assert user_for_token(raw) == anna


def test_only_the_digest_is_stored(anna):
    raw = issue_token(anna)

    token = ApiToken.objects.get(user=anna)
    assert token.digest == ApiToken.digest_of(raw)
    assert raw not in token.digest
    assert token.prefix == raw[:10]
    stored = [str(v) for v in ApiToken.objects.values_list(flat=False).get()]
    assert all(raw not in value for value in stored)


def test_tokens_are_unique(anna):
    assert issue_token(anna) != issue_token(anna)


@pytest.mark.parametrize("raw", ["", None, "lkt_not-a-token", "x" * 201, "Bearer lkt_abc"])
def test_unknown_or_malformed_tokens_are_rejected(anna, raw):
    issue_token(anna)

    assert user_for_token(raw) is None


def test_revoked_token_is_rejected(anna):
    raw = issue_token(anna)

    revoke_token(ApiToken.objects.get(user=anna))

    assert user_for_token(raw) is None


def test_token_of_an_inactive_user_is_rejected(anna):
    raw = issue_token(anna)
    anna.is_active = False
    anna.save(update_fields=["is_active"])

    assert user_for_token(raw) is None


def test_revoking_keeps_the_first_revocation_time(anna):
    issue_token(anna)
    token = ApiToken.objects.get(user=anna)
    revoke_token(token)
    first = ApiToken.objects.get(pk=token.pk).revoked_at

    revoke_token(token)

    assert ApiToken.objects.get(pk=token.pk).revoked_at == first


def test_use_is_recorded_at_most_once_a_minute(anna, django_assert_num_queries):
    raw = issue_token(anna)

    user_for_token(raw)
    first_use = ApiToken.objects.get(user=anna).last_used_at
    with django_assert_num_queries(1):  # the lookup only, no write
        user_for_token(raw)

    assert first_use is not None
    assert ApiToken.objects.get(user=anna).last_used_at == first_use


def test_use_after_a_minute_is_recorded_again(anna):
    raw = issue_token(anna)
    earlier = timezone.now() - timedelta(minutes=5)
    ApiToken.objects.filter(user=anna).update(last_used_at=earlier)

    user_for_token(raw)

    assert ApiToken.objects.get(user=anna).last_used_at > earlier
