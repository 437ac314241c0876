"""One incoming mail into Loket: stored raw, then a ticket or a message on one.

The IMAP poller and ``loket mailgate`` both call :func:`ingest`. Its promises:

- the raw bytes are stored before anything else, whatever happens next;
- a second delivery of the same message (same Message-ID, or the same bytes when there
  is none) is a no-op that returns the first row (race-safe: a unique key);
- odd input never raises: what cannot be handled is kept with outcome FLAGGED and a
  problem text for an agent (``/mail/``); only database failures propagate, so that the
  caller can retry (the mail gate answers EX_TEMPFAIL, the poller leaves the mail unseen);
- automatic mail (auto-replies, bounces, list mail) is never answered automatically.
"""

import hashlib
import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime
from email import policy
from email.parser import BytesParser
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.channels import outbound
from loket.channels.models import InboundMessage, Mailbox, MessageKind, Outcome, raw_path
from loket.channels.parsing import ParsedAttachment, ParsedMessage, parse
from loket.channels.threading import find_ticket
from loket.core.errors import InvalidInput, ServiceError, TransitionNotAllowed
from loket.directory.models import Contact, ContactEmail, Organisation
from loket.directory.services import create_contact
from loket.tickets import services as tickets
from loket.tickets.models import Channel, Ticket

logger = logging.getLogger(__name__)

AUTOMATIC = (MessageKind.AUTO_REPLY, MessageKind.BOUNCE)
HEAD_BYTES = 4 * 1024 * 1024
MESSAGE_ID = re.compile(r"<[^<>\s]{1,490}>")


@dataclass(frozen=True)
class IngestResult:
    message: InboundMessage
    duplicate: bool


def dedupe_key(raw: bytes, message_id: str) -> str:
    """SHA-256 of the normalised Message-ID, or of the bytes when there is none."""
    if message_id:
        return hashlib.sha256(f"mid:{message_id.strip()}".encode()).hexdigest()
    return hashlib.sha256(raw).hexdigest()


def _message_id(raw: bytes) -> str:
    """The Message-ID from the header block alone (cheap, also for oversize mail)."""
    head = raw[:HEAD_BYTES]
    for separator in (b"\r\n\r\n", b"\n\n"):
        end = head.find(separator)
        if end >= 0:
            head = head[:end]
            break
    try:
        headers = BytesParser(policy=policy.compat32).parsebytes(head, headersonly=True)
        for name, value in headers.raw_items():
            if name.strip().lower() == "message-id" and isinstance(value, str):
                found = MESSAGE_ID.findall(value.encode("ascii", "surrogateescape").decode())
                return found[0].replace("\x00", "") if found else ""
    except Exception:  # an unreadable head simply has no Message-ID
        return ""
    return ""


def ingest(
    raw: bytes, *, mailbox: Mailbox | None = None, now: datetime | None = None
) -> IngestResult:
    """Store ``raw`` and turn it into a ticket or a message on one. One transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        message, duplicate = _store_raw(raw, mailbox, now)
        if duplicate:
            return IngestResult(message=message, duplicate=True)
        if message.size > settings.MAIL_MAX_BYTES:
            _flag(
                message,
                _("The message is larger than %(limit)s MB; it was kept but not read.")
                % {"limit": settings.MAIL_MAX_BYTES // (1024 * 1024)},
            )
            return IngestResult(message=message, duplicate=False)
        try:
            with transaction.atomic():
                _process(message, raw, mailbox, now)
        except (OperationalError, InterfaceError):
            raise  # the database itself failed: let the caller retry
        except Exception as exc:  # nothing odd in a mail may lose it
            logger.exception("mail %s could not be ingested", message.pk)
            message.ticket = None
            message.event = None
            _flag(
                message,
                _("Loket could not process this message (%(error)s).")
                % {"error": _error_text(exc)},
            )
    return IngestResult(message=message, duplicate=False)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ServiceError):
        return str(exc.message)[:500]
    return type(exc).__name__


def _store_raw(raw: bytes, mailbox: Mailbox | None, now: datetime) -> tuple[InboundMessage, bool]:
    message_id = _message_id(raw)
    key = dedupe_key(raw, message_id)
    existing = InboundMessage.objects.filter(dedupe_key=key).first()
    if existing is not None:
        return existing, True
    message = InboundMessage(
        mailbox=mailbox,
        dedupe_key=key,
        message_id=message_id,
        outcome=Outcome.FLAGGED,
        size=len(raw),
        sha256=hashlib.sha256(raw).hexdigest(),
        received_at=now,
    )
    # Same bytes, same name: a redelivery (or a race) shares the file, never loses it.
    path = raw_path(message, "")
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(raw))
    message.raw.name = path
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        return InboundMessage.objects.get(dedupe_key=key), True
    return message, False


def _flag(message: InboundMessage, problem: str) -> None:
    message.outcome = Outcome.FLAGGED
    message.problem = "\n".join(p for p in (message.problem, problem) if p)
    message.save()


def _process(message: InboundMessage, raw: bytes, mailbox: Mailbox | None, now: datetime) -> None:
    parsed = parse(raw)
    message.message_id = parsed.message_id or message.message_id
    message.sender = parsed.sender[:320]
    message.subject = parsed.subject[:500]
    message.kind = parsed.kind
    message.problem = "\n".join(parsed.problems)
    if not parsed.sender:
        _flag(message, _("The sender could not be read, so no ticket was made."))
        return
    ticket = find_ticket(parsed)
    if parsed.kind in AUTOMATIC:
        if ticket is None:
            message.outcome = Outcome.IGNORED
        else:
            message.outcome = Outcome.THREADED
            message.ticket = ticket
            message.event = _on_ticket(ticket, parsed, message, now, public=False)
    elif ticket is not None and tickets.reopen_window_open(ticket, now):
        was_open = ticket.is_open
        message.ticket = ticket
        message.event = _on_ticket(ticket, parsed, message, now, public=True)
        message.outcome = Outcome.THREADED if was_open else Outcome.REOPENED
    else:
        contact = _contact_for(parsed, mailbox)
        if contact is None:
            _flag(message, _("No contact could be made for the sender, so no ticket was made."))
            return
        new = _new_ticket(parsed, contact, mailbox, now, follow_up_of=ticket)
        message.ticket = new
        message.event = _on_ticket(new, parsed, message, now, public=True)
        message.outcome = Outcome.NEW_TICKET
        message.save()
        if parsed.kind == MessageKind.NORMAL and not parsed.suppress_auto_reply:
            _acknowledge(new, message)
        return
    message.save()


def _acknowledge(ticket: Ticket, message: InboundMessage) -> None:
    """Queue the "ticket received" mail. Its failure must not cost the customer their
    ticket: it is rolled back alone and noted on the message for review."""
    try:
        with transaction.atomic():
            outbound.acknowledge(ticket, message)
    except (OperationalError, InterfaceError):
        raise
    except Exception as exc:
        logger.exception("no acknowledgement for mail %s", message.pk)
        problem = _("The acknowledgement could not be queued (%(error)s).") % {
            "error": _error_text(exc)
        }
        message.problem = "\n".join(p for p in (message.problem, problem) if p)
        message.save(update_fields=["problem"])


class _Part(ContentFile):
    """An attachment of the mail as the ticket services read an upload."""

    def __init__(self, part: ParsedAttachment):
        super().__init__(part.data, name=part.filename)
        self.content_id = part.content_id


def _on_ticket(ticket: Ticket, parsed: ParsedMessage, message, now, *, public: bool):
    extra: dict = {"html": parsed.html, "quoted": parsed.quoted}
    if not public:
        # Automatic mail is internal: what was odd may be shown with it.
        extra["automatic"] = parsed.kind
        if parsed.problems:
            extra["problems"] = parsed.problems
    files: list[Any] = [_Part(a) for a in parsed.attachments]
    return tickets.receive_message(
        ticket,
        body=parsed.text or parsed.subject,
        sender=parsed.sender,
        name=parsed.sender_name,
        inbound=message.pk,
        is_public=public,
        extra=extra,
        attachments=files,
        now=now,
    )


def _new_ticket(
    parsed: ParsedMessage,
    contact: Contact,
    mailbox: Mailbox | None,
    now: datetime,
    *,
    follow_up_of: Ticket | None,
    acting_user=None,
) -> Ticket:
    subject = parsed.subject[:200].strip() or _("(no subject)")
    description = parsed.text
    team = mailbox.team if mailbox and mailbox.team and mailbox.team.is_active else None
    category = mailbox.category if mailbox and mailbox.category else None
    if category is not None and not category.is_active:
        category = None
    if follow_up_of is not None:
        description = "\n\n".join(
            p
            for p in (
                _("Follow-up of #%(number)s") % {"number": follow_up_of.number},
                description,
            )
            if p
        )
        team = team or follow_up_of.team
    return tickets.create_ticket(
        acting_user=acting_user,
        channel=Channel.EMAIL,
        team=team,
        category=category,
        contact=contact,
        subject=subject,
        description=description,
        now=now,
    )


def _contact_for(parsed: ParsedMessage, mailbox: Mailbox | None) -> Contact | None:
    """The sender's contact (by any of their addresses), created when unknown."""
    known = (
        ContactEmail.objects.filter(address__iexact=parsed.sender)
        .select_related("contact")
        .order_by("id")
        .first()
    )
    if known is not None:
        return known.contact
    first, last = _split_name(parsed.sender_name, parsed.sender)
    domain = parsed.sender.rsplit("@", 1)[-1]
    organisation = (
        Organisation.objects.filter(email_domain__iexact=domain).order_by("id").first()
        if domain
        else None
    )
    try:
        with transaction.atomic():
            return create_contact(
                first_name=first,
                last_name=last,
                emails=[parsed.sender],
                organisation=organisation,
                language=mailbox.language if mailbox else settings.LANGUAGE_CODE[:2],
            )
    except ServiceError:
        return None


def _split_name(display: str, address: str) -> tuple[str, str]:
    """First and last name from a display name (“Chris Claes”, “Claes, Chris”)."""
    name = re.sub(r"\s+", " ", display.replace('"', "")).strip()
    if not name or "@" in name:
        return "", address[:100]
    if "," in name:
        last, _sep, first = name.partition(",")
        return first.strip()[:100], last.strip()[:100] or address[:100]
    # The first word is the first name: Flemish and Dutch last names often have several
    # (“Dana De Smet”, “Jan van den Berg”).
    first, _sep, last = name.partition(" ")
    if not last:
        return "", first[:100]
    return first[:100], last[:100]


# --- review: what an agent does with mail that needs one -------------------------------


def read_raw(message: InboundMessage, limit: int | None = None) -> bytes:
    """The stored original (or its first ``limit`` bytes); b"" when it is missing."""
    try:
        with message.raw.open("rb") as handle:
            return handle.read() if limit is None else handle.read(limit)
    except (OSError, ValueError):
        return b""


@transaction.atomic
def create_ticket_for(
    message: InboundMessage,
    *,
    acting_user,
    address: str,
    name: str = "",
    subject: str = "",
    now: datetime | None = None,
) -> Ticket:
    """An agent makes a ticket of a flagged message, for the contact with ``address``
    (created when unknown, named ``name``). The message goes on the ticket as it would
    have; the mail is marked handled."""
    from loket.directory.services import normalise_emails

    now = now or timezone.now()
    message = InboundMessage.objects.select_for_update().get(pk=message.pk)
    if message.ticket_id is not None:
        raise TransitionNotAllowed(_("This message is already on a ticket."))
    address = normalise_emails([address])[0]
    raw = read_raw(message)
    parsed = parse(raw) if raw else ParsedMessage()
    parsed = replace(parsed, sender=address, sender_name=(name or "").strip()[:200])
    contact = _contact_for(parsed, message.mailbox)
    if contact is None:
        raise InvalidInput(_("No contact could be made for this address."), code="bad_email")
    subject = (subject or "").strip() or parsed.subject
    ticket = _new_ticket(
        replace(parsed, subject=subject[:200]),
        contact,
        message.mailbox,
        now,
        follow_up_of=None,
        acting_user=acting_user,
    )
    message.ticket = ticket
    message.event = _on_ticket(ticket, parsed, message, now, public=True)
    message.outcome = Outcome.NEW_TICKET
    message.handled_by = acting_user
    message.handled_at = now
    message.save()
    return ticket


@transaction.atomic
def mark_handled(
    message: InboundMessage, *, acting_user, now: datetime | None = None
) -> InboundMessage:
    """An agent looked at the message: a flagged one is dismissed (no ticket), one that
    made a ticket with problems leaves the review list."""
    message = InboundMessage.objects.select_for_update().get(pk=message.pk)
    if message.handled_at is not None:
        return message
    message.handled_by = acting_user
    message.handled_at = now or timezone.now()
    fields = ["handled_by", "handled_at"]
    if message.outcome == Outcome.FLAGGED:
        message.outcome = Outcome.DISMISSED
        fields.append("outcome")
    message.save(update_fields=fields)
    return message
