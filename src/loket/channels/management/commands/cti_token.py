from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from loket.channels.cti import create_endpoint
from loket.core.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Register a telephone system NAME and print its token (once: only its hash is kept) "
        "and the webhook URL to enter in the telephone system."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="e.g. 'Office PBX'")

    def handle(self, *args, name, **options):
        try:
            endpoint, token = create_endpoint(name)
        except ServiceError as exc:
            raise CommandError(str(exc.message)) from None
        self.stdout.write(f"Telephone system: {endpoint.name}")
        self.stdout.write(f"Webhook URL: {settings.SITE_URL}/api/v1/cti/{token}")
        self.stdout.write("The token is shown only now; keep it secret:")
        self.stdout.write(token)
