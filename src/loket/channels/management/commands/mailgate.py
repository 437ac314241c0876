"""``loket mailgate [--mailbox NAME]``: one raw message on standard input into Loket.

For piping from the mail server (Postfix ``pipe``, Exim ``pipe`` transport). The exit
code tells the mail server what to do with the message:

- 0: stored (also when it was flagged for an agent, or a duplicate delivery);
- 64 (EX_USAGE): no active mailbox has that name — fix the configuration;
- 75 (EX_TEMPFAIL): the database could not be reached or refused the write; the mail
  server keeps the message and tries again later.
"""

import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from loket.channels.ingest import ingest
from loket.channels.models import Mailbox

EX_OK = 0
EX_USAGE = 64
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Read one raw e-mail (RFC 5322) from standard input and turn it into a ticket."
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument(
            "--mailbox", default="", help="The name of the mailbox the mail was sent to."
        )

    def handle(self, *args, mailbox: str = "", **options):
        stdin = options.get("stdin") or sys.stdin
        try:
            target = None
            if mailbox:
                target = Mailbox.objects.filter(name=mailbox, is_active=True).first()
                if target is None:
                    self.stderr.write(f"mailgate: no active mailbox named {mailbox!r}")
                    sys.exit(EX_USAGE)
            raw = _read(stdin)
            result = ingest(raw, mailbox=target)
        except DatabaseError as exc:
            self.stderr.write(f"mailgate: database error, try again later: {exc}")
            sys.exit(EX_TEMPFAIL)
        message = result.message
        outcome = "duplicate" if result.duplicate else message.outcome
        ticket = message.ticket.number if message.ticket_id else "-"
        self.stdout.write(f"{outcome} message={message.pk} ticket={ticket}")
        if message.problem:
            self.stdout.write(f"problem: {message.problem.splitlines()[0]}")


def _read(stream) -> bytes:
    """The bytes of ``stream``: binary when it has a buffer (a real stdin), else what the
    caller handed in (a test's BytesIO or StringIO)."""
    source = getattr(stream, "buffer", stream)
    data = source.read()
    if isinstance(data, str):
        return data.encode("utf-8", "surrogateescape")
    return data
