"""Where an article can be read: the portal for public articles, the staff pages otherwise."""

from urllib.parse import urlencode

from django.urls import reverse

from loket.knowledge.models import Article, Audience

# The portal's article page (loket.portal.urls, mounted at /portal/).
PORTAL_ARTICLE = "/portal/kb/{pk}/"


def article_url(article: Article, language: str = "") -> str:
    """The path (without host) of the page on which a reader opens ``article``:
    ``/portal/kb/<id>/?lang=xx`` for public articles, ``/kb/<id>/`` for internal ones."""
    if article.audience == Audience.PUBLIC:
        path = PORTAL_ARTICLE.format(pk=article.pk)
        return f"{path}?{urlencode({'lang': language})}" if language else path
    return reverse("knowledge:detail", args=[article.pk])
