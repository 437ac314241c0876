"""Articles in use: read and rated, sent to customers and linked on tickets, written
from tickets, and the answers customers found without a ticket. Each use case runs in
one transaction; writing articles themselves is ``loket.knowledge.services``.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from loket.accounts.models import Language, User
from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.knowledge.links import article_url
from loket.knowledge.models import (
    FALLBACK_ORDER,
    Article,
    ArticleFeedback,
    ArticleRequest,
    ArticleStatus,
    ArticleUse,
    Audience,
    Deflection,
    UseKind,
)
from loket.knowledge.services import create_article, require_writer
from loket.tickets.models import EventKind, Status, Ticket, TimelineEvent

# --- reading and feedback ----------------------------------------------------------------


def record_view(article: Article) -> None:
    """Count one reading of the article."""
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)


@transaction.atomic
def record_feedback(
    article: Article,
    *,
    helpful: bool,
    language: str,
    comment: str = "",
    user: User | None = None,
    now: datetime | None = None,
) -> ArticleFeedback:
    """An answer to "did this help?", with an optional comment."""
    if language not in Language.values:
        language = FALLBACK_ORDER[0]
    counter = "helpful_count" if helpful else "not_helpful_count"
    Article.objects.filter(pk=article.pk).update(**{counter: F(counter) + 1})
    return ArticleFeedback.objects.create(
        article=article,
        language=language,
        helpful=bool(helpful),
        comment=(comment or "").strip()[:2000],
        user=user if user is not None and user.is_authenticated else None,
        created_at=now or timezone.now(),
    )


@transaction.atomic
def record_deflection(
    *, user: User | None, article: Article | None = None, query: str = "", now=None
) -> Deflection:
    """A customer found the answer (in ``article``) and did not open a ticket."""
    known = user if user is not None and user.is_authenticated else None
    contact = getattr(known, "contact", None) if known else None
    return Deflection.objects.create(
        article=article,
        user=known,
        organisation=contact.organisation if contact else None,
        query=(query or "").strip()[:300],
        created_at=now or timezone.now(),
    )


# --- articles and tickets ----------------------------------------------------------------


def _customer_language(ticket: Ticket) -> str:
    contact = ticket.contact
    return contact.language if contact and contact.language in Language.values else "nl"


def _use(article: Article, ticket: Ticket, kind: str, user: User, now: datetime) -> ArticleUse:
    return ArticleUse.objects.create(
        article=article, ticket=ticket, kind=kind, user=user, created_at=now
    )


@transaction.atomic
def send_article_to_customer(
    ticket: Ticket, article: Article, *, acting_user: User, now: datetime | None = None
) -> TimelineEvent:
    """A public reply on the ticket, in the customer's language: the article's title,
    summary and the link to read it."""
    require_writer(acting_user)
    if article.status != ArticleStatus.PUBLISHED or article.audience != Audience.PUBLIC:
        raise InvalidInput(
            _("Only published, public articles can be sent to a customer."),
            code="article_not_public",
        )
    now = now or timezone.now()
    language = _customer_language(ticket)
    text = article.translation(language)
    if text is None:
        raise InvalidInput(_("This article has no text."), code="translation_required")
    with override(language):
        link = _("Read the article: %(link)s") % {
            "link": settings.SITE_URL + article_url(article, language)
        }
    body = "\n\n".join(part for part in (text.title, text.summary, link) if part)
    from loket.tickets.services import add_reply

    event = add_reply(ticket, body=body, acting_user=acting_user, now=now)
    _use(article, ticket, UseKind.SENT, acting_user, now)
    Article.objects.filter(pk=article.pk).update(last_used_at=now)
    return event


@transaction.atomic
def link_article(
    ticket: Ticket, article: Article, *, acting_user: User, now: datetime | None = None
) -> ArticleUse:
    """Note on the ticket that ``article`` applies; once per ticket and article."""
    require_writer(acting_user)
    existing = ArticleUse.objects.filter(
        ticket=ticket, article=article, kind=UseKind.LINKED
    ).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    TimelineEvent.objects.create(
        ticket=ticket,
        kind=EventKind.LINK,
        author=acting_user,
        created_at=now,
        is_public=False,
        data={"article": article.pk},
    )
    Article.objects.filter(pk=article.pk).update(last_used_at=now)
    return _use(article, ticket, UseKind.LINKED, acting_user, now)


@transaction.atomic
def draft_from_ticket(ticket: Ticket, *, acting_user: User, now: datetime | None = None) -> Article:
    """A draft written from a resolved ticket: its subject as title, the description as
    symptoms and the resolution as solution, in the customer's language."""
    require_writer(acting_user)
    # The caller's copy may predate the resolution: read the ticket as it is now.
    ticket = Ticket.objects.select_related("contact", "category").get(pk=ticket.pk)
    if ticket.status not in (Status.RESOLVED, Status.CLOSED):
        raise TransitionNotAllowed(_("Only a resolved or closed ticket can become an article."))
    now = now or timezone.now()
    language = _customer_language(ticket)
    with override(language):
        symptoms, solution = _("Symptoms"), _("Solution")
    description = ticket.description.strip() or "…"
    resolution = ticket.resolution.strip() or "…"
    body = f"## {symptoms}\n\n{description}\n\n## {solution}\n\n{resolution}\n"
    article = create_article(
        acting_user=acting_user,
        translations={language: {"title": ticket.subject, "summary": "", "body": body}},
        category=ticket.category if ticket.category and ticket.category.is_active else None,
        source_ticket=ticket,
        now=now,
    )
    _use(article, ticket, UseKind.CREATED_FROM, acting_user, now)
    ArticleRequest.objects.filter(ticket=ticket, article__isnull=True).update(article=article)
    return article


@transaction.atomic
def request_article(
    ticket: Ticket, *, acting_user: User, reason: str = "", now: datetime | None = None
) -> ArticleRequest:
    """Flag the ticket "needs article"; flagging it again changes nothing."""
    require_writer(acting_user)
    request, _created = ArticleRequest.objects.get_or_create(
        ticket=ticket,
        defaults={
            "reason": (reason or "").strip()[:300],
            "requested_by": acting_user,
            "created_at": now or timezone.now(),
        },
    )
    return request
