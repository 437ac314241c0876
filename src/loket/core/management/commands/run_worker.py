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


class SlaSweeper(threading.Thread):
    """Runs the periodic jobs every ``interval`` seconds beside the task worker: the SLA
    sweep and the publication of articles whose scheduled time has come.

    Several workers may run it at once: the sweep acts on each ticket once (row locks
    and a unique record per action), and an article is published once (row lock)."""

    def __init__(self, interval: float):
        super().__init__(name="sla-sweep", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self):
        from loket.knowledge.services import publish_due_articles
        from loket.planning import periodic
        from loket.sla.sweep import sweep

        while not self.stopped.is_set():
            close_old_connections()
            try:
                result = sweep()
                if result.checked:
                    logger.info("SLA sweep: %s", result.as_dict())
            except Exception:  # keep sweeping; the next round retries what failed
                logger.exception("SLA sweep failed")
            try:
                published = publish_due_articles()
                if published:
                    logger.info("Scheduled articles published: %s", published)
            except Exception:
                logger.exception("Publishing scheduled articles failed")
            try:
                planned = periodic.run()
                if any(planned.values()):
                    logger.info("Planned work: %s", planned)
            except Exception:
                logger.exception("Planned work failed")
            finally:
                connection.close()
            self.stopped.wait(self.interval)


def mail_round() -> dict:
    """One round of e-mail: read the mailboxes that are due, send the queued mails whose
    time has come. A failure of one half is logged and does not stop the other."""
    from loket.channels import imap, sending

    done: dict = {}
    try:
        done["polled"] = imap.poll_due()
    except Exception:  # poll_due keeps its errors per mailbox; this is a bug or no database
        logger.exception("Polling the mailboxes failed")
    try:
        done["sent"] = sending.send_due()
    except Exception:
        logger.exception("Sending queued mail failed")
    return done


class MailWorker(threading.Thread):
    """Reads the mailboxes and sends queued mail every ``interval`` seconds, beside the
    task worker, so that a slow mail server never holds up the SLA sweep.

    Several workers may run it at once: a mailbox is claimed before it is read (see
    ``loket.channels.imap``), and a message read twice is stored once."""

    def __init__(self, interval: float):
        super().__init__(name="mail", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            close_old_connections()
            try:
                done = mail_round()
                if any(_did_something(result) for result in done.values()):
                    logger.info("Mail: %s", done)
            except Exception:  # never stop the loop
                logger.exception("Mail round failed")
            finally:
                connection.close()
            self.stopped.wait(self.interval)


def _did_something(result) -> bool:
    if isinstance(result, dict):
        return any(value for value in result.values() if isinstance(value, int))
    return bool(result)


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
            help="seconds between SLA sweeps (default %(default)s); 0 turns the sweep off",
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
                from loket.sla.sweep import sweep

                self.stdout.write(f"SLA sweep: {sweep().as_dict()}")
            from loket.knowledge.services import publish_due_articles

            self.stdout.write(f"Scheduled articles published: {publish_due_articles()}")
            from loket.planning import periodic

            self.stdout.write(f"Planned work: {periodic.run()}")
            if mail_interval:
                self.stdout.write(f"Mail: {mail_round()}")
            return
        if sla_interval:
            SlaSweeper(sla_interval).start()
        if mail_interval:
            MailWorker(mail_interval).start()
        call_command("db_worker", queue_name="*", batch=False, reload=False)
