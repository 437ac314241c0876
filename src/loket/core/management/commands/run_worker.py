import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

logger = logging.getLogger("loket.worker")

# How often the worker looks for mail to read and to send. Each mailbox is still read
# only every MAIL_POLL_SECONDS; sending is what this keeps prompt.
MAIL_ROUND_SECONDS = 10.0


def _job(label: str, job) -> object:
    """Run one periodic job and log what it did. A failure is logged and does not stop
    the other jobs: the next round retries what failed."""
    try:
        result = job()
    except Exception:
        logger.exception("%s failed", label)
        return None
    if _did_something(result):
        logger.info("%s: %s", label, result)
    return result


def _did_something(result) -> bool:
    if isinstance(result, dict):
        return any(value for value in result.values() if isinstance(value, int))
    return bool(result)


def sla_round() -> dict:
    """The SLA sweep, the publication of articles whose scheduled time has come, and
    planned work (callbacks, recurring tasks, expired remote sessions).

    Several workers may run it at once: the sweep acts on each ticket once (row locks
    and a unique record per action), and an article is published once (row lock)."""
    from loket.knowledge.services import publish_due_articles
    from loket.planning import periodic
    from loket.sla.sweep import sweep

    return {
        "sla": _job("SLA sweep", lambda: sweep().as_dict()),
        "published": _job("Publishing scheduled articles", publish_due_articles),
        "planned": _job("Planned work", periodic.run),
    }


def mail_round() -> dict:
    """One round of e-mail: read the mailboxes that are due, send the queued mails whose
    time has come. A failure of one half does not stop the other.

    Several workers may run it at once: a mailbox is claimed before it is read (see
    ``loket.channels.imap``), a message read twice is stored once, and a queued mail is
    claimed before it is sent (``loket.channels.sending``)."""
    from loket.channels import imap, sending

    done = {
        "polled": _job("Polling the mailboxes", imap.poll_due),
        "sent": _job("Sending queued mail", sending.send_due),
    }
    return {key: value for key, value in done.items() if value is not None}


class Periodic(threading.Thread):
    """Runs ``job`` every ``interval`` seconds beside the task worker, on a fresh
    database connection each round, until ``stopped`` is set."""

    def __init__(self, name: str, interval: float, job):
        super().__init__(name=name, daemon=True)
        self.interval = interval
        self.job = job
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            close_old_connections()
            try:
                self.job()
            except Exception:  # never stop the loop
                logger.exception("%s round failed", self.name.capitalize())
            finally:
                connection.close()
            self.stopped.wait(self.interval)


def mail_worker(interval: float) -> Periodic:
    """Mail on its own thread, so that a slow mail server never holds up the SLA sweep."""
    return Periodic("mail", interval, lambda: mail_round())


class Command(BaseCommand):
    help = (
        "Run the background worker: queued tasks (Django Tasks), the periodic SLA sweep, "
        "and e-mail (reading mailboxes, sending queued mail)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="process what is queued, sweep once, then exit"
        )
        parser.add_argument(
            "--sla-interval",
            type=float,
            default=settings.SLA_SWEEP_SECONDS,
            help="seconds between rounds of the SLA sweep, scheduled articles and planned work "
            "(default %(default)s); 0 turns them off",
        )
        parser.add_argument(
            "--mail-interval",
            type=float,
            default=MAIL_ROUND_SECONDS,
            help="seconds between mail rounds (default %(default)s): mailboxes are read when "
            "their MAIL_POLL_SECONDS are up, queued mail is sent; 0 turns mail off",
        )

    def handle(self, *args, batch, sla_interval, mail_interval, **options):
        if batch:
            call_command("db_worker", queue_name="*", batch=True, reload=False)
            if sla_interval:
                self.stdout.write(f"Periodic: {sla_round()}")
            if mail_interval:
                self.stdout.write(f"Mail: {mail_round()}")
            return
        if sla_interval:
            Periodic("sla-sweep", sla_interval, sla_round).start()
        if mail_interval:
            mail_worker(mail_interval).start()
        call_command("db_worker", queue_name="*", batch=False, reload=False)
