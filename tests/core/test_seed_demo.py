"""`loket seed-demo` and `loket demo-logins`."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from loket.accounts.models import Team, User
from loket.core.demo.builder import seed_demo
from loket.core.demo.sla import SHOWCASE
from loket.directory.models import ContactPhone
from loket.notifications.models import Notification
from loket.sla.explain import explain
from loket.sla.models import ClosureDay, SlaPolicy
from loket.tickets.models import Category, Ticket, TimelineEvent

SMALL = ["--tickets", "40", "--contacts", "20"]
BRUSSELS = ZoneInfo("Europe/Brussels")
# The stories, the tickets that show the SLA states, the two service requests with a
# checklist (loket.checklists.demo) and one past occurrence of each of the three recurring
# tasks (loket.planning.demo), and the four tickets made from demo e-mail
# (loket.channels.demo_mail).
TICKETS = 40 + len(SHOWCASE) + 2 + 3 + 4


class RolledBack(Exception):
    pass


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_it_creates_the_demo_users_with_their_roles_and_teams(db, debug):
    seed(*SMALL)
    roles = dict(User.objects.values_list("username", "role"))
    assert roles["admin"] == "admin"
    assert roles["supervisor"] == "supervisor"
    assert roles["agent"] == "agent"
    assert roles["specialist"] == "specialist"
    assert roles["customer"] == "customer"
    assert roles["customer2"] == "customer"
    assert User.objects.get(username="agent").check_password("agent")
    assert User.objects.get(username="agent").teams.get().name == "Eerstelijn"
    assert User.objects.get(username="specialist").teams.get().name == "Werkplek 2de lijn"
    led = User.objects.get(username="supervisor").memberships.filter(is_lead=True)
    assert sorted(m.team.name for m in led) == ["Eerstelijn", "Werkplek 2de lijn"]
    one = User.objects.get(username="customer").contact
    two = User.objects.get(username="customer2").contact
    assert one.organisation_id != two.organisation_id


def test_it_creates_teams_categories_and_contacts(db, debug):
    seed(*SMALL)
    kinds = dict(Team.objects.values_list("name", "kind"))
    assert kinds == {
        "Eerstelijn": "first_line",
        "Werkplek 2de lijn": "second_line",
        "Netwerk": "specialised",
        "Applicaties": "specialised",
        "Security": "specialised",
    }
    top = Category.objects.filter(parent=None)
    assert top.count() == 8
    assert Category.objects.exclude(parent=None).exists()
    assert not top.filter(name_fr="").exists()
    numbers = list(ContactPhone.objects.values_list("number", flat=True))
    assert numbers
    assert all(n.startswith("+32") for n in numbers)


def test_tickets_have_timelines(db, debug):
    seed(*SMALL)
    assert Ticket.objects.count() == TICKETS
    assert not Ticket.objects.filter(events__isnull=True).exists()
    assert TimelineEvent.objects.filter(kind="created").count() == TICKETS
    kinds = set(TimelineEvent.objects.values_list("kind", flat=True))
    assert {"created", "status", "reply"} <= kinds
    assert TimelineEvent.objects.filter(kind="escalation").exclude(body="").exists()
    assert Ticket.objects.filter(status="closed").exclude(resolution_code=None).exists()


def test_it_is_deterministic(db, debug):
    # Seeded once and rolled back (consent audit records cannot be deleted), then again.
    with pytest.raises(RolledBack), transaction.atomic():
        seed(*SMALL)
        first = list(Ticket.objects.order_by("number").values_list("subject", "status"))
        raise RolledBack
    assert not Ticket.objects.exists()
    seed(*SMALL)
    assert list(Ticket.objects.order_by("number").values_list("subject", "status")) == first


def test_it_refuses_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed(*SMALL)
    assert not Ticket.objects.exists()


def test_force_runs_with_debug_off(db, settings):
    settings.DEBUG = False
    seed(*SMALL, "--force")
    assert Ticket.objects.count() == TICKETS


def test_if_empty_does_nothing_the_second_time(db, debug):
    seed(*SMALL, "--if-empty")
    output = seed(*SMALL, "--if-empty")
    assert "already has tickets" in output
    assert Ticket.objects.count() == TICKETS


def test_it_refuses_to_add_to_a_database_with_tickets(db, debug):
    seed(*SMALL)
    with pytest.raises(CommandError):
        seed(*SMALL)


def test_demo_logins_lists_the_users(db, debug):
    seed(*SMALL)
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "supervisor" in out.getvalue()
    assert "customer2" in out.getvalue()
    assert "http://127.0.0.1:8000/" in out.getvalue()


def showcase_ticket(story):
    return Ticket.objects.get(subject__in=story.subject.values())


def test_it_adds_a_premium_policy_closure_days_and_clocks_in_every_state(db, debug):
    seed(*SMALL)
    policies = list(SlaPolicy.objects.values_list("name", "service_levels"))
    assert policies == [("Premium 24/7", ["premium"]), ("Standaard", [])]
    premium = SlaPolicy.objects.get(name="Premium 24/7")
    assert premium.calendar.always_open
    assert premium.escalate_to.name == "Werkplek 2de lijn"
    standard = SlaPolicy.objects.get(name="Standaard").targets.get(priority="P1")
    assert premium.targets.get(priority="P1").resolution_minutes < standard.resolution_minutes
    closures = ClosureDay.objects.filter(calendar__name="Kantooruren Brussel")
    assert closures.count() == 2
    assert closures.filter(name__startswith="Brugdag").exists()

    levels = [explain(showcase_ticket(story)).current.level for story in SHOWCASE]
    assert levels == ["ok", "warning", "breached", "breached", "paused", "met"]
    # The sweep ran: the breached premium ticket went to second line at a higher priority.
    ticket = showcase_ticket(SHOWCASE[3])
    assert explain(ticket).policy == "Premium 24/7"
    assert (ticket.team.name, ticket.priority) == ("Werkplek 2de lijn", "P1")
    breach = ticket.events.get(kind="sla")
    assert breach.data["escalated_to"] == "Werkplek 2de lijn"
    assert Notification.objects.filter(ticket=ticket, kind="sla_breach").exists()
    at_risk = showcase_ticket(SHOWCASE[1])
    assert at_risk.events.get(kind="sla").data["action"] == "warning"
    assert Notification.objects.filter(ticket=at_risk, kind="sla_warning").exists()
    paused = showcase_ticket(SHOWCASE[4])
    assert paused.status == "waiting_customer"
    assert paused.contact == User.objects.get(username="customer").contact
    assert showcase_ticket(SHOWCASE[5]).sla_resolution_met is True


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 3, 30, 8, 5, tzinfo=BRUSSELS),  # Monday just after opening, after DST
        datetime(2026, 4, 6, 13, 0, tzinfo=BRUSSELS),  # Easter Monday, a holiday
        datetime(2026, 12, 27, 23, 30, tzinfo=BRUSSELS),  # Sunday night after Christmas
    ],
)
def test_the_clock_states_hold_whenever_the_demo_is_seeded(db, moment):
    seed_demo(contacts=15, tickets=0, now=moment)
    levels = [explain(showcase_ticket(story), now=moment).current.level for story in SHOWCASE]
    assert levels == ["ok", "warning", "breached", "breached", "paused", "met"]


def test_the_demo_mailbox_shows_every_way_mail_can_go(db, debug):
    from loket.channels.models import InboundMessage, Outcome

    seed(*SMALL)
    outcomes = sorted(InboundMessage.objects.values_list("outcome", flat=True))
    assert outcomes.count(Outcome.NEW_TICKET) == 4
    # The customer's answer and an out-of-office reply land on their tickets; a bounce
    # makes no ticket; a message without a sender waits for an agent.
    assert outcomes.count(Outcome.THREADED) == 2
    assert outcomes.count(Outcome.IGNORED) == 1
    assert outcomes.count(Outcome.FLAGGED) == 1
    assert InboundMessage.objects.get(outcome=Outcome.FLAGGED).ticket is None


def test_the_demo_history_does_not_leave_months_of_mail_to_send(db, debug):
    from loket.channels.models import OutboundMessage, SendStatus

    seed(*SMALL)
    assert OutboundMessage.objects.filter(status=SendStatus.SENT).count() > 20
    queued = OutboundMessage.objects.filter(status=SendStatus.QUEUED)
    # Only the last hour's mail (the demo's fresh e-mail tickets) waits for the worker.
    assert queued.count() < 20
    newest = OutboundMessage.objects.order_by("-created_at").first()
    assert all(row.created_at > newest.created_at - timedelta(hours=2) for row in queued)
