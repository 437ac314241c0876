"""Template filters of the customer portal."""

import re
from functools import lru_cache

from django import template
from django.conf import settings
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


# The link to a help article that "Send to customer" puts in a reply
# (loket.knowledge.links.article_url), which the plain-text message would not make
# clickable on its own.
# It starts with settings.SITE_URL; older replies hold just the path.
@lru_cache(maxsize=4)
def _article_links(site_url: str) -> re.Pattern:
    return re.compile(
        r"(?<![\w/.:-])(?:"
        + re.escape(site_url)
        + r")?/portal/kb/\d+/(?:\?lang=[a-z]{2})?(?![\w/?&=]|\.[\w./])"
    )


@register.filter
def message(text: str) -> SafeString:
    """A message body as paragraphs, escaped, with the links to help articles clickable."""
    html = _article_links(settings.SITE_URL).sub(
        lambda m: f'<a href="{m[0]}">{m[0]}</a>', escape(text or "")
    )
    return mark_safe(linebreaks(html, autoescape=False))  # the text was escaped above
