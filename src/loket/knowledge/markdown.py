"""Article text: Markdown (CommonMark and tables) turned into HTML that is safe to show.

Two layers: markdown-it-py leaves raw HTML out (it is shown as text) and refuses
``javascript:`` links; nh3 then keeps only the tags and attributes listed here, so that
whatever slips through the first layer is removed by the second.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
    "hr",
}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
LINK_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("commonmark", {"html": False}).enable("table")


def _is_relative(url: str) -> bool:
    """A path on this site: no scheme, no host (``//host/…`` is another site)."""
    head = url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return ":" not in head and not url.startswith(("//", "\\"))


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    url = value.strip()
    if tag == "img" and attribute == "src":
        return url if url.lower().startswith("https://") or _is_relative(url) else None
    if tag == "a" and attribute == "href":
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        return url if scheme in LINK_SCHEMES or _is_relative(url) else None
    return value


def render(text: str) -> SafeString:
    """The HTML of Markdown ``text``, sanitised."""
    html = _parser.render(text or "")
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener",
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # sanitised by nh3 just above
