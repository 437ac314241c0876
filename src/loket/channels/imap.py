"""Reading mailboxes over IMAP: the worker's half of e-mail in.

Rules:
- a mailbox is read with the security it is configured with: SSL/TLS from the first
  byte, STARTTLS (refused when the server does not offer it), or none — plain text,
  allowed only to a loopback host (a local relay or a test server);
- only messages that are not seen and not deleted are read, with ``BODY.PEEK[]`` so that
  reading marks nothing;
- each message goes through :func:`loket.channels.ingest.ingest` in its own
  transaction; only once that committed is the message marked ``\\Seen`` on the server.
  A message whose ingestion failed stays unseen and is read again at the next poll; a
  message read twice (a crash between the commit and the flag, two workers) is stored
  once, by its Message-ID;
- one failing message never stops the others; a mailbox that cannot be read gets a
  readable ``last_error`` (never a password) and never stops the other mailboxes.

Several workers may poll at once: a mailbox is claimed by a conditional UPDATE of its
``last_polled_at`` before it is read, and the claim is renewed after every batch.
"""

import contextlib
import ipaddress
import logging
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from imapclient import IMAPClient, SocketTimeout
from imapclient.exceptions import CapabilityError, IMAPClientError, LoginError

from loket.channels.models import Mailbox, Security
from loket.core.errors import InvalidInput

logger = logging.getLogger(__name__)

__all__ = [
    "MailboxError",
    "PollResult",
    "check_connection",
    "is_loopback",
    "poll",
    "poll_due",
    "poll_now",
]

CONNECT_TIMEOUT = 15.0
READ_TIMEOUT = 60.0
# A batch is fetched in one command: at most this many messages or bytes (a message
# larger than that is fetched alone).
BATCH_MESSAGES = 25
BATCH_BYTES = 16 * 1024 * 1024
SIZE_BATCH = 500
SEEN = b"\\Seen"


class MailboxError(InvalidInput):
    """The mailbox cannot be read; the message says why, for the admin to act on."""

    code = "mailbox_error"


@dataclass
class PollResult:
    """What one poll of one mailbox did."""

    fetched: int = 0
    ingested: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "fetched": self.fetched,
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "failed": self.failed,
        }

    @property
    def problem(self) -> str:
        """A readable summary of the messages that failed, or ``""``."""
        if not self.failed:
            return ""
        return _(
            "%(failed)s of %(fetched)s messages could not be stored; they stay unread on "
            "the server and are read again at the next poll. First error: %(error)s"
        ) % {"failed": self.failed, "fetched": self.fetched, "error": self.errors[0]}


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback IP address (127.0.0.0/8, ::1), without a DNS lookup."""
    host = (host or "").strip().strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def poll(
    mailbox: Mailbox,
    *,
    now: datetime | None = None,
    heartbeat: Callable[[], None] | None = None,
) -> PollResult:
    """Read the unseen messages of ``mailbox`` and ingest each; mark a message seen only
    after its ingestion committed. Raises :class:`MailboxError` when the mailbox cannot be
    read at all (connection, login, folder); a failing message is counted, not raised.
    ``heartbeat`` is called after every batch (``poll_due`` renews its claim there)."""
    from loket.channels.ingest import ingest

    result = PollResult()
    with _session(mailbox) as client:
        for batch in _batches(client, mailbox, _unseen(client, mailbox)):
            fetched = _fetch(client, mailbox, batch, ["BODY.PEEK[]", "RFC822.SIZE"])
            stored = []
            for uid in batch:
                raw = fetched.get(uid, {}).get(b"BODY[]")
                if raw is None:  # expunged meanwhile, or the server sent nothing
                    continue
                result.fetched += 1
                try:
                    outcome = ingest(bytes(raw), mailbox=mailbox, now=now)
                except Exception as error:  # the message stays unseen and is retried
                    logger.exception("Mailbox %s: message UID %s not stored", mailbox.pk, uid)
                    result.failed += 1
                    result.errors.append(_describe_failure(uid, error))
                    continue
                stored.append(uid)
                if outcome.duplicate:
                    result.duplicates += 1
                else:
                    result.ingested += 1
            if stored:
                _mark_seen(client, mailbox, stored)
            if heartbeat is not None:
                heartbeat()
    return result


def check_connection(mailbox: Mailbox) -> int:
    """Log in, open the folder and count its unseen messages (marks nothing)."""
    with _session(mailbox, readonly=True) as client:
        return len(_unseen(client, mailbox))


def poll_now(mailbox: Mailbox, *, now: datetime | None = None) -> PollResult | None:
    """Poll ``mailbox`` at once (the admin's "Poll now"), whatever its last poll, and
    record it in ``last_polled_at`` and ``last_error``. Never raises; ``None`` when the
    mailbox could not be read (the reason is in ``last_error``)."""
    claim = _Claim(mailbox.pk, now or timezone.now())
    claim.renew()
    result = _poll_and_record(mailbox, claim, now=now)
    mailbox.refresh_from_db(fields=["last_polled_at", "last_error"])
    return result


def poll_due(now: datetime | None = None) -> dict:
    """Poll every active mailbox with a host whose last poll is ``MAIL_POLL_SECONDS`` old
    or older (never polled first). Never raises: what went wrong is kept in each
    mailbox's ``last_error``. ``MAIL_POLL_SECONDS = 0`` turns polling off."""
    totals = {"mailboxes": 0, "failed_mailboxes": 0, **PollResult().as_dict()}
    interval = settings.MAIL_POLL_SECONDS
    if interval <= 0:
        return totals
    given_now, now = now, now or timezone.now()
    cutoff = now - timedelta(seconds=interval)
    try:
        due = list(
            Mailbox.objects.filter(is_active=True)
            .exclude(host="")
            .filter(Q(last_polled_at__isnull=True) | Q(last_polled_at__lte=cutoff))
            .order_by(F("last_polled_at").asc(nulls_first=True), "pk")
            .values_list("pk", "last_polled_at")
        )
    except Exception:
        logger.exception("Could not list the mailboxes to poll")
        return totals
    for pk, last_polled_at in due:
        claim = _Claim(pk, now)
        mailbox = claim.take(last_polled_at)
        if mailbox is None:  # another worker polls it
            continue
        totals["mailboxes"] += 1
        result = _poll_and_record(mailbox, claim, now=given_now)
        if result is None:
            totals["failed_mailboxes"] += 1
            continue
        for key, value in result.as_dict().items():
            totals[key] += value
    return totals


# --- claiming and recording -----------------------------------------------------------


class _Claim:
    """A worker's hold on one mailbox, kept in its ``last_polled_at``.

    Taking it is a conditional UPDATE: of two workers that read the same old
    ``last_polled_at``, only the first moves it to ``now``; the other updates no row
    and skips the mailbox. A long poll renews it after every batch (the poll's ``now``
    plus the time spent), so the mailbox does not fall due again while it is read."""

    def __init__(self, pk: int, now: datetime):
        self.pk = pk
        self.now = now
        self.started = time.monotonic()

    def take(self, last_polled_at: datetime | None) -> Mailbox | None:
        try:
            rows = Mailbox.objects.filter(pk=self.pk)
            if last_polled_at is None:
                rows = rows.filter(last_polled_at__isnull=True)
            else:
                rows = rows.filter(last_polled_at=last_polled_at)
            if not rows.update(last_polled_at=self.now):
                return None
            return Mailbox.objects.select_related("team", "category").get(pk=self.pk)
        except Exception:
            logger.exception("Could not claim mailbox %s", self.pk)
            return None

    def renew(self) -> None:
        stamp = self.now + timedelta(seconds=time.monotonic() - self.started)
        Mailbox.objects.filter(pk=self.pk).update(last_polled_at=stamp)


def _poll_and_record(mailbox: Mailbox, claim: _Claim, *, now: datetime | None) -> PollResult | None:
    """Poll and keep the outcome in ``last_error``. ``now`` goes to the ingestion as
    given: without it each message gets the time it was really stored."""
    result = None
    try:
        result = poll(mailbox, now=now, heartbeat=claim.renew)
        error = result.problem
        if result.fetched:
            logger.info("Mailbox %s polled: %s", mailbox.name, result.as_dict())
    except MailboxError as failure:
        error = str(failure.message)
        logger.warning("Mailbox %s: %s", mailbox.name, error)
    except Exception as failure:  # never stop the other mailboxes
        logger.exception("Mailbox %s could not be polled", mailbox.name)
        error = _("Unexpected error while polling (%(kind)s); see the worker's log.") % {
            "kind": type(failure).__name__
        }
    try:
        claim.renew()
        Mailbox.objects.filter(pk=mailbox.pk).update(last_error=error)
    except Exception:
        logger.exception("Could not record the poll of mailbox %s", mailbox.name)
    return result


# --- talking to the server ------------------------------------------------------------


class _session:
    """A logged-in IMAP connection with the folder selected; logs out on exit. Every
    failure on the way in becomes a :class:`MailboxError` with a readable message."""

    def __init__(self, mailbox: Mailbox, *, readonly: bool = False):
        self.mailbox = mailbox
        self.readonly = readonly
        self.client: IMAPClient | None = None

    def __enter__(self) -> IMAPClient:
        mailbox = self.mailbox
        if not mailbox.host:
            raise MailboxError(_("The mailbox has no IMAP host."), code="mailbox_no_host")
        if mailbox.security == Security.NONE and not is_loopback(mailbox.host):
            raise MailboxError(
                _(
                    "Security “none” sends the password in plain text and is only allowed "
                    "to this machine (localhost, 127.0.0.1, ::1), not to %(host)s. Choose "
                    "SSL/TLS or STARTTLS."
                )
                % {"host": mailbox.host},
                code="mailbox_insecure",
            )
        try:
            self.client = client = self._connect()
            self._login(client)
            self._select(client)
        except BaseException:
            self._close()
            raise
        return client

    def __exit__(self, *exc_info) -> None:
        self._close()

    def _connect(self) -> IMAPClient:
        mailbox = self.mailbox
        where = {"host": mailbox.host, "port": mailbox.port}
        context = ssl.create_default_context()
        try:
            client = IMAPClient(
                mailbox.host,
                port=mailbox.port,
                ssl=mailbox.security == Security.SSL,
                ssl_context=context,
                timeout=SocketTimeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT),
            )
        except Exception as error:
            raise MailboxError(_connection_failure(error, where), code="mailbox_connect") from None
        if mailbox.security == Security.STARTTLS:
            try:
                client.starttls(context)
            except CapabilityError:
                _quietly_shutdown(client)
                raise MailboxError(
                    _(
                        "The server %(host)s:%(port)s does not offer STARTTLS. Choose "
                        "SSL/TLS (usually port 993) if it supports that."
                    )
                    % where,
                    code="mailbox_no_starttls",
                ) from None
            except Exception as error:
                _quietly_shutdown(client)
                raise MailboxError(
                    _connection_failure(error, where), code="mailbox_connect"
                ) from None
        return client

    def _login(self, client: IMAPClient) -> None:
        mailbox = self.mailbox
        try:
            client.login(mailbox.username, mailbox.secret)
        except LoginError:
            raise MailboxError(
                _("The server refused the user name or password of %(username)s.")
                % {"username": mailbox.username},
                code="mailbox_login",
            ) from None
        except Exception as error:
            raise MailboxError(
                _connection_failure(error, {"host": mailbox.host, "port": mailbox.port}),
                code="mailbox_connect",
            ) from None

    def _select(self, client: IMAPClient) -> None:
        folder = self.mailbox.folder or "INBOX"
        try:
            client.select_folder(folder, readonly=self.readonly)
        except IMAPClientError as error:
            raise MailboxError(
                _("The folder “%(folder)s” cannot be opened: %(reason)s")
                % {"folder": folder, "reason": _server_text(error)},
                code="mailbox_folder",
            ) from None

    def _close(self) -> None:
        if self.client is None:
            return
        try:
            self.client.logout()
        except Exception:
            _quietly_shutdown(self.client)
        self.client = None


def _quietly_shutdown(client: IMAPClient) -> None:
    with contextlib.suppress(Exception):
        client.shutdown()


def _unseen(client: IMAPClient, mailbox: Mailbox) -> list[int]:
    """The UIDs of the messages neither seen nor deleted, in arrival order."""
    try:
        return sorted(client.search(["UNSEEN", "NOT", "DELETED"]))
    except (IMAPClientError, OSError) as error:
        raise MailboxError(
            _("Searching the folder on %(host)s failed: %(reason)s")
            % {"host": mailbox.host, "reason": _server_text(error)},
            code="mailbox_search",
        ) from None


def _batches(client: IMAPClient, mailbox: Mailbox, uids: list[int]) -> Iterator[list[int]]:
    """The UIDs in arrival order, grouped so that one fetch stays within
    ``BATCH_MESSAGES`` messages and ``BATCH_BYTES`` bytes."""
    for start in range(0, len(uids), SIZE_BATCH):
        chunk = uids[start : start + SIZE_BATCH]
        sizes = _fetch(client, mailbox, chunk, ["RFC822.SIZE"])
        batch: list[int] = []
        batch_bytes = 0
        for uid in chunk:
            size = int(sizes.get(uid, {}).get(b"RFC822.SIZE", 0))
            if batch and (len(batch) >= BATCH_MESSAGES or batch_bytes + size > BATCH_BYTES):
                yield batch
                batch, batch_bytes = [], 0
            batch.append(uid)
            batch_bytes += size
        if batch:
            yield batch


def _fetch(client: IMAPClient, mailbox: Mailbox, uids: list[int], items: list[str]) -> dict:
    try:
        return client.fetch(uids, items)
    except (IMAPClientError, OSError) as error:
        raise MailboxError(
            _("Reading messages from %(host)s failed: %(reason)s")
            % {"host": mailbox.host, "reason": _server_text(error)},
            code="mailbox_fetch",
        ) from None


def _mark_seen(client: IMAPClient, mailbox: Mailbox, uids: list[int]) -> None:
    try:
        client.add_flags(uids, [SEEN], silent=True)
    except (IMAPClientError, OSError) as error:
        # Stored already: the next poll reads them again and finds them duplicates.
        raise MailboxError(
            _("Stored messages could not be marked as read on %(host)s: %(reason)s")
            % {"host": mailbox.host, "reason": _server_text(error)},
            code="mailbox_flag",
        ) from None


# --- readable errors ------------------------------------------------------------------


def _connection_failure(error: BaseException, where: dict) -> str:
    if isinstance(error, socket.gaierror):
        return _("The host name %(host)s could not be found.") % where
    if isinstance(error, ConnectionRefusedError):
        return (
            _(
                "%(host)s:%(port)s refused the connection: is the host and port right, and is "
                "an IMAP server running there?"
            )
            % where
        )
    if isinstance(error, TimeoutError):
        return _("No answer from %(host)s:%(port)s in time.") % where
    if isinstance(error, ssl.SSLCertVerificationError):
        return _("The certificate of %(host)s could not be verified: %(reason)s") % {
            **where,
            "reason": error.verify_message or error.reason or str(error),
        }
    if isinstance(error, ssl.SSLError):
        return _(
            "The secure connection to %(host)s:%(port)s failed (%(reason)s). Check that the "
            "security setting fits the port: SSL/TLS is usually on 993, STARTTLS on 143."
        ) % {**where, "reason": error.reason or str(error)}
    if isinstance(error, OSError):
        return _("The connection to %(host)s:%(port)s failed: %(reason)s") % {
            **where,
            "reason": error.strerror or str(error),
        }
    return _("The IMAP server %(host)s:%(port)s answered with an error: %(reason)s") % {
        **where,
        "reason": _server_text(error),
    }


def _server_text(error: BaseException) -> str:
    text = error.args[0] if error.args else str(error)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text)[:300] or type(error).__name__


def _describe_failure(uid: int, error: BaseException) -> str:
    return _("message UID %(uid)s: %(kind)s: %(reason)s") % {
        "uid": uid,
        "kind": type(error).__name__,
        "reason": str(error)[:300],
    }
