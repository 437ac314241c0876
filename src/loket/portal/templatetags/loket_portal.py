"""Template filters of the customer portal."""

import re

from django import template
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The link to a help article that "Send to customer" puts in a reply
# (loket.knowledge.links.article_url): a path on this site, which the browser would
# not make clickable on its own.
ARTICLE_PATH = re.compile(r"(?<![\w/.:-])/portal/kb/\d+/(?:\?lang=[a-z]{2})?(?![\w/?&=]|\.[\w./])")


@register.filter
def message(text: str) -> SafeString:
    """A message body as paragraphs, escaped, with the links to help articles clickable."""
    html = ARTICLE_PATH.sub(lambda m: f'<a href="{m[0]}">{m[0]}</a>', escape(text or ""))
    return mark_safe(linebreaks(html, autoescape=False))  # the text was escaped above
