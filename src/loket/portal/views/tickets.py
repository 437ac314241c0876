"""The customer's tickets: new ticket (with article suggestions), list, one ticket."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.core.errors import ServiceError
from loket.core.pages import render_page
from loket.knowledge import usage
from loket.knowledge.search import find_articles
from loket.portal import access, forms, services, wording
from loket.portal.access import portal_article, portal_required
from loket.portal.views.help import reading_language
from loket.tickets.access import ticket_for, visible_tickets
from loket.tickets.attachments import download_response
from loket.tickets.models import Attachment, EventKind

NEW = "portal/new_ticket.html"
LIST = "portal/tickets.html"
TICKET = "portal/ticket.html"
CLOSE = "portal/close.html"
DEFLECTED = "portal/deflected.html"
PAGE_SIZE = 25
SUGGESTION_TEXT = 2000


def _suggestions(user, text: str, language: str) -> list[dict]:
    text = text.strip()[:SUGGESTION_TEXT]
    if len(text) < 3:
        return []
    results = find_articles(user, text, languages=(), mode="any", limit=5)
    prefetch_related_objects([hit.article for hit in results.hits], "translations")
    out = []
    for hit in results.hits:
        translation = hit.article.translation(language)
        out.append(
            {
                "article": hit.article,
                "title": translation.title if translation else hit.title,
                "summary": translation.summary if translation else "",
                "language": translation.language if translation else hit.language,
                "snippet": hit.snippet,
            }
        )
    return out


def _typed(data) -> str:
    return f"{data.get('subject', '')}\n{data.get('description', '')}"


@require_http_methods(["GET", "POST"])
@portal_required
def new_ticket(request):
    language = reading_language(request)
    if request.method == "POST":
        form = forms.NewTicketForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = services.open_ticket(
                    acting_user=request.user,
                    subject=data["subject"],
                    description=data["description"],
                    category=data["category"],
                    attachments=data["attachments"],
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Thank you. Your ticket %(number)s was created; we will get back to you.")
                    % {"number": ticket.number},
                )
                return redirect("portal:ticket", number=ticket.number)
        suggestions = _suggestions(request.user, _typed(request.POST), language)
        context = {
            "form": form,
            "suggestions": suggestions,
            "query": _typed(request.POST).strip()[:SUGGESTION_TEXT],
            "portal_nav": "new",
        }
        return render_page(request, NEW, context, status=422)
    form = forms.NewTicketForm(initial={"subject": request.GET.get("subject", "")[:200]})
    return render_page(request, NEW, {"form": form, "suggestions": [], "portal_nav": "new"})


@require_GET
@portal_required
def suggestions(request):
    """Matching public articles for what the customer typed so far (htmx, debounced)."""
    query = _typed(request.GET)
    context = {
        "suggestions": _suggestions(request.user, query, reading_language(request)),
        "query": query.strip()[:SUGGESTION_TEXT],
        "asked": bool(query.strip()),
    }
    return render_page(request, NEW, context, fragment="suggestions")


@require_POST
@portal_required
def deflect(request):
    """'This solved my problem': counted as a deflection, and no ticket is created."""
    form = forms.DeflectionForm(request.POST)
    if not form.is_valid():
        return redirect("portal:new_ticket")
    item = portal_article(form.cleaned_data["article"])
    usage.record_deflection(user=request.user, article=item, query=form.cleaned_data["query"][:300])
    translation = item.translation(reading_language(request))
    return render_page(request, DEFLECTED, {"item": item, "translation": translation})


@require_GET
@portal_required
def ticket_list(request):
    user = request.user
    sees_organisation = access.sees_organisation(user)
    scope = request.GET.get("scope", "mine")
    if scope != "organisation" or not sees_organisation:
        scope = "mine"
    tickets = visible_tickets(user).select_related("contact").order_by("-created_at", "-id")
    if scope == "mine":
        tickets = tickets.filter(contact_id=user.contact_id)
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = list(page.object_list)
    due = wording.resolution_due(rows, now)
    context = {
        "page": page,
        "rows": [
            {
                "ticket": t,
                "status": wording.status_words(t.status),
                "expectation": wording.expectation(t, due[t.pk], now),
            }
            for t in rows
        ],
        "scope": scope,
        "portal_nav": "tickets",
        "sees_organisation": sees_organisation,
    }
    return render_page(request, LIST, context)


def _ticket_context(request, ticket, *, reply=None) -> dict:
    now = timezone.now()
    events = list(
        ticket.events.filter(is_public=True)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )
    for event in events:
        if event.kind == EventKind.STATUS:
            event.status_words = wording.status_words(event.data.get("new", ""))
    due = wording.resolution_due([ticket], now)[ticket.pk]
    return {
        "portal_nav": "tickets",
        "ticket": ticket,
        "events": events,
        "status": wording.status_words(ticket.status),
        "expectation": wording.expectation(ticket, due, now),
        "can_reply": access.can_reply_on(request.user, ticket),
        "can_close": access.can_close(request.user, ticket),
        "reply": reply or forms.ReplyForm(),
    }


@require_GET
@portal_required
def ticket_detail(request, number: str):
    ticket = ticket_for(request.user, number)
    return render_page(request, TICKET, _ticket_context(request, ticket))


@require_POST
@portal_required
def ticket_reply(request, number: str):
    ticket = ticket_for(request.user, number)
    form = forms.ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_ticket(
                ticket,
                acting_user=request.user,
                body=data["body"],
                attachments=data["attachments"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your message was sent."))
            return redirect("portal:ticket", number=ticket.number)
    context = _ticket_context(request, ticket, reply=form)
    return render_page(request, TICKET, context, status=422)


@require_http_methods(["GET", "POST"])
@portal_required
def ticket_close(request, number: str):
    """Closing asks for confirmation first (a page of its own, works without script)."""
    ticket = ticket_for(request.user, number)
    if not access.can_close(request.user, ticket):
        raise PermissionDenied
    form = forms.CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_my_ticket(
                ticket, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your ticket was closed. Thank you."))
            return redirect("portal:ticket", number=ticket.number)
    context = {"ticket": ticket, "form": form, "status": wording.status_words(ticket.status)}
    return render_page(request, CLOSE, context, status=422 if form.errors else 200)


@require_GET
@portal_required
def attachment(request, number: str, pk: int):
    """A file of a public message of a ticket the customer may see, always as a
    download."""
    ticket = ticket_for(request.user, number)
    item = Attachment.objects.filter(pk=pk, event__ticket=ticket, event__is_public=True).first()
    if item is None:
        raise Http404("No such attachment")
    return download_response(item.file, filename=item.filename, content_type=item.content_type)
