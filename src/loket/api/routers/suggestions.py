"""Suggestions while a ticket is typed: articles, similar tickets and active known
problems, each with a score and a highlighted snippet. Staff only."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router

from loket.api.auth import acting_user
from loket.api.references import category_ref, ticket_ref
from loket.api.schemas import errors
from loket.api.schemas_knowledge import SuggestionsOut, SuggestionsQuery
from loket.search.suggestions import Suggestion, suggest
from loket.tickets.access import can_work_on_tickets

router = Router(tags=["suggestions"])


def _item(suggestion: Suggestion) -> dict:
    return {
        **suggestion.extra,
        "id": suggestion.id,
        "title": suggestion.title,
        "score": suggestion.score,
        "snippet": suggestion.snippet,
        "url": suggestion.url,
    }


@router.get(
    "/suggestions",
    response={200: SuggestionsOut, **errors(403, 404, 422)},
    summary="Suggest articles, similar tickets and known problems",
    description="For the text of a ticket being typed (subject and description): published "
    "articles, similar earlier tickets you may see (resolved ones with their resolution "
    "first) and active known problems, each list best first with `score` and a `snippet` "
    "(HTML-escaped, matching words in `<mark>`). A text under three characters gives empty "
    "lists. `ticket` (id or number) is left out of the similar tickets; `category` also "
    "brings the active problems registered for it. Staff only.",
)
def list_suggestions(request: HttpRequest, params: Query[SuggestionsQuery]):
    user = acting_user(request)
    if not can_work_on_tickets(user):
        raise PermissionDenied
    ticket = ticket_ref(user, params.ticket) if params.ticket else None
    found = suggest(
        user,
        params.text,
        language=params.language or "",
        category=category_ref(params.category),
        exclude_ticket=ticket,
        limit=params.limit,
    )
    return {
        "articles": [_item(s) for s in found.articles],
        "tickets": [_item(s) for s in found.tickets],
        "problems": [_item(s) for s in found.problems],
    }
