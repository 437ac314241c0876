"""Ticket status and expected resolution time in the plain words a customer reads."""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.sla import services as sla
from loket.sla.models import TargetName
from loket.tickets.models import Status, Ticket

CUSTOMER_TIME_ZONE = zoneinfo.ZoneInfo("Europe/Brussels")

STATUS_WORDS = {
    Status.NEW: gettext_lazy("We have received your request"),
    Status.OPEN: gettext_lazy("We are working on it"),
    Status.WAITING_CUSTOMER: gettext_lazy("We are waiting for your answer"),
    Status.WAITING_THIRD_PARTY: gettext_lazy("We are waiting for a supplier"),
    Status.RESOLVED: gettext_lazy("Solved — tell us if it is not"),
    Status.CLOSED: gettext_lazy("Closed"),
}


def status_words(status: str) -> str:
    return str(STATUS_WORDS.get(status, status))


@dataclass(frozen=True, slots=True)
class Expectation:
    """What a customer may expect: ``text`` to show, ``due`` the moment, if any."""

    text: str
    due: datetime | None = None


def moment(value: datetime) -> str:
    """'Tuesday 3 December, 14:00' in the customer's time zone and the active language."""
    return format_date(timezone.localtime(value, CUSTOMER_TIME_ZONE), _("l j F, H:i"))


def resolution_due(tickets: list[Ticket], now: datetime) -> dict[int, datetime | None]:
    """For each open ticket, when its resolution target falls due (None when no SLA
    target runs, e.g. while waiting for the customer)."""
    open_tickets = [t for t in tickets if t.is_open]
    due: dict[int, datetime | None] = {t.pk: None for t in tickets}
    if not open_tickets:
        return due
    for pk, clock in sla.clocks_for(open_tickets, now).items():
        if clock is None:
            continue
        for target in clock.clock.targets:
            pending = target.done_at is None and target.running and target.due_at is not None
            if target.name == TargetName.RESOLUTION and pending:
                due[pk] = datetime.fromtimestamp(target.due_at, tz=UTC)
    return due


def expectation(ticket: Ticket, due: datetime | None, now: datetime) -> Expectation:
    """The sentence under a ticket's status."""
    if ticket.status == Status.WAITING_CUSTOMER:
        return Expectation(_("Please answer our last message so that we can go on."))
    if ticket.status == Status.RESOLVED:
        return Expectation(_("Not solved? Write to us below and we reopen it."))
    if not ticket.is_open or due is None:
        return Expectation("")
    if due <= now:
        return Expectation(_("This takes longer than we aimed for; we are on it."), due)
    return Expectation(_("We aim to solve it by %(moment)s.") % {"moment": moment(due)}, due)
