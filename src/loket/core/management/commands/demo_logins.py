from django.core.management.base import BaseCommand

from loket.accounts.models import User
from loket.core.demo.people import STAFF

DEMO_USERS = [row[0] for row in STAFF] + ["customer", "customer2"]


class Command(BaseCommand):
    help = (
        "Print the demo logins (password = user name), where staff log in, and the "
        "customer portal's logins."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        users = {
            u.username: u
            for u in User.objects.filter(username__in=DEMO_USERS).prefetch_related(
                "memberships__team"
            )
        }
        if not users:
            self.stdout.write("No demo users yet: run `loket seed-demo` first.")
            return
        self.stdout.write(f"\nLoket demo on {url}  (password = user name)\n")
        for username in DEMO_USERS:
            user = users.get(username)
            if user is None:
                continue
            teams = ", ".join(
                f"{m.team.name}{' (lead)' if m.is_lead else ''}" for m in user.memberships.all()
            )
            detail = teams or (str(user.contact.organisation) if user.contact_id else "")
            self.stdout.write(f"  {username:<11} {user.get_role_display():<26} {detail}")
        self.portal_logins(users, url)
        self.stdout.write("")

    def portal_logins(self, users: dict[str, User], url: str) -> None:
        """The customers log in on the portal, not in the agents' workspace."""
        customers = [users[name] for name in ("customer", "customer2") if name in users]
        if not customers:
            return
        self.stdout.write(f"\nCustomer portal on {url.rstrip('/')}/portal/")
        for user in customers:
            scope = (
                "organisation admin: all tickets of"
                if user.organisation_admin
                else "customer: own tickets at"
            )
            organisation = user.contact.organisation if user.contact_id else "-"
            language = user.get_language_display()
            self.stdout.write(f"  {user.username:<11} {scope} {organisation} ({language})")
