"""Who may use the customer portal, and what of the knowledge base it shows.

The portal is for customers linked to a contact. Ticket visibility is decided by
``loket.tickets.access`` (own tickets; an organisation administrator also the
organisation's); articles are always public and published here, whoever asks.
"""

from django.db.models import QuerySet
from django.http import Http404

from loket.accounts.models import User
from loket.core.pages import allowed_if
from loket.knowledge.models import Article, ArticleStatus, Audience
from loket.tickets.access import can_reply
from loket.tickets.models import Status, Ticket


def can_use_portal(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.is_customer
        and user.contact_id is not None
    )


def sees_organisation(user: User) -> bool:
    """An organisation administrator may list the whole organisation's tickets."""
    return bool(can_use_portal(user) and user.organisation_admin and user.contact.organisation_id)


portal_required = allowed_if(can_use_portal)


def can_reply_on(user: User, ticket: Ticket) -> bool:
    """A customer answers a ticket they may see that is not closed yet."""
    return can_use_portal(user) and can_reply(user, ticket) and ticket.status != Status.CLOSED


def can_close(user: User, ticket: Ticket) -> bool:
    """A customer closes their own (or, as organisation administrator, the
    organisation's) ticket unless it is closed already."""
    return can_reply_on(user, ticket)


def portal_articles() -> QuerySet[Article]:
    """What the portal shows of the knowledge base: public, published articles only."""
    return Article.objects.filter(audience=Audience.PUBLIC, status=ArticleStatus.PUBLISHED)


def portal_article(pk: int | str) -> Article:
    """A public, published article; Http404 for anything else (drafts, internal, archived)."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such article") from None
    article = portal_articles().prefetch_related("translations").filter(pk=key).first()
    if article is None:
        raise Http404("No such article")
    return article
