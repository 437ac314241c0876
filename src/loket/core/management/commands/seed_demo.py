import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from loket.core.demo.builder import seed_demo
from loket.tickets.models import Ticket


class Command(BaseCommand):
    help = (
        "Fill an empty database with a demo service desk: Belgian organisations, contacts, "
        "teams, categories, users (password = user name), SLA policies, six months of "
        "tickets, a few tickets whose SLA clocks are on track, at risk, breached, "
        "paused and met, and a knowledge base in nl/fr/en with known problems."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (demo passwords!)"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when tickets already exist"
        )
        parser.add_argument("--tickets", type=int, default=2000)
        parser.add_argument("--contacts", type=int, default=200)
        parser.add_argument("--seed", type=int, default=2026, help="random seed")

    def handle(self, *args, force, if_empty, tickets, contacts, seed, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed-demo creates users whose password is their user name; it runs only "
                "with DEBUG=1, or with --force."
            )
        if Ticket.objects.exists():
            if if_empty:
                self.stdout.write("The database already has tickets: no demo data added.")
                return
            raise CommandError("The database already has tickets; seed-demo fills an empty one.")
        started = time.perf_counter()
        # With DEBUG on, Django keeps every SQL statement in memory; tens of thousands of
        # them cost seconds here and are of no use.
        with override_settings(DEBUG=False):
            summary = seed_demo(contacts=contacts, tickets=tickets, seed=seed)
        self.stdout.write(
            f"Demo data: {summary.organisations} organisations, {summary.contacts} contacts, "
            f"{summary.users} users, {summary.tickets} tickets, {summary.events} timeline "
            f"events, {summary.sla_actions} SLA warnings and breaches handled, "
            f"{summary.articles} knowledge articles, {summary.problems} known problems in "
            f"{time.perf_counter() - started:.1f} s."
        )
