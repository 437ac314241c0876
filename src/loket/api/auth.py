"""Bearer-token authentication: ``Authorization: Bearer lkt_…``."""

from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer

from loket.accounts.models import User
from loket.accounts.services import user_for_token


class TokenAuth(HttpBearer):
    """Resolve the bearer token to its active user (tokens are stored hashed)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token.strip())
        if user is not None and not request.META.get("HTTP_ACCEPT_LANGUAGE"):
            # No language asked for: answer in the token user's interface language.
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]
        return user


def acting_user(request: HttpRequest) -> User:
    """The user the request's token belongs to."""
    return request.auth  # type: ignore[attr-defined]
