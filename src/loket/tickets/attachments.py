"""Storing files attached to timeline events: size limit, type from content, safe names."""

import codecs
import hashlib
import unicodedata
from typing import Protocol

import puremagic
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from loket.core.errors import InvalidInput

# Types that a browser could run as active content are always served as downloads
# (Content-Disposition: attachment), and never with their own content type.
INLINE_SAFE_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}
)


class UploadedFile(Protocol):
    name: str
    size: int

    def chunks(self): ...


def safe_filename(name: str) -> str:
    """A file name without paths, control characters or shell surprises."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if ch.isprintable())
    try:
        cleaned = get_valid_filename(base.strip(". ")) if base.strip(". ") else ""
    except SuspiciousFileOperation:  # nothing usable left, e.g. "###"
        cleaned = ""
    return (cleaned or "file")[-150:]


def detect_content_type(head: bytes) -> str:
    """The MIME type from the file's first bytes, not from its name or the client's claim."""
    try:
        return puremagic.from_string(head, mime=True) or "application/octet-stream"
    except (puremagic.PureError, ValueError):
        pass
    if b"\x00" in head:  # valid UTF-8, but no text file holds NUL bytes
        return "application/octet-stream"
    try:
        # Not final: ``head`` is cut at a fixed size and may end inside a character.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


def store_attachment(event, upload: UploadedFile):
    from loket.tickets.models import Attachment

    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise InvalidInput(
            _("%(name)s is larger than the limit of %(limit)s MB.")
            % {"name": safe_filename(upload.name), "limit": limit // (1024 * 1024)},
            code="attachment_too_large",
        )
    digest = hashlib.sha256()
    data = bytearray()
    for chunk in upload.chunks():
        data.extend(chunk)
        if len(data) > limit:
            raise InvalidInput(
                _("%(name)s is larger than the limit of %(limit)s MB.")
                % {"name": safe_filename(upload.name), "limit": limit // (1024 * 1024)},
                code="attachment_too_large",
            )
        digest.update(chunk)
    attachment = Attachment(
        event=event,
        filename=safe_filename(upload.name),
        content_type=detect_content_type(bytes(data[:4096])),
        size=len(data),
        sha256=digest.hexdigest(),
    )
    attachment.file.save(attachment.sha256, ContentFile(bytes(data)), save=False)
    attachment.save()
    return attachment


def download_response(file, *, filename: str, content_type: str, inline: bool = False):
    """Serve a stored file. Only types in ``INLINE_SAFE_TYPES`` keep their content type
    (and only they may be shown ``inline``); everything is sandboxed and never sniffed.
    Http404 when the file is missing from storage."""
    from django.http import FileResponse, Http404

    safe = content_type in INLINE_SAFE_TYPES
    try:
        handle = file.open("rb")
    except OSError:
        raise Http404("The file is missing from storage") from None
    response = FileResponse(
        handle,
        as_attachment=not (inline and safe),
        filename=filename,
        content_type=content_type if safe else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
