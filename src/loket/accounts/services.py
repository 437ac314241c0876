"""Account use cases: users, team membership, API tokens."""

import secrets

from django.db import transaction
from django.utils import timezone

from loket.accounts.models import ApiToken, Membership, Role, Team, User
from loket.core.errors import InvalidInput

TOKEN_PREFIX = "lkt_"


@transaction.atomic
def create_user(
    *,
    username: str,
    role: str,
    password: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    language: str = "nl",
    contact=None,
) -> User:
    """Create a user; admins also get Django admin access (is_staff/is_superuser)."""
    if role not in Role.values:
        raise InvalidInput(f"unknown role {role!r}", code="bad_role")
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(f"the user name {username!r} is taken", code="username_taken")
    if role == Role.CUSTOMER and contact is None:
        raise InvalidInput("a customer user needs a contact", code="contact_required")
    user = User(
        username=username,
        role=role,
        email=email,
        first_name=first_name,
        last_name=last_name,
        language=language,
        contact=contact,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def add_to_team(user: User, team: Team, *, is_lead: bool = False) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user=user, team=team, defaults={"is_lead": is_lead}
    )
    return membership


def issue_token(user: User, *, name: str = "") -> str:
    """Create an API token for ``user`` and return it; only its digest is kept."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, prefix=raw[:10], digest=ApiToken.digest_of(raw))
    return raw


def user_for_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Write the last-use time at most once a minute: a token on a busy integration
    # would otherwise turn every read into a write.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_token(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
