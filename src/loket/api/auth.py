"""Bearer-token authentication: ``Authorization: Bearer lkt_…``."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from loket.accounts.models import User
from loket.accounts.services import user_for_token


class TokenAuth(HttpBearer):
    """Resolve the bearer token to its active user (tokens are stored hashed)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return user_for_token(token.strip())


def acting_user(request: HttpRequest) -> User:
    """The user the request's token belongs to."""
    return request.auth  # type: ignore[attr-defined]
