from django.core.management.base import BaseCommand

from loket.sla.sweep import sweep


class Command(BaseCommand):
    help = "Run the SLA sweep once: act on warnings and breaches that came due."

    def handle(self, *args, **options):
        result = sweep()
        self.stdout.write(
            f"checked {result.checked}, warnings {result.warnings}, breaches {result.breaches}, "
            f"escalations {result.escalations} in {result.seconds * 1000:.0f} ms"
        )
