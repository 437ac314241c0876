"""Template tags for the partials other pages include (notices, the ticket's problem)."""

from django import template

from loket.problems import services
from loket.problems.models import ACTIVE_STATUSES, KnownProblem

register = template.Library()


@register.simple_tag
def active_notices() -> list[KnownProblem]:
    """The known outages to show: active problems with a public notice."""
    return services.active_notices()


@register.simple_tag
def active_problems() -> list[KnownProblem]:
    """Active problems to pick from when linking a ticket."""
    return list(
        KnownProblem.objects.filter(status__in=ACTIVE_STATUSES)
        .only("pk", "title", "status")
        .order_by("title")[:200]
    )


@register.simple_tag
def notice_text(problem: KnownProblem, language: str) -> str:
    return problem.notice(language or "nl")
