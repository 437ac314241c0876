from django.core.management.base import BaseCommand, CommandError

from loket.accounts.models import User
from loket.accounts.services import issue_token


class Command(BaseCommand):
    help = "Create a new API token for USER and print it (only the token, on the last line)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        self.stdout.write(issue_token(user, name=name))
