"""The ticket page: header, timeline, composer and the actions on a ticket."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from loket.core.errors import ServiceError, VersionConflict
from loket.knowledge.access import can_write_articles
from loket.knowledge.models import ArticleTranslation
from loket.problems.models import KnownProblem, ProblemLink
from loket.sla.explain import explain
from loket.tickets import forms, panels, services
from loket.tickets.access import ticket_for
from loket.tickets.attachments import download_response
from loket.tickets.models import Attachment, EventKind, Status
from loket.tickets.views.common import agent_required, render_page

TEMPLATE = "tickets/ticket.html"
CLOCK_TEMPLATE = "sla/_clock.html"


def _forms_for(ticket, user, bound: dict | None = None, composer: dict | None = None) -> dict:
    """Fresh action forms for ``ticket``; ``bound`` replaces the one the user submitted;
    ``composer`` fills the message form (a canned answer, a scenario's text)."""
    v = {"version": ticket.version}
    result = {
        "message": forms.MessageForm(initial={**v, **(composer or {})}),
        "classify": forms.ClassifyForm(
            initial={
                **v,
                "subject": ticket.subject,
                "category": ticket.category_id,
                "type": ticket.type,
                "impact": ticket.impact,
                "urgency": ticket.urgency,
                "follow_up_at": ticket.follow_up_at,
            }
        ),
        "assign": forms.AssignForm(
            initial={**v, "team": ticket.team_id, "assignee": ticket.assignee_id}, user=user
        ),
        "escalate": forms.EscalateForm(initial=v, user=user, exclude_team_id=ticket.team_id),
        "status": forms.StatusForm(initial=v, current=ticket.status),
        "resolve": forms.ResolveForm(initial=v),
        "close": forms.CloseForm(initial=v),
        "reopen": forms.ReopenForm(initial=v),
    }
    result.update(bound or {})
    return result


def _context(
    request,
    ticket,
    *,
    bound: dict | None = None,
    open_panel: str = "",
    composer: dict | None = None,
) -> dict:
    events = list(
        ticket.events.select_related("author")
        # The mails each event caused, with their delivery state (one query for all).
        .prefetch_related("attachments", "outbound_messages")
        .order_by("-created_at", "-id")
    )
    _describe_links(events)
    return {
        "active_nav": "queue",
        "ticket": ticket,
        "sla": explain(ticket, timezone.now(), timeline=events),
        "events": events,
        "forms": _forms_for(ticket, request.user, bound, composer),
        "panels": panels.for_ticket(request, ticket, events),
        "open_panel": open_panel,
        "is_open": ticket.is_open,
        "can_reopen": ticket.status in (Status.RESOLVED, Status.CLOSED),
        "can_close": ticket.status == Status.RESOLVED,
        "problem_link": _problem_link(ticket, events),
        **_knowledge_actions(request.user, ticket),
    }


def _problem_link(ticket, events) -> ProblemLink | None:
    """The ticket's known problem. Linking and unlinking always write a LINK event
    (problems.services), so a timeline without one spares the page a query."""
    if not any(e.kind == EventKind.LINK and "problem" in (e.data or {}) for e in events):
        return None
    link = ProblemLink.objects.select_related("problem", "linked_by").filter(ticket=ticket).first()
    if link is not None:
        # problems/_ticket_problem.html reads ticket.problem_link: no second query.
        ticket.problem_link = link
    return link


def _url_or_none(name: str, ticket) -> str | None:
    # The knowledge pages may not be installed everywhere this template is: no button
    # rather than an error.
    try:
        return reverse(name, kwargs={"number": ticket.number})
    except NoReverseMatch:
        return None


def _knowledge_actions(user, ticket) -> dict:
    """The buttons "Write an article from this ticket" (once resolved) and "Needs article"."""
    if not can_write_articles(user):
        return {}
    solved = ticket.status in (Status.RESOLVED, Status.CLOSED)
    return {
        "article_from_ticket_url": _url_or_none("knowledge:from_ticket", ticket)
        if solved
        else None,
        "article_request_url": _url_or_none("knowledge:request", ticket),
    }


def _describe_links(events) -> None:
    """Give each LINK event a ``link`` the timeline reads as a sentence: what was linked
    (an article or a known problem), its title and where to open it. Titles are the
    ones recorded at the time; an article link without one costs one query for all."""
    links = [e for e in events if e.kind == EventKind.LINK and isinstance(e.data, dict)]
    missing = [e.data["article"] for e in links if "article" in e.data and not e.data.get("title")]
    titles: dict[int, str] = {}
    unnamed = [e.data["problem"] for e in links if "problem" in e.data and not e.data.get("title")]
    problem_titles = (
        dict(KnownProblem.objects.filter(pk__in=unnamed).values_list("pk", "title"))
        if unnamed
        else {}
    )
    if missing:
        translations = ArticleTranslation.objects.filter(article_id__in=missing)
        for article_id, title in translations.order_by("article_id", "language").values_list(
            "article_id", "title"
        ):
            titles.setdefault(article_id, title)
    for e in links:
        if "problem" in e.data:
            e.link = {
                "kind": "problem",
                "id": e.data["problem"],
                "title": e.data.get("title") or problem_titles.get(e.data["problem"], ""),
                "url": _reverse_or_empty("problems:detail", e.data["problem"]),
                "unlinked": bool(e.data.get("unlinked")),
                "moved": bool(e.data.get("moved")),
            }
        elif "article" in e.data:
            e.link = {
                "kind": "article",
                "id": e.data["article"],
                "title": e.data.get("title") or titles.get(e.data["article"], ""),
                "url": _reverse_or_empty("knowledge:detail", e.data["article"]),
            }


def _reverse_or_empty(name: str, pk) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def render_ticket(
    request,
    ticket,
    *,
    done: str = "",
    error: str = "",
    status: int = 200,
    composer: dict | None = None,
    open_panel: str = "",
):
    """The ticket page, or its fragment for htmx, after an action taken elsewhere (the
    suggestions panel, a ticket panel), with what happened in the flash line.

    ``composer`` pre-fills the message form, e.g. ``{"kind": "reply", "body": text}``;
    ``open_panel`` names a panel to show opened (its ``<details>`` reads it)."""
    context = _context(request, ticket, composer=composer, open_panel=open_panel)
    context["done"] = done
    context["error"] = error
    return render_page(request, TEMPLATE, context, fragment="ticket", status=status)


@require_GET
@agent_required
def ticket_detail(request, number: str):
    ticket = ticket_for(request.user, number)
    if request.htmx and request.GET.get("part") == "clock":
        # The SLA panel refreshes itself every minute without touching the forms.
        context = {"ticket": ticket, "sla": explain(ticket, timezone.now())}
        return render_page(request, CLOCK_TEMPLATE, context)
    return render_page(request, TEMPLATE, _context(request, ticket), fragment="ticket")


def _form_for_action(action: str, request, ticket, data=None):
    data, user = (data if data is not None else request.POST), request.user
    match action:
        case "message":
            return forms.MessageForm(data, request.FILES)
        case "classify":
            return forms.ClassifyForm(data)
        case "assign":
            return forms.AssignForm(data, user=user)
        case "escalate":
            return forms.EscalateForm(data, user=user, exclude_team_id=ticket.team_id)
        case "status":
            return forms.StatusForm(data, current=ticket.status)
        case "resolve":
            return forms.ResolveForm(data)
        case "close":
            return forms.CloseForm(data)
        case "reopen":
            return forms.ReopenForm(data)
    raise Http404("No such action")


def _perform(action: str, ticket, data: dict, user):
    """Call the service behind ``action``; it enforces the rules and the version."""
    common = {"acting_user": user, "version": data["version"]}
    match action:
        case "message":
            add = services.add_reply if data["kind"] == "reply" else services.add_note
            add(ticket, body=data["body"], attachments=data["attachments"], **common)
        case "classify":
            fields = ("subject", "category", "type", "impact", "urgency", "follow_up_at")
            services.update_ticket(ticket, **{f: data[f] for f in fields}, **common)
        case "assign":
            services.assign_ticket(ticket, team=data["team"], assignee=data["assignee"], **common)
        case "escalate":
            services.escalate_ticket(ticket, to_team=data["team"], reason=data["reason"], **common)
        case "status":
            services.change_status(ticket, to=data["status"], **common)
        case "resolve":
            services.resolve_ticket(
                ticket, resolution=data["resolution"], code=data["code"], **common
            )
        case "close":
            services.close_ticket(ticket, **common)
        case "reopen":
            services.reopen_ticket(ticket, reason=data["reason"], **common)


DONE = {
    "message": gettext_lazy("Your message was added."),
    "classify": gettext_lazy("The classification was saved."),
    "assign": gettext_lazy("The ticket was assigned."),
    "escalate": gettext_lazy("The ticket was escalated."),
    "status": gettext_lazy("The status was changed."),
    "resolve": gettext_lazy("The ticket was resolved."),
    "close": gettext_lazy("The ticket was closed."),
    "reopen": gettext_lazy("The ticket was reopened."),
}


def _conflict_message(ticket) -> str:
    last = ticket.events.select_related("author").order_by("-created_at", "-id").first()
    who = str(last.author) if last and last.author else _("Someone else")
    return _(
        "%(who)s changed this ticket meanwhile. Their change is shown on this page; your "
        "input is kept. Check it and submit again, or reload the page to start over."
    ) % {"who": who}


@require_POST
@agent_required
def ticket_action(request, number: str, action: str):
    ticket = ticket_for(request.user, number, write=True)
    form = _form_for_action(action, request, ticket)
    status = 422
    if form.is_valid():
        try:
            _perform(action, ticket, form.cleaned_data, request.user)
        except VersionConflict:
            # The user's input again, now on the latest version: submitting it once more
            # is a conscious decision after seeing the other change, not an overwrite.
            ticket = ticket_for(request.user, number)
            data = request.POST.copy()
            data["version"] = str(ticket.version)
            form = _form_for_action(action, request, ticket, data)
            form.is_valid()
            form.add_error(None, _conflict_message(ticket))
            status = 409
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            if not request.htmx:
                messages.success(request, DONE[action])
                return redirect("tickets:detail", number=ticket.number)
            ticket = ticket_for(request.user, number)
            context = _context(request, ticket)
            context["done"] = DONE[action]
            return render_page(request, TEMPLATE, context, fragment="ticket")
    context = _context(request, ticket, bound={action: form}, open_panel=action)
    return render_page(request, TEMPLATE, context, fragment="ticket", status=status)


@require_GET
@agent_required
def attachment(request, number: str, pk: int):
    ticket = ticket_for(request.user, number)
    item = Attachment.objects.select_related("event").filter(pk=pk, event__ticket=ticket).first()
    if item is None:
        raise Http404("No such attachment")
    return download_response(item.file, filename=item.filename, content_type=item.content_type)
