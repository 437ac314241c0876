"""How mail finds its way back to a ticket.

- Every mail Loket sends has the ticket number in its subject (``[#2026-000123]``), a
  ``Message-ID`` of its own, and a ``Reply-To`` address with the ticket's reply token:
  ``support+2026-000123.k3j5…@example.be``.
- The reply token is an HMAC of the ticket number with ``SECRET_KEY``: nothing stored,
  and it cannot be guessed from the number. A message to a tokened address threads into
  the ticket whoever sends it; a number in the subject alone threads only mail from the
  ticket's contact (see ``loket.channels.threading``).
"""

import hashlib
import hmac
import re
import uuid
from base64 import b32encode

from django.conf import settings

TOKEN_CHARS = 10
NUMBER = r"\d{4}-\d{6,}"
SUBJECT_TAG = re.compile(rf"\[#({NUMBER})\]")
REPLY_LOCAL = re.compile(rf"\+({NUMBER})\.([a-z2-7]{{{TOKEN_CHARS}}})@", re.IGNORECASE)


def reply_token(number: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"reply:{number}".encode(), hashlib.sha256
    ).digest()
    return b32encode(digest).decode("ascii").lower()[:TOKEN_CHARS]


def reply_address(mailbox_address: str, number: str) -> str:
    """``mailbox_address`` plus-addressed with the ticket's number and token."""
    local, _, domain = mailbox_address.partition("@")
    return f"{local}+{number}.{reply_token(number)}@{domain}"


def number_from_address(address: str) -> str | None:
    """The ticket number of a tokened reply address, when its token is right."""
    match = REPLY_LOCAL.search(address or "")
    if not match:
        return None
    number, token = match.group(1), match.group(2).lower()
    return number if hmac.compare_digest(token, reply_token(number)) else None


def subject_tag(number: str) -> str:
    return f"[#{number}]"


def number_from_subject(subject: str) -> str | None:
    match = SUBJECT_TAG.search(subject or "")
    return match.group(1) if match else None


def new_message_id(number: str | None, domain: str) -> str:
    """A fresh ``<…@domain>`` Message-ID, naming the ticket when there is one."""
    prefix = f"loket.{number}." if number else "loket."
    return f"<{prefix}{uuid.uuid4().hex}@{domain or 'localhost'}>"
