"""Drawing an e-mail on the ticket timeline: its formatted (HTML) version with the mail's
own inline images."""

import html
import re

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from loket.channels.parsing import sanitise_html

register = template.Library()

CID_SRC = re.compile(r'src="cid:([^"]*)"')


@register.simple_tag
def mail_html(event, number: str) -> SafeString:
    """The event's HTML, sanitised once more (rules may have tightened since it came in)
    and with ``cid:`` images pointing at the attachments they were stored as.

    It is shown as markup in the page rather than in a sandboxed ``<iframe srcdoc>``:
    nh3 keeps only an allowlist of tags and attributes (no scripts, styles, event
    handlers, forms, frames, classes or ids, no remote images), and a sandboxed frame has
    an opaque origin that would not send the session cookie, so the inline images —
    served only to who may see the ticket — would not show."""
    data = event.data or {}
    markup = sanitise_html(data.get("html") or "")
    if not markup:
        return mark_safe("")
    by_sha = {a.sha256: a.pk for a in event.attachments.all()}
    cids = {cid: by_sha.get(sha) for cid, sha in (data.get("cids") or {}).items()}

    def image(match: re.Match) -> str:
        pk = cids.get(html.unescape(match.group(1)))
        if pk is None:
            return 'src=""'
        return f'src="{reverse("tickets:attachment", args=[number, pk])}"'

    return mark_safe(CID_SRC.sub(image, markup))  # sanitised just above
