import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

logger = logging.getLogger("loket.worker")


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


class Command(BaseCommand):
    help = "Run the background worker: queued tasks (Django Tasks) and the periodic SLA sweep."

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

    def handle(self, *args, batch, sla_interval, **options):
        if batch:
            call_command("db_worker", queue_name="*", batch=True, reload=False)
            if sla_interval:
                from loket.sla.sweep import sweep

                self.stdout.write(f"SLA sweep: {sweep().as_dict()}")
            from loket.knowledge.services import publish_due_articles

            self.stdout.write(f"Scheduled articles published: {publish_due_articles()}")
            from loket.planning import periodic

            self.stdout.write(f"Planned work: {periodic.run()}")
            return
        if sla_interval:
            SlaSweeper(sla_interval).start()
        call_command("db_worker", queue_name="*", batch=False, reload=False)
