"""Known problems: list, create, read, change, resolve (with the linked tickets), and the
link from a ticket to its problem. Staff only; customers get 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from loket.accounts.access import assignable_users
from loket.accounts.models import User
from loket.api.auth import acting_user
from loket.api.pagination import paginate
from loket.api.references import ticket_ref
from loket.api.routers.tickets import TicketKey
from loket.api.schemas import MAX_ID, PageParams, Text, errors
from loket.api.schemas_knowledge import (
    LinkProblemIn,
    ProblemDetailOut,
    ProblemIn,
    ProblemLinkOut,
    ProblemOut,
    ProblemPage,
    ProblemPatch,
    ProblemStatusCode,
    ResolveProblemIn,
    ResolveProblemOut,
)
from loket.core.errors import InvalidInput
from loket.knowledge.access import visible_articles
from loket.knowledge.models import Article, ArticleTranslation
from loket.problems import services
from loket.problems.access import (
    can_link_problems,
    can_manage_problems,
    problem_for,
    visible_problems,
)
from loket.problems.models import KnownProblem, ProblemLink
from loket.tickets.access import visible_tickets
from loket.tickets.models import OPEN_STATUSES, Category

router = Router(tags=["known problems"])

ProblemId = Path(..., ge=1, le=MAX_ID, description="The known problem's id.")


class ProblemFilters(Schema):
    status: list[ProblemStatusCode] = Field(
        default_factory=list, description="Repeatable: `?status=investigating&status=known_error`."
    )
    active: bool | None = Field(None, description="true: investigating or known error.")
    q: Text | None = Field(None, max_length=200, description="Words in the title.")


def _with_counts(problems: QuerySet[KnownProblem]) -> QuerySet[KnownProblem]:
    return (
        problems.select_related("owner", "created_by", "article")
        .prefetch_related(
            "categories",
            Prefetch("article__translations", queryset=ArticleTranslation.objects.all()),
        )
        .annotate(
            linked_tickets=Count("links", distinct=True),
            open_linked_tickets=Count(
                "links", filter=Q(links__ticket__status__in=OPEN_STATUSES), distinct=True
            ),
        )
    )


def _problem_out(problem: KnownProblem) -> dict:
    language = (translation.get_language() or "nl")[:2]
    article = problem.article
    shown = article.translation(language) if article is not None else None
    return {
        "id": problem.pk,
        "title": problem.title,
        "symptoms": problem.symptoms,
        "cause": problem.cause,
        "workaround": problem.workaround,
        "status": problem.status,
        "is_active": problem.is_active,
        "categories": list(problem.categories.all()),
        "affected_services": problem.affected_services,
        "article": ({"id": article.pk, "title": shown.title if shown else ""} if article else None),
        "public_notice": problem.public_notice,
        "notices": {"nl": problem.notice_nl, "fr": problem.notice_fr, "en": problem.notice_en},
        "resolution": problem.resolution,
        "owner": problem.owner,
        "created_by": problem.created_by,
        "created_at": problem.created_at,
        "updated_at": problem.updated_at,
        "resolved_at": problem.resolved_at,
        "linked_tickets": problem.linked_tickets,
        "open_linked_tickets": problem.open_linked_tickets,
    }


def _fresh(problem: KnownProblem) -> dict:
    return _problem_out(_with_counts(KnownProblem.objects.all()).get(pk=problem.pk))


def _staff_only(user: User) -> None:
    if not can_link_problems(user):
        raise PermissionDenied


def _categories(ids: list[int]) -> list[Category]:
    found = list(Category.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise InvalidInput(
            _("There is no category with this id that you may use."), code="unknown_category"
        )
    return found


def _article(user: User, pk: int | None) -> Article | None:
    if pk is None:
        return None
    article = visible_articles(user).filter(pk=pk).first()
    if article is None:
        raise InvalidInput(
            _("There is no article with this id that you may use."), code="unknown_article"
        )
    return article


def _owner(user: User, pk: int | None) -> User | None:
    if pk is None:
        return None
    owner = assignable_users(user).filter(pk=pk).first()
    if owner is None:
        raise InvalidInput(
            _("There is no user with this id that you may use."), code="unknown_user"
        )
    return owner


@router.get(
    "/problems",
    response={200: ProblemPage, **errors(403, 422)},
    summary="List known problems",
    description="Newest first, each with the number of linked tickets (and of those still "
    "open). Staff only.",
)
def list_problems(request: HttpRequest, filters: Query[ProblemFilters], page: Query[PageParams]):
    user = acting_user(request)
    _staff_only(user)
    problems = visible_problems(user)
    if filters.status:
        problems = problems.filter(status__in=filters.status)
    if filters.active is not None:
        active = Q(status__in=["investigating", "known_error"])
        problems = problems.filter(active if filters.active else ~active)
    if filters.q and filters.q.strip():
        problems = problems.filter(title__icontains=filters.q.strip())
    answer = paginate(_with_counts(problems).order_by("-created_at", "-id"), page)
    answer["results"] = [_problem_out(problem) for problem in answer["results"]]
    return answer


@router.post(
    "/problems",
    response={201: ProblemOut, **errors(403, 422)},
    summary="Record a known problem",
    description="Supervisors, specialists and administrators. It is suggested to agents "
    "while active; with `public_notice` customers see it as a known outage.",
)
def create_problem(request: HttpRequest, payload: ProblemIn):
    user = acting_user(request)
    _staff_only(user)
    if not can_manage_problems(user):
        raise PermissionDenied
    data = payload.model_dump()
    data["categories"] = _categories(data["categories"])
    data["article"] = _article(user, data["article"])
    problem = services.create_problem(acting_user=user, **data)
    return Status(201, _fresh(problem))


@router.get(
    "/problems/{problem_id}",
    response={200: ProblemDetailOut, **errors(403, 404)},
    summary="Get a known problem",
    description="With its linked tickets (those you may see). Staff only.",
)
def get_problem(request: HttpRequest, problem_id: int = ProblemId):
    user = acting_user(request)
    _staff_only(user)
    problem = problem_for(user, problem_id)
    answer = _fresh(problem)
    links = (
        ProblemLink.objects.filter(problem=problem, ticket__in=visible_tickets(user))
        .select_related("ticket")
        .order_by("-linked_at", "-id")
    )
    answer["tickets"] = [
        {
            "id": link.ticket.pk,
            "number": link.ticket.number,
            "subject": link.ticket.subject,
            "status": link.ticket.status,
            "linked_at": link.linked_at,
        }
        for link in links
    ]
    return answer


@router.patch(
    "/problems/{problem_id}",
    response={200: ProblemOut, **errors(403, 404, 422)},
    summary="Change a known problem",
    description="Only the fields sent. `status` moves between investigating and known "
    "error (and reopens a resolved problem); resolving has its own action (422 "
    "`status_needs_action`).",
)
def update_problem(request: HttpRequest, payload: ProblemPatch, problem_id: int = ProblemId):
    user = acting_user(request)
    _staff_only(user)
    problem = problem_for(user, problem_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    if changes.get("status") == "resolved":
        raise InvalidInput(
            _("A problem is resolved through the resolve action."), code="status_needs_action"
        )
    for name in ("title", "symptoms", "cause", "workaround", "affected_services", "status"):
        if name in changes and changes[name] is None:
            del changes[name]
    if changes.get("public_notice") is None:
        changes.pop("public_notice", None)
    if changes.get("notices") is None:
        changes.pop("notices", None)
    if changes.get("categories") is None:
        changes.pop("categories", None)
    else:
        changes["categories"] = _categories(changes["categories"])
    if "article" in changes:
        changes["article"] = _article(user, changes["article"])
    if "owner" in changes:
        changes["owner"] = _owner(user, changes["owner"])
    services.update_problem(problem, acting_user=user, **changes)
    return _fresh(problem)


@router.post(
    "/problems/{problem_id}/resolve",
    response={200: ResolveProblemOut, **errors(403, 404, 422)},
    summary="Resolve a known problem",
    description="With a resolution. By default the linked open tickets are resolved too and "
    "each customer gets a reply in their own language; `resolved` and `notified` count them.",
)
def resolve_problem(request: HttpRequest, payload: ResolveProblemIn, problem_id: int = ProblemId):
    user = acting_user(request)
    _staff_only(user)
    problem = problem_for(user, problem_id, write=True)
    outcome = services.resolve_problem(
        problem,
        acting_user=user,
        resolution=payload.resolution,
        resolve_tickets=payload.resolve_tickets,
        notify=payload.notify,
    )
    return {
        "problem": _fresh(problem),
        "resolved": outcome.resolved,
        "notified": outcome.notified,
        "left_open": outcome.left_open,
    }


def _problem_ref(user: User, pk: int) -> KnownProblem:
    problem = visible_problems(user).filter(pk=pk).first()
    if problem is None:
        raise InvalidInput(
            _("There is no known problem with this id that you may use."),
            code="unknown_problem",
        )
    return problem


@router.post(
    "/tickets/{key}/problem",
    response={200: ProblemLinkOut, **errors(403, 404, 422)},
    summary="Link a ticket to a known problem",
    description='Body `{"problem": id}`. A ticket has one problem: linking it to another '
    "moves the link. Staff who may change the ticket.",
)
def link_ticket_to_problem(request: HttpRequest, payload: LinkProblemIn, key: str = TicketKey):
    user = acting_user(request)
    ticket = ticket_ref(user, key, write=True)
    _staff_only(user)
    problem = _problem_ref(user, payload.problem)
    link = services.link_ticket(ticket, problem, acting_user=user)
    return {
        "ticket": ticket.pk,
        "number": ticket.number,
        "problem": _fresh(problem),
        "linked_by": link.linked_by,
        "linked_at": link.linked_at,
    }


@router.delete(
    "/tickets/{key}/problem",
    response={204: None, **errors(403, 404)},
    summary="Unlink a ticket from its known problem",
    description="Nothing happens when it has none.",
)
def unlink_ticket_from_problem(request: HttpRequest, key: str = TicketKey):
    user = acting_user(request)
    ticket = ticket_ref(user, key, write=True)
    _staff_only(user)
    services.unlink_ticket(ticket, acting_user=user)
    return Status(204, None)
