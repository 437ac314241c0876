"""The suggestions panel (new-call workspace and ticket page) and its one-click actions:
send an article to the customer, link an article, link the ticket to a known problem.

The panel is a fragment that htmx fetches while the agent types. The actions answer the
ticket page's fragment, like every other action on a ticket, so the timeline shows the
reply or the link at once.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from loket.core.errors import ServiceError
from loket.core.pages import allowed_if
from loket.directory.access import visible_contacts
from loket.knowledge import usage
from loket.knowledge.access import article_for, can_write_articles
from loket.knowledge.models import ArticleUse, UseKind
from loket.problems import services as problems
from loket.problems.access import can_link_problems, problem_for, visible_problems
from loket.problems.models import ACTIVE_STATUSES, ProblemLink
from loket.search.analysis import LANGUAGES
from loket.search.suggestions import Suggestion, problem_suggestion, suggest
from loket.tickets.access import can_work_on_tickets, ticket_for
from loket.tickets.models import Category
from loket.tickets.views.ticket import render_ticket

PANEL = "search/_suggestions.html"
MAX_TEXT = 4000

staff_required = allowed_if(can_work_on_tickets)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _text_of(params) -> str:
    text = params.get("text")
    if text is None:
        text = f"{params.get('subject', '')}\n{params.get('description', '')}"
    return text[:MAX_TEXT]


@require_GET
@staff_required
def suggestions(request):
    """The panel for the text being typed (``text``, or ``subject`` and ``description``),
    for ticket ``ticket`` (its language, category, and itself left out) or, before the
    ticket exists, for caller ``contact`` and ``category``."""
    params, user = request.GET, request.user
    ticket = ticket_for(user, params["ticket"]) if params.get("ticket") else None
    contact = ticket.contact if ticket else None
    if contact is None and _int(params.get("contact")):
        contact = visible_contacts(user).filter(pk=_int(params["contact"])).first()
    language = params.get("language", "")
    if language not in LANGUAGES:
        language = contact.language if contact else ""
    category = ticket.category if ticket else None
    if category is None and _int(params.get("category")):
        category = Category.objects.filter(pk=_int(params["category"])).first()
    text = _text_of(params)
    if ticket is not None and not text.strip():
        text = f"{ticket.subject}\n{ticket.description}"
    found = suggest(user, text, language=language, category=category, exclude_ticket=ticket)
    pinned = [pk for pk in map(_int, params.getlist("link_problem")) if pk]
    context = {
        "found": found,
        "ticket": ticket,
        "contact": contact,
        "typed": len(" ".join(text.split())),
        "can_link_problems": can_link_problems(user),
        "can_use_articles": can_write_articles(user),
        "linked_problem_id": _linked_problem_id(ticket),
        **_article_uses(ticket),
        "pinned": pinned,
        "problems": (_pinned_extra(user, pinned, found.problems) if ticket is None else [])
        + found.problems,
    }
    context["total"] = len(context["problems"]) + len(found.articles) + len(found.tickets)
    response = render(request, PANEL, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _article_uses(ticket) -> dict[str, set[int]]:
    """Which articles were already sent to the customer or linked on ``ticket``: the
    panel says so instead of offering to do it again."""
    if ticket is None:
        return {"sent_ids": set(), "linked_ids": set()}
    uses = list(ArticleUse.objects.filter(ticket=ticket).values_list("article_id", "kind"))
    return {
        "sent_ids": {pk for pk, kind in uses if kind == UseKind.SENT},
        "linked_ids": {pk for pk, kind in uses if kind == UseKind.LINKED},
    }


def _linked_problem_id(ticket) -> int | None:
    if ticket is None:
        return None
    links = ProblemLink.objects.filter(ticket=ticket).values_list("problem_id", flat=True)
    return links.first()


def _pinned_extra(user, pinned: list[int], shown: list[Suggestion]) -> list[Suggestion]:
    """Problems the agent chose to link the new ticket to that the latest text no
    longer suggests: they stay in the panel, chosen, until the agent unticks them."""
    missing = set(pinned) - {s.id for s in shown}
    if not missing:
        return []
    chosen = visible_problems(user).filter(pk__in=missing, status__in=ACTIVE_STATUSES)
    return [problem_suggestion(problem) for problem in chosen]


# --- actions ------------------------------------------------------------------------


def _answer(request, ticket, *, done: str = "", error: str = ""):
    """The ticket page's fragment for htmx, else back to the ticket page."""
    if request.htmx:
        ticket = ticket_for(request.user, ticket.pk)
        return render_ticket(request, ticket, done=done, error=error, status=422 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect("tickets:detail", number=ticket.number)


@require_POST
@staff_required
def send_article(request, ticket_id: int, article_id: int):
    ticket = ticket_for(request.user, ticket_id, write=True)
    article = article_for(request.user, article_id)
    if not can_write_articles(request.user):
        raise PermissionDenied
    if ticket.contact is None:
        return _answer(request, ticket, error=_("This ticket has no contact to send it to."))
    try:
        usage.send_article_to_customer(ticket, article, acting_user=request.user)
    except ServiceError as exc:
        return _answer(request, ticket, error=exc.message)
    done = _("The article was sent to %(name)s.") % {"name": ticket.contact.full_name}
    return _answer(request, ticket, done=done)


@require_POST
@staff_required
def link_article(request, ticket_id: int, article_id: int):
    ticket = ticket_for(request.user, ticket_id, write=True)
    article = article_for(request.user, article_id)
    if not can_write_articles(request.user):
        raise PermissionDenied
    try:
        usage.link_article(ticket, article, acting_user=request.user)
    except ServiceError as exc:
        return _answer(request, ticket, error=exc.message)
    return _answer(request, ticket, done=_("The article was linked to this ticket."))


@require_POST
@staff_required
def link_problem(request, ticket_id: int, problem_id: int):
    ticket = ticket_for(request.user, ticket_id, write=True)
    problem = problem_for(request.user, problem_id)
    if not can_link_problems(request.user):
        raise PermissionDenied
    try:
        problems.link_ticket(ticket, problem, acting_user=request.user)
    except ServiceError as exc:
        return _answer(request, ticket, error=exc.message)
    done = _("This ticket is linked to the known problem “%(title)s”.") % {"title": problem.title}
    return _answer(request, ticket, done=done)
