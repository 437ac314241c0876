from django.core.management.base import BaseCommand

from loket.sla.services import recompute


class Command(BaseCommand):
    help = "Recompute the SLA snapshot of every open ticket (after a bulk import, say)."

    def handle(self, *args, **options):
        self.stdout.write(f"{recompute()} tickets updated")
