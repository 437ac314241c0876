"""Reading a raw e-mail into what a ticket needs, whatever state the mail is in.

:func:`parse` never raises: malformed MIME, missing boundaries, unknown charsets, 8-bit
headers, base64 garbage, NUL bytes, absurd nesting and a missing From are all turned
into a best-effort :class:`ParsedMessage` whose ``problems`` say what was odd. The raw
bytes are kept elsewhere (``loket.channels.ingest``), so nothing here has to be perfect,
only safe: the HTML is sanitised with nh3, remote images (tracking pixels) are dropped
and every string is cleaned of what the databases refuse (NUL, lone surrogates).
"""

import codecs
import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.header import decode_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

import nh3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from loket.channels.models import MessageKind

MAX_DEPTH = 20
MAX_PARTS = 200
MAX_HEADER_CHARS = 4000
# A header longer than this is absurd (a long thread's References stays far below it).
ABSURD_HEADER_CHARS = 64 * 1024
SUBJECT_CHARS = 500
ID_CHARS = 500
MAX_REFERENCES = 50
MAX_TEXT_CHARS = 1_000_000
ADDRESS = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
MESSAGE_ID = re.compile(r"<[^<>\s]{1,490}>")


@dataclass(frozen=True)
class ParsedAttachment:
    """A file carried by the mail: attached, or an inline image of its HTML."""

    filename: str
    content_type: str
    data: bytes
    content_id: str = ""
    inline: bool = False


@dataclass(frozen=True)
class ParsedMessage:
    """What Loket reads from one mail. ``text`` is the new part, ``quoted`` the history
    it quotes; ``html`` is already sanitised."""

    message_id: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    sender: str = ""
    sender_name: str = ""
    recipients: list[str] = field(default_factory=list)
    subject: str = ""
    date: datetime | None = None
    text: str = ""
    quoted: str = ""
    html: str = ""
    attachments: list[ParsedAttachment] = field(default_factory=list)
    kind: str = MessageKind.NORMAL
    suppress_auto_reply: bool = False
    problems: list[str] = field(default_factory=list)


def parse(raw: bytes) -> ParsedMessage:
    """Read ``raw`` (RFC 5322 bytes). Never raises; what was odd is in ``problems``."""
    problems: list[str] = []
    try:
        return _parse(raw, problems)
    except Exception as exc:  # parsing must never stop the mail flow
        problems.append(
            _("The message could not be read (%(error)s); only the original is kept.")
            % {"error": type(exc).__name__}
        )
        return ParsedMessage(problems=problems)


# --- strings -------------------------------------------------------------------------


def clean_text(value: str) -> str:
    """``value`` without NUL characters and lone surrogates (the databases refuse both)."""
    value = value.replace("\x00", "")
    return value.encode("utf-8", "replace").decode("utf-8")


def _decode_bytes(data: bytes, charset: str | None, problems: list[str] | None = None) -> str:
    """Bytes in the declared charset; unknown or wrong charsets fall back to UTF-8 (with
    replacement characters when it is mostly UTF-8), else Latin-1 (which always decodes)."""
    charset = (charset or "").strip().strip('"').lower() or None
    if charset:
        try:
            codecs.lookup(charset)
        except LookupError:
            if problems is not None:
                problems.append(
                    _("Unknown character set “%(charset)s”; read as UTF-8 or Latin-1.")
                    % {"charset": charset[:40]}
                )
            charset = None
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            return data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        except Exception:  # some codecs raise other errors on bad input
            continue
    if problems is not None and charset:
        problems.append(_("The text did not match its character set."))
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    if sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd") >= broken:
        return text
    return data.decode("latin-1")


def _decode_header_value(value: str, limit: int = MAX_HEADER_CHARS) -> str:
    """A raw header value (8-bit bytes kept as surrogate escapes, RFC 2047 words) as text,
    cut at ``limit`` characters."""
    value = value[:limit]
    raw = value.encode("ascii", "surrogateescape")
    text = _decode_bytes(raw, None)
    try:
        chunks = decode_header(text)
    except Exception:
        return clean_text(text)
    parts = []
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            parts.append(_decode_bytes(chunk, charset))
        else:
            parts.append(chunk)
    # decode_header drops the whitespace between an encoded word and plain text.
    joined = "".join(parts) if len(parts) > 1 else (parts[0] if parts else "")
    return clean_text(re.sub(r"[\r\n\t]+", " ", joined))


class Headers:
    """Header access that never raises: the first value of a header, decoded."""

    def __init__(self, message: Message):
        self.items: dict[str, list[str]] = {}
        try:
            raw_items = list(message.raw_items())
        except Exception:
            raw_items = []
        for name, value in raw_items:
            try:
                key = str(name).strip().lower()
                self.items.setdefault(key, []).append(value if isinstance(value, str) else "")
            except Exception:
                continue

    def get(self, name: str) -> str:
        values = self.items.get(name.lower())
        return _decode_header_value(values[0]).strip() if values else ""

    def get_all(self, name: str) -> list[str]:
        return [_decode_header_value(v).strip() for v in self.items.get(name.lower(), [])]

    def has(self, name: str) -> bool:
        return name.lower() in self.items


HEADER_PREVIEW_BYTES = 256 * 1024
HEADER_SHOWN_CHARS = 1000


def header_lines(head: bytes, limit: int = 100) -> list[tuple[str, str]]:
    """The headers of a raw message (or its first bytes) as readable (name, value) pairs,
    for an agent who looks at odd mail. Never raises."""
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(head, headersonly=True)
        items = list(message.raw_items())[:limit]
    except Exception:
        return []
    lines = []
    for name, value in items:
        text = _decode_header_value(value) if isinstance(value, str) else ""
        if len(text) > HEADER_SHOWN_CHARS:
            text = text[:HEADER_SHOWN_CHARS] + " …"
        lines.append((_decode_header_value(str(name))[:100], text))
    return lines


# --- addresses and ids ---------------------------------------------------------------


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    try:
        pairs = getaddresses(values)
    except Exception:
        return []
    result = []
    for name, address in pairs:
        address = (address or "").strip().lower()
        if ADDRESS.match(address) and len(address) <= 254:
            result.append((clean_text(name or "").strip()[:200], address))
    return result


def _message_ids(value: str) -> list[str]:
    return MESSAGE_ID.findall(value or "")


def _date(headers: Headers) -> datetime | None:
    value = headers.get("date")
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except Exception:
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


# --- kinds (RFC 3834, RFC 3464, RFC 2369) ----------------------------------------------

AUTO_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto(matic)?[- ]?reply|out of (the )?office|automatisch antwoord|"
    r"afwezig|absent|r[ée]ponse automatique|abwesenheit)",
    re.IGNORECASE,
)
BOUNCE_SENDERS = re.compile(r"^(mailer-daemon|postmaster)@", re.IGNORECASE)


def _kind(message: Message, headers: Headers, sender: str, subject: str) -> tuple[str, bool]:
    """The message's kind, and whether its sender asked us not to answer automatically."""
    suppress = headers.get("x-auto-response-suppress").lower()
    suppress_asked = any(word in suppress for word in ("all", "oof", "autoreply"))
    content_type = ""
    report_type = ""
    try:
        content_type = message.get_content_type()
        report_type = (message.get_param("report-type") or "").__str__().lower()
    except Exception:
        pass
    return_path = headers.get("return-path")
    if (
        (content_type == "multipart/report" and report_type == "delivery-status")
        or BOUNCE_SENDERS.match(sender or "")
        or (headers.has("return-path") and return_path.strip() in ("<>", ""))
    ):
        return MessageKind.BOUNCE, True
    auto_submitted = headers.get("auto-submitted").lower()
    precedence = headers.get("precedence").lower()
    if (
        (auto_submitted and auto_submitted != "no")
        or headers.has("x-autoreply")
        or headers.has("x-autorespond")
        or precedence == "auto_reply"
        or (suppress_asked and AUTO_SUBJECT.match(subject or ""))
    ):
        return MessageKind.AUTO_REPLY, True
    if (
        precedence in ("bulk", "list", "junk")
        or headers.has("list-id")
        or headers.has("list-unsubscribe")
    ):
        return MessageKind.LIST, True
    return MessageKind.NORMAL, suppress_asked


# --- quoted history ------------------------------------------------------------------

ATTRIBUTION = re.compile(
    r"^\s*(On\s.{1,300}\swrote:|Op\s.{1,300}\sschreef.{0,200}:|Le\s.{1,300}\sa\s+[ée]crit\s*:|"
    r"-{2,}\s*(Original Message|Oorspronkelijk bericht|Message d'origine|Forwarded message)\s*-{2,})\s*$",
    re.IGNORECASE,
)
OUTLOOK_FROM = re.compile(r"^\s*\**(From|Van|De)\s?\**\s?:", re.IGNORECASE)
OUTLOOK_SENT = re.compile(r"^\s*\**(Sent|Verzonden|Envoy[ée]|Date|Datum)\s?\**\s?:", re.IGNORECASE)
RULE = re.compile(r"^\s*_{10,}\s*$")


def split_quoted(text: str) -> tuple[str, str]:
    """The new part of a reply and the history it quotes."""
    lines = text.splitlines()
    cut = _quote_start(lines)
    if cut is None:
        return text.strip(), ""
    return "\n".join(lines[:cut]).strip(), "\n".join(lines[cut:]).strip()


def _quote_start(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if len(line) > 1000:
            continue
        joined = f"{line} {lines[i + 1]}" if i + 1 < len(lines) else line
        if ATTRIBUTION.match(line) or (
            line.strip() and not line.startswith(">") and ATTRIBUTION.match(joined)
        ):
            return i
        if OUTLOOK_FROM.match(line) and any(OUTLOOK_SENT.match(n) for n in lines[i + 1 : i + 5]):
            return i - 1 if i > 0 and RULE.match(lines[i - 1]) else i
        if line.startswith(">") and all(
            not rest.strip() or rest.startswith(">") for rest in lines[i + 1 :]
        ):
            return i
    return None


# --- HTML ----------------------------------------------------------------------------

HTML_TAGS = set(nh3.ALLOWED_TAGS) - {"area", "map"}
HTML_ATTRIBUTES = {
    tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items() if tag not in ("area", "map")
}
LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    value = value.strip()
    if tag == "img" and attribute == "src":
        # Only the mail's own images; remote ones are tracking pixels (and leak reading).
        return value if value.lower().startswith("cid:") else None
    if attribute in ("href", "cite"):
        # No relative links: they would point at Loket itself.
        return value if value.lower().startswith(LINK_SCHEMES) else None
    return value


def sanitise_html(markup: str) -> str:
    """Mail HTML reduced to harmless markup: no scripts, styles, forms, frames, event
    handlers or remote images; links open in a new tab without a referrer."""
    if not markup:
        return ""
    try:
        return nh3.clean(
            clean_text(markup),
            tags=HTML_TAGS,
            clean_content_tags={"script", "style", "title", "head"},
            attributes=HTML_ATTRIBUTES,
            attribute_filter=_keep_attribute,
            url_schemes={"http", "https", "mailto", "tel", "cid"},
            link_rel="noopener noreferrer",
            set_tag_attribute_values={"a": {"target": "_blank"}},
        )
    except Exception:
        return ""


BLOCK_END = re.compile(r"(?i)<\s*(br|/p|/div|/li|/tr|/h[1-6]|/blockquote|/table)\b[^>]*>")


def html_to_text(markup: str) -> str:
    """Readable text from (sanitised) HTML, for mail that has no text part."""
    if not markup:
        return ""
    try:
        spaced = BLOCK_END.sub(lambda m: m.group(0) + "\n", markup)
        bare = nh3.clean(spaced, tags=set(), clean_content_tags={"script", "style"})
    except Exception:
        return ""
    text = html_lib.unescape(bare)
    lines = [re.sub(r"[ \t\xa0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- the MIME tree -------------------------------------------------------------------

DEFECTS = {
    "CloseBoundaryNotFoundDefect": _lazy("A multipart message has no closing boundary."),
    "StartBoundaryNotFoundDefect": _lazy("A multipart boundary was not found."),
    "NoBoundaryInMultipartDefect": _lazy("A multipart message has no boundary."),
    "MissingHeaderBodySeparatorDefect": _lazy(
        "A header line could not be read; what follows it was read as text."
    ),
    "FirstHeaderLineIsContinuationDefect": _lazy("The first header line is malformed."),
    "MisplacedEnvelopeHeaderDefect": _lazy("An envelope line is misplaced among the headers."),
    "MultipartInvariantViolationDefect": _lazy("The MIME structure contradicts itself."),
    "InvalidMultipartContentTransferEncodingDefect": _lazy(
        "A multipart part has an invalid transfer encoding."
    ),
}


def _note_defects(part: Message, problems: list[str]) -> None:
    for defect in list(getattr(part, "defects", []))[:5]:
        name = type(defect).__name__
        if "Base64" in name:
            continue  # said once, where the payload is decoded
        text = DEFECTS.get(name)
        problems.append(
            str(text)
            if text
            else _("The MIME structure is malformed (%(defect)s).") % {"defect": name[:80]}
        )


@dataclass
class _Body:
    text: str = ""
    html: str = ""
    attachments: list[ParsedAttachment] = field(default_factory=list)
    parts: int = 0
    too_deep: bool = False
    too_many: bool = False


def _param(part: Message, name: str, header: str = "content-type") -> str:
    try:
        value = part.get_param(name, header=header)
    except Exception:
        return ""
    if value is None:
        return ""
    if isinstance(value, tuple):  # RFC 2231: (charset, language, value)
        charset, _language, text = value
        try:
            return clean_text(
                text.encode("latin-1", "replace").decode(charset or "utf-8", "replace")
            )
        except LookupError:
            return clean_text(text)
    return _decode_header_value(str(value))


def _payload(part: Message, problems: list[str]) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        if getattr(part, "defects", None) and any(
            "Base64" in type(d).__name__ for d in part.defects
        ):
            problems.append(_("A part had broken base64; it was decoded as far as possible."))
        return data
    try:
        payload = part.get_payload()
    except Exception:
        return b""
    if isinstance(payload, str):
        return payload.encode("ascii", "surrogateescape")
    return b""


def _walk(part: Message, depth: int, body: _Body, problems: list[str]) -> None:
    if body.parts >= MAX_PARTS:
        body.too_many = True
        return
    body.parts += 1
    if depth:
        _note_defects(part, problems)
    try:
        content_type = part.get_content_type()
    except Exception:
        content_type = "text/plain"
    if part.is_multipart():
        if depth >= MAX_DEPTH:
            body.too_deep = True
            return
        try:
            children = part.get_payload()
        except Exception:
            children = []
        if content_type == "message/rfc822":
            _attach_message(part, body)
            return
        for child in children if isinstance(children, list) else []:
            if isinstance(child, Message):
                _walk(child, depth + 1, body, problems)
        return
    try:
        disposition = (part.get_content_disposition() or "").lower()
    except Exception:
        disposition = ""
    filename = _param(part, "filename", "content-disposition") or _param(part, "name")
    content_id = _decode_header_value(str(part.get("content-id") or "")).strip().strip("<>")
    is_body = disposition != "attachment" and not filename
    if is_body and content_type == "text/plain" and not body.text:
        data = _payload(part, problems)
        body.text = _decode_bytes(data, _param(part, "charset") or None, problems)
        return
    if is_body and content_type == "text/html" and not body.html:
        data = _payload(part, problems)
        body.html = _decode_bytes(data, _param(part, "charset") or None, problems)
        return
    if content_type.startswith("multipart/"):
        return  # a multipart without parts (no boundary found): nothing to keep
    data = _payload(part, problems)
    if not data:
        return
    body.attachments.append(
        ParsedAttachment(
            filename=clean_text(filename)[:200] or _default_name(content_type),
            content_type=content_type[:100],
            data=data,
            content_id=clean_text(content_id)[:200],
            inline=disposition == "inline" or (bool(content_id) and disposition != "attachment"),
        )
    )


def _attach_message(part: Message, body: _Body) -> None:
    try:
        inner = part.get_payload(0)
        if not isinstance(inner, Message):
            return
        data = inner.as_bytes(policy=policy.compat32)
    except Exception:
        return
    body.attachments.append(
        ParsedAttachment(filename="message.eml", content_type="message/rfc822", data=data)
    )


def _default_name(content_type: str) -> str:
    main, _slash, sub = content_type.partition("/")
    extension = re.sub(r"[^a-z0-9]", "", sub.lower())[:10] or "bin"
    return f"{main or 'file'}.{extension}"


# --- putting it together -------------------------------------------------------------


def _parse(raw: bytes, problems: list[str]) -> ParsedMessage:
    if b"\x00" in raw:
        problems.append(_("The message contains NUL bytes."))
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(raw)
    except RecursionError:
        problems.append(_("The message is nested too deeply to read."))
        return ParsedMessage(problems=problems)
    headers = Headers(message)
    _note_defects(message, problems)
    if any(len(v) > ABSURD_HEADER_CHARS for values in headers.items.values() for v in values):
        problems.append(_("A header was too long; it was cut."))
    if any(any(ord(ch) >= 0xDC80 for ch in name) for name in headers.items):
        problems.append(_("A header name contains 8-bit characters."))

    senders = _addresses(headers.get_all("from")) or _addresses(headers.get_all("sender"))
    sender_name, sender = senders[0] if senders else ("", "")
    if not sender:
        problems.append(
            _("The message has no usable sender (From).")
            if not headers.has("from")
            else _("The sender address (From) could not be read.")
        )
    recipients: list[str] = []
    for name in ("to", "cc", "delivered-to", "x-original-to", "envelope-to"):
        for _name, address in _addresses(headers.get_all(name)):
            if address not in recipients:
                recipients.append(address)

    subject = re.sub(r"\s+", " ", headers.get("subject")).strip()[:SUBJECT_CHARS]
    message_ids = _message_ids(headers.get("message-id"))
    message_id = message_ids[0][:ID_CHARS] if message_ids else ""
    in_reply_to = next(iter(_message_ids(headers.get("in-reply-to"))), "")
    # The newest references are last: read the whole header, keep its end.
    references = _message_ids(
        " ".join(
            _decode_header_value(v, ABSURD_HEADER_CHARS)[-MAX_REFERENCES * 500 :]
            for v in headers.items.get("references", [])
        )
    )[-MAX_REFERENCES:]

    body = _Body()
    try:
        _walk(message, 0, body, problems)
    except RecursionError:
        body.too_deep = True
    if body.too_deep:
        problems.append(
            _("Parts nested deeper than %(depth)s levels were left in the original message.")
            % {"depth": MAX_DEPTH}
        )
    if body.too_many:
        problems.append(
            _("Only the first %(count)s parts were read; the rest is in the original message.")
            % {"count": MAX_PARTS}
        )
    html = sanitise_html(body.html[:MAX_TEXT_CHARS])
    text = clean_text(body.text[:MAX_TEXT_CHARS]) or html_to_text(html)
    new, quoted = split_quoted(text.replace("\r\n", "\n"))
    kind, suppress = _kind(message, headers, sender, subject)
    return ParsedMessage(
        message_id=clean_text(message_id),
        in_reply_to=clean_text(in_reply_to[:ID_CHARS]),
        references=[clean_text(r[:ID_CHARS]) for r in references],
        sender=sender,
        sender_name=sender_name,
        recipients=recipients,
        subject=subject,
        date=_date(headers),
        text=new,
        quoted=quoted,
        html=html,
        attachments=body.attachments,
        kind=kind,
        suppress_auto_reply=suppress or kind != MessageKind.NORMAL,
        problems=_unique(problems),
    )


def _unique(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
