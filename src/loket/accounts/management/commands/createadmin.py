import getpass
import os

from django.core.management.base import BaseCommand, CommandError

from loket.accounts.models import Role, User
from loket.accounts.services import create_user


class Command(BaseCommand):
    help = "Create an administrator. The password comes from LOKET_ADMIN_PASSWORD or a prompt."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="admin")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"user {username!r} already exists")
        password = os.environ.get("LOKET_ADMIN_PASSWORD")
        if not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("passwords do not match")
        if len(password) < 8:
            raise CommandError("the password needs at least 8 characters")
        create_user(username=username, role=Role.ADMIN, password=password, email=email)
        self.stdout.write(f"administrator {username} created")
