"""Every API error is JSON ``{"detail": str, "code": str}``; nothing becomes a 500.

Services raise :class:`~loket.core.errors.ServiceError` with a stable ``code`` and an HTTP
``status``; access functions raise ``Http404``/``PermissionDenied``; ninja raises its own
validation and HTTP errors. Each is mapped here, in one place.
"""

import logging

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from loket.core.errors import ServiceError, VersionConflict

logger = logging.getLogger(__name__)

HTTP_ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "validation_error",
    429: "throttled",
}


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, code: str, **extra
) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(detail), "code": code, **extra}, status=status
    )


def _describe(error: dict) -> dict:
    """A validation error as location, message and type, without echoing the input."""
    loc = [str(part) for part in error.get("loc", ())]
    if loc[:2] == ["body", "payload"]:
        del loc[1]  # the handler's parameter name means nothing to the client
    return {
        "loc": loc,
        "msg": str(error.get("msg", "")),
        "type": str(error.get("type", "")),
    }


def install_error_handlers(api: NinjaAPI) -> None:
    """Register the JSON error mapping on ``api``."""

    @api.exception_handler(ServiceError)
    def service_error(request, exc: ServiceError):
        extra = {}
        if isinstance(exc, VersionConflict):
            extra["current_version"] = exc.current_version
        return error_response(api, request, exc.status, exc.message, exc.code, **extra)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response(api, request, 404, _("Not found."), "not_found")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return error_response(api, request, 403, _("You are not allowed to do this."), "forbidden")

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        response = error_response(
            api,
            request,
            401,
            _("Authentication is required: send a valid API token as “Bearer TOKEN”."),
            "unauthorized",
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        status = exc.status_code
        if status == 400:
            detail = _("The request body could not be read; send valid JSON.")
        else:
            detail = str(exc)
        return error_response(api, request, status, detail, HTTP_ERROR_CODES.get(status, "error"))

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        errors = [_describe(error) for error in exc.errors]
        if errors:
            first = errors[0]
            where = ".".join(part for part in first["loc"] if part not in ("body", "query", "path"))
            detail = _("Invalid input at %(field)s: %(message)s") % {
                "field": where or "body",
                "message": first["msg"],
            }
        else:
            detail = _("Invalid input.")
        return error_response(api, request, 422, detail, "validation_error", errors=errors)

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        return error_response(api, request, 400, _("The request was malformed."), "bad_request")

    @api.exception_handler(DataError)
    @api.exception_handler(IntegrityError)
    @api.exception_handler(OverflowError)
    def database_refused(request, exc):
        # Input validation should catch these first; a value the database still refuses is
        # the client's input, not a server fault.
        logger.warning("database refused API input: %s", exc)
        return error_response(
            api, request, 422, _("The database refused one of the values."), "invalid"
        )
