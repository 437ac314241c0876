"""The JSON API v1, mounted at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /docs)."""

from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Router, Schema, Status

from loket.api.auth import TokenAuth
from loket.api.errors import install_error_handlers
from loket.api.routers import (
    articles,
    checklists,
    complaints,
    contacts,
    cti,
    events,
    macros,
    mail,
    meta,
    notifications,
    organisations,
    planning,
    problems,
    remote,
    scenarios,
    suggestions,
    tickets,
)

DESCRIPTION = """
The Loket service desk API: contacts, organisations, tickets with their timelines and
SLA clocks, your notifications, the knowledge base (articles, with search), known problems,
suggestions while a ticket is typed, scenarios (call scripts) and their runs, checklists,
canned answers, remote-session consent, complaints, collaboration, callbacks, recurring
tasks and your day.

Authenticate with a personal token (`loket token USERNAME`) sent as
`Authorization: Bearer TOKEN`. Errors are JSON `{"detail": "...", "code": "..."}`.
Changes to a ticket carry the `version` you last read; a stale version gives
409 `version_conflict`. See docs/api.md for examples.
"""


class LoketAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # Short, stable ids (``list_tickets``) instead of module paths.
        return operation.view_func.__name__


api = LoketAPI(
    title="Loket API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
)
install_error_handlers(api)

for module in (
    contacts,
    organisations,
    tickets,
    events,
    notifications,
    meta,
    articles,
    problems,
    suggestions,
    scenarios,
    checklists,
    macros,
    remote,
    complaints,
    planning,
    mail,
    cti,
):
    api.add_router("", module.router)


class HealthOut(Schema):
    status: str


@api.get(
    "/health",
    auth=None,
    response={200: HealthOut, 503: HealthOut},
    summary="Health check",
    description='200 `{"status": "ok"}` when the database answers; 503 otherwise. No token needed.',
    tags=["health"],
)
def health(request: HttpRequest):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return Status(503, {"status": "unavailable"})
    return {"status": "ok"}


# Last, so that it only answers what no operation matched: unknown URLs under /api/v1/
# get the same JSON 404 as everything else, not an HTML page.
unmatched = Router()


@unmatched.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False
)
def no_such_endpoint(request: HttpRequest, rest: str):
    raise Http404


api.add_router("", unmatched)
