"""Known-problem use cases. Every write to a problem or a problem link goes through here.

A problem is indexed in search (kind "problem") after every change, once per language
with the same text, so that an agent typing in Dutch, French or English finds it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from loket.accounts.models import User
from loket.core.errors import InvalidInput
from loket.problems.frequent import Cluster, frequent_problems
from loket.problems.models import (
    ACTIVE_STATUSES,
    KnownProblem,
    ProblemLink,
    ProblemStatus,
)
from loket.search import index
from loket.search.analysis import LANGUAGES
from loket.search.models import Kind
from loket.tickets import services as tickets
from loket.tickets.models import (
    OPEN_STATUSES,
    EventKind,
    ResolutionCode,
    Ticket,
    TimelineEvent,
)

__all__ = [
    "Cluster",
    "ResolveOutcome",
    "active_notices",
    "create_problem",
    "frequent_problems",
    "link_ticket",
    "link_tickets",
    "resolve_problem",
    "unlink_ticket",
    "update_problem",
]

NOTICE_LANGUAGES = ("nl", "fr", "en")
TEXT_FIELDS = ("title", "symptoms", "cause", "workaround", "affected_services")
UPDATABLE = frozenset(
    {
        *TEXT_FIELDS,
        "status",
        "categories",
        "public_notice",
        "notices",
        "article",
        "owner",
    }
)
# Tickets resolved because their problem was solved get this code, else the first active.
RESOLUTION_CODE = "solved"


@dataclass(frozen=True)
class ResolveOutcome:
    """What resolving a problem did to its linked tickets."""

    resolved: int
    notified: int
    # Linked tickets a rule kept open (a required checklist not complete): the customer
    # was told, the agent finishes the ticket.
    left_open: int = 0


def index_problem(problem: KnownProblem) -> None:
    """Put the problem in the search index, one entry per language with the same text."""
    first_category = problem.categories.order_by("pk").values_list("pk", flat=True).first()
    body = "\n\n".join(t for t in (problem.symptoms, problem.cause, problem.workaround) if t)
    index.put(
        [
            index.Document(
                kind=Kind.PROBLEM,
                object_id=problem.pk,
                language=language,
                title=problem.title,
                body=body,
                status=problem.status,
                category_id=first_category,
            )
            for language in LANGUAGES
        ],
        learn_words=True,
    )


def _clean_text(fields: dict) -> None:
    for name in TEXT_FIELDS:
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    if "title" in fields:
        if not fields["title"]:
            raise InvalidInput(_("A title is required."), code="title_required")
        if len(fields["title"]) > 200:
            raise InvalidInput(_("The title is longer than 200 characters."), code="too_long")
    if "symptoms" in fields and not fields["symptoms"]:
        raise InvalidInput(_("Describe the symptoms."), code="symptoms_required")
    if len(fields.get("affected_services", "")) > 300:
        raise InvalidInput(
            _("The affected services are longer than 300 characters."), code="too_long"
        )


def _clean_notices(notices: dict | None) -> dict[str, str]:
    notices = notices or {}
    unknown = set(notices) - set(NOTICE_LANGUAGES)
    if unknown:
        raise InvalidInput(_("Notices are written in Dutch, French or English."), code="bad_lang")
    return {f"notice_{lang}": (notices.get(lang) or "").strip() for lang in NOTICE_LANGUAGES}


def _check_notice(problem: KnownProblem) -> None:
    if problem.public_notice and not problem.notice("en"):
        raise InvalidInput(
            _("A public notice needs a text in at least one language."), code="notice_required"
        )


@transaction.atomic
def create_problem(
    *,
    acting_user: User,
    title: str,
    symptoms: str,
    cause: str = "",
    workaround: str = "",
    status: str = ProblemStatus.INVESTIGATING,
    categories: Iterable = (),
    affected_services: str = "",
    public_notice: bool = False,
    notices: dict[str, str] | None = None,
    article=None,
    now: datetime | None = None,
) -> KnownProblem:
    """Record a new known problem (investigating or known error) and index it."""
    fields = {
        "title": title,
        "symptoms": symptoms,
        "cause": cause,
        "workaround": workaround,
        "affected_services": affected_services,
    }
    _clean_text(fields)
    if status not in ACTIVE_STATUSES:
        raise InvalidInput(
            _("A new problem is being investigated or a known error."), code="bad_status"
        )
    now = now or timezone.now()
    problem = KnownProblem(
        **fields,
        **_clean_notices(notices),
        status=status,
        public_notice=bool(public_notice),
        article=article,
        owner=acting_user,
        created_by=acting_user,
        created_at=now,
        updated_at=now,
    )
    _check_notice(problem)
    problem.save()
    problem.categories.set(list(categories))
    index_problem(problem)
    return problem


@transaction.atomic
def update_problem(
    problem: KnownProblem, *, acting_user: User, now: datetime | None = None, **fields
) -> KnownProblem:
    """Change what is known of a problem. Resolving has its own use case; setting an
    active status on a resolved problem reopens it."""
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise InvalidInput(_("These fields cannot be changed here."), code="bad_field")
    _clean_text(fields)
    now = now or timezone.now()
    problem = KnownProblem.objects.select_for_update().get(pk=problem.pk)
    changed: list[str] = []
    status = fields.pop("status", None)
    if status is not None and status != problem.status:
        if status == ProblemStatus.RESOLVED:
            raise InvalidInput(_("Use “resolve” to resolve a problem."), code="use_resolve")
        if status not in ACTIVE_STATUSES:
            raise InvalidInput(_("Unknown status."), code="bad_status")
        if problem.status == ProblemStatus.RESOLVED:
            problem.resolved_at = None
            changed.append("resolved_at")
        problem.status = status
        changed.append("status")
    categories = fields.pop("categories", None)
    if "notices" in fields:
        for name, text in _clean_notices(fields.pop("notices")).items():
            setattr(problem, name, text)
            changed.append(name)
    for name, value in fields.items():
        setattr(problem, name, value)
        changed.append(name)
    _check_notice(problem)
    problem.updated_at = now
    problem.save(update_fields=[*dict.fromkeys(changed), "updated_at"])
    if categories is not None:
        problem.categories.set(list(categories))
    index_problem(problem)
    return problem


def _link_event(ticket: Ticket, data: dict, *, acting_user: User, now: datetime) -> None:
    TimelineEvent.objects.create(
        ticket=ticket, kind=EventKind.LINK, author=acting_user, created_at=now, data=data
    )


@transaction.atomic
def link_ticket(
    ticket: Ticket, problem: KnownProblem, *, acting_user: User, now: datetime | None = None
) -> ProblemLink:
    """Link an incident to the problem that causes it. A ticket has one problem: linking
    it to another moves the link."""
    # The caller's copy may predate the problem's resolution: read it under a lock.
    problem = KnownProblem.objects.select_for_update().get(pk=problem.pk)
    if problem.status == ProblemStatus.RESOLVED:
        raise InvalidInput(
            _("This problem is resolved; tickets can no longer be linked to it."),
            code="problem_resolved",
        )
    now = now or timezone.now()
    current = ProblemLink.objects.select_for_update().filter(ticket=ticket).first()
    if current is not None and current.problem_id == problem.pk:
        return current
    if current is not None:
        current.problem = problem
        current.linked_by = acting_user
        current.linked_at = now
        current.save(update_fields=["problem", "linked_by", "linked_at"])
        link = current
    else:
        link = ProblemLink.objects.create(
            ticket=ticket, problem=problem, linked_by=acting_user, linked_at=now
        )
    data = {"problem": problem.pk, "title": problem.title}
    if current is not None:
        data["moved"] = True
    _link_event(ticket, data, acting_user=acting_user, now=now)
    return link


@transaction.atomic
def link_tickets(
    tickets: Iterable[Ticket],
    problem: KnownProblem,
    *,
    acting_user: User,
    now: datetime | None = None,
) -> int:
    """Link several tickets at once (a cluster of frequent problems); returns how many."""
    now = now or timezone.now()
    count = 0
    for ticket in tickets:
        link_ticket(ticket, problem, acting_user=acting_user, now=now)
        count += 1
    return count


@transaction.atomic
def unlink_ticket(ticket: Ticket, *, acting_user: User, now: datetime | None = None) -> None:
    """Remove the ticket's link to its problem (nothing happens when it has none)."""
    link = ProblemLink.objects.select_for_update().filter(ticket=ticket).first()
    if link is None:
        return
    now = now or timezone.now()
    data = {"problem": link.problem_id, "unlinked": True}
    link.delete()
    _link_event(ticket, data, acting_user=acting_user, now=now)


def _resolution_code() -> ResolutionCode:
    code = ResolutionCode.objects.filter(code=RESOLUTION_CODE, is_active=True).first()
    code = code or ResolutionCode.objects.filter(is_active=True).first()
    if code is None:
        raise InvalidInput(_("No resolution code is in use."), code="no_resolution_code")
    return code


def _language_of(ticket: Ticket) -> str:
    contact = ticket.contact
    return contact.language if contact is not None and contact.language else "nl"


@transaction.atomic
def resolve_problem(
    problem: KnownProblem,
    *,
    acting_user: User,
    resolution: str,
    resolve_tickets: bool = True,
    notify: bool = True,
    now: datetime | None = None,
) -> ResolveOutcome:
    """Mark the problem resolved and, in the same transaction, tell the customers of its
    linked open tickets (each in their own language) and/or resolve those tickets."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise InvalidInput(_("Describe the resolution."), code="resolution_required")
    now = now or timezone.now()
    problem = KnownProblem.objects.select_for_update().get(pk=problem.pk)
    if problem.status == ProblemStatus.RESOLVED:
        raise InvalidInput(_("This problem is already resolved."), code="already_resolved")
    problem.status = ProblemStatus.RESOLVED
    problem.resolution = resolution
    problem.resolved_at = now
    problem.updated_at = now
    problem.save(update_fields=["status", "resolution", "resolved_at", "updated_at"])
    index_problem(problem)
    open_tickets = list(
        Ticket.objects.filter(problem_link__problem=problem, status__in=OPEN_STATUSES)
        .select_related("contact")
        .order_by("pk")
    )
    code = _resolution_code() if resolve_tickets and open_tickets else None
    resolved = notified = left_open = 0
    for ticket in open_tickets:
        with translation.override(_language_of(ticket)):
            if notify and ticket.contact_id:
                tickets.add_reply(
                    ticket, body=_notice_text(problem), acting_user=acting_user, now=now
                )
                notified += 1
            if code is not None:
                try:
                    with transaction.atomic():
                        tickets.resolve_ticket(
                            ticket,
                            resolution=_ticket_resolution(problem),
                            code=code,
                            acting_user=acting_user,
                            version=None,
                            now=now,
                        )
                except InvalidInput as refused:
                    if refused.code != "checklist_incomplete":
                        raise
                    left_open += 1
                else:
                    resolved += 1
    return ResolveOutcome(resolved=resolved, notified=notified, left_open=left_open)


def _notice_text(problem: KnownProblem) -> str:
    return _(
        "Good news: the known problem “%(title)s” that affected your request has been "
        "solved.\n\n%(resolution)s"
    ) % {"title": problem.title, "resolution": problem.resolution}


def _ticket_resolution(problem: KnownProblem) -> str:
    return _("Solved with the known problem “%(title)s”: %(resolution)s") % {
        "title": problem.title,
        "resolution": problem.resolution,
    }


def active_notices() -> list[KnownProblem]:
    """Active problems with a public notice ("known outages"), newest first."""
    return list(
        KnownProblem.objects.filter(status__in=ACTIVE_STATUSES, public_notice=True).order_by(
            "-created_at", "-pk"
        )
    )
