"""Sending the outbox: the worker calls :func:`send_due` every round.

A mail is first *claimed* — its attempt counted and its next attempt moved to the pause
that follows a failure — in a short transaction (on PostgreSQL rows another worker holds
are skipped, ``SELECT … FOR UPDATE SKIP LOCKED``; elsewhere a conditional update claims
them), and only then sent, outside any lock. So two workers never send the same mail,
and a worker that dies mid-way leaves its mails to be tried again after the pause.

After a temporary failure (the server cannot be reached, a 4xx answer) the mail waits
1, 2, 4, 8, … minutes; after ``MAIL_SEND_ATTEMPTS`` attempts, or at once when the server
refuses the recipient or the message for good (5xx), it is *failed*: an administrator
can send it again from the admin.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext

from loket.channels.models import OutboundMessage, SendStatus, TemplateKind
from loket.tickets.models import Attachment, Ticket

logger = logging.getLogger(__name__)

LONGEST_PAUSE = timedelta(days=1)


class PermanentFailure(Exception):
    """The server refused this mail for good: trying again will not help."""


class TemporaryFailure(Exception):
    """The server did not take the mail this time: worth another attempt later."""


def pause_after(attempts: int) -> timedelta:
    """How long a mail waits after its ``attempts``-th failed attempt: 1, 2, 4, … minutes."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), LONGEST_PAUSE)


def send_due(now: datetime | None = None, limit: int = 100) -> dict:
    """Send the queued mails whose time has come; returns how many were sent, will be
    retried and failed. Never raises: what goes wrong is logged and kept on the mail."""
    counts = {"sent": 0, "retried": 0, "failed": 0}
    now = now or timezone.now()
    try:
        rows = _claim(now, limit)
    except Exception:
        logger.exception("could not claim mails to send")
        return counts
    if not rows:
        return counts
    numbers = dict(
        Ticket.objects.filter(pk__in={r.ticket_id for r in rows if r.ticket_id}).values_list(
            "pk", "number"
        )
    )
    files = _attachments(rows)
    mailer = None
    try:
        for row in rows:
            try:
                if mailer is None:
                    mailer = mailers.default
                number = numbers.get(row.ticket_id, "") if row.ticket_id else ""
                message = build_message(row, number)
                _attach(message, files.get(row.event_id or 0, []), row.language)
                _deliver(mailer, message)
            except PermanentFailure as exc:
                counts[_finish(row, now, error=str(exc), permanent=True)] += 1
            except Exception as exc:  # everything else is worth a retry
                counts[_finish(row, now, error=_describe(exc), permanent=False)] += 1
            else:
                counts[_finish(row, now)] += 1
    finally:
        if mailer is not None:
            _close(mailer)
    return counts


def _attachments(rows: list[OutboundMessage]) -> dict[int, list[Attachment]]:
    """The files of the agents' public replies being sent, by timeline event."""
    events = {row.event_id for row in rows if row.kind == TemplateKind.REPLY and row.event_id}
    found: dict[int, list[Attachment]] = {}
    for attachment in Attachment.objects.filter(event_id__in=events).order_by("id"):
        found.setdefault(attachment.event_id, []).append(attachment)
    return found


def _attach(message: EmailMessage, attachments: list[Attachment], language: str) -> None:
    """The reply's files go with the mail, up to ``ATTACHMENT_MAX_BYTES`` in all; the
    ones beyond are named at the end of the text (the customer finds them on the ticket
    in the portal, whose link the mail carries)."""
    room = settings.ATTACHMENT_MAX_BYTES
    left_out = []
    for attachment in attachments:
        if attachment.size > room:
            left_out.append(attachment.filename)
            continue
        with attachment.file.open("rb") as stored:
            message.attach(attachment.filename, stored.read(), attachment.content_type)
        room -= attachment.size
    if left_out:
        with translation.override(language):
            intro = gettext("Too large to attach (you will find them with your ticket):")
        message.body += "\n\n" + intro + "\n" + "\n".join(f"- {name}" for name in left_out)


def _claim(now: datetime, limit: int) -> list[OutboundMessage]:
    due = OutboundMessage.objects.filter(
        status=SendStatus.QUEUED, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "id")
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            rows = list(due.select_for_update(skip_locked=True)[:limit])
            for row in rows:
                row.attempts += 1
                row.next_attempt_at = now + pause_after(row.attempts)
            OutboundMessage.objects.bulk_update(rows, ["attempts", "next_attempt_at"])
        return rows
    claimed = []
    for row in due[:limit]:
        # Only if no other worker claimed it since we read it.
        won = OutboundMessage.objects.filter(
            pk=row.pk, status=SendStatus.QUEUED, attempts=row.attempts
        ).update(attempts=row.attempts + 1, next_attempt_at=now + pause_after(row.attempts + 1))
        if won:
            row.attempts += 1
            row.next_attempt_at = now + pause_after(row.attempts)
            claimed.append(row)
    return claimed


def auto_submitted(row: OutboundMessage) -> str | None:
    """RFC 3834: an agent's reply is a person's mail; the acknowledgement of a customer's
    message (received, answering it) is an automatic reply; the rest is generated."""
    if row.kind == TemplateKind.REPLY:
        return None
    if row.kind == TemplateKind.RECEIVED and row.in_reply_to:
        return "auto-replied"
    return "auto-generated"


def build_message(row: OutboundMessage, number: str) -> EmailMessage:
    headers = {
        "Message-ID": row.message_id,
        "X-Auto-Response-Suppress": "All",
    }
    if number:
        headers["X-Loket-Ticket"] = number
    if row.in_reply_to:
        headers["In-Reply-To"] = row.in_reply_to
    if row.references:
        headers["References"] = row.references
    if (value := auto_submitted(row)) is not None:
        headers["Auto-Submitted"] = value
    return EmailMessage(
        subject=row.subject,
        body=row.body,
        from_email=row.from_address,
        to=[row.to_address],
        reply_to=[row.reply_to] if row.reply_to else None,
        headers=headers,
    )


def _deliver(mailer, message: EmailMessage) -> None:
    try:
        sent = mailer.send_messages([message])
    except smtplib.SMTPRecipientsRefused as exc:
        answers = list(exc.recipients.values())
        code, text = answers[0] if answers else (0, b"")
        error = f"{code} {_text(text)}".strip()
        if code >= 500:
            raise PermanentFailure(error) from exc
        raise TemporaryFailure(error) from exc
    except smtplib.SMTPDataError as exc:
        error = f"{exc.smtp_code} {_text(exc.smtp_error)}"
        if exc.smtp_code >= 500:
            raise PermanentFailure(error) from exc
        raise TemporaryFailure(error) from exc
    except ValueError as exc:  # an address that cannot be written in a mail
        raise PermanentFailure(str(exc)) from exc
    except Exception:
        # The connection may be half dead: the next mail opens a new one.
        _close(mailer)
        raise
    if not sent:
        raise TemporaryFailure("The mail server did not take the message.")


def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}".strip()


def _close(mailer) -> None:
    try:
        mailer.close()
    except Exception:
        logger.debug("closing the mail connection failed", exc_info=True)


def _finish(
    row: OutboundMessage, now: datetime, *, error: str = "", permanent: bool = False
) -> str:
    """Record the attempt's outcome; returns "sent", "retried" or "failed"."""
    if not error:
        outcome, changes = "sent", {"status": SendStatus.SENT, "sent_at": now}
        changes |= {"next_attempt_at": None, "last_error": ""}
    elif permanent or row.attempts >= settings.MAIL_SEND_ATTEMPTS:
        outcome = "failed"
        changes = {"status": SendStatus.FAILED, "next_attempt_at": None, "last_error": error}
    else:
        outcome, changes = "retried", {"last_error": error}
    try:
        OutboundMessage.objects.filter(pk=row.pk).update(**changes)
    except Exception:
        logger.exception("could not record the outcome of mail %s (%s)", row.pk, outcome)
    for name, value in changes.items():
        setattr(row, name, value)
    return outcome


def requeue(messages: QuerySet[OutboundMessage], now: datetime | None = None) -> int:
    """Give the failed mails among ``messages`` a fresh set of attempts, from now."""
    return messages.filter(status=SendStatus.FAILED).update(
        status=SendStatus.QUEUED,
        attempts=0,
        next_attempt_at=now or timezone.now(),
        last_error="",
    )
