"""The consent and session audit that supervisors and admins read and export."""

import csv
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import User
from loket.directory.models import Organisation
from loket.remote.access import visible_consents, visible_sessions
from loket.remote.models import Consent, RemoteSession
from loket.sla.reports import csv_cell

DEFAULT_DAYS = 30
LIMIT = 500


@dataclass(frozen=True)
class AuditFilters:
    start: date
    end: date
    agent: User | None = None
    organisation: Organisation | None = None

    @classmethod
    def from_form(cls, data: dict, today: date) -> "AuditFilters":
        return cls(
            start=data.get("start") or today - timedelta(days=DEFAULT_DAYS),
            end=data.get("end") or today,
            agent=data.get("agent"),
            organisation=data.get("organisation"),
        )

    def bounds(self) -> tuple[datetime, datetime]:
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        first = datetime.combine(self.start, time.min, tzinfo=zone)
        after = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)
        return first, after


def audit_consents(user: User, filters: AuditFilters) -> QuerySet[Consent]:
    """Consents asked in the period on tickets ``user`` may see, newest first."""
    first, after = filters.bounds()
    consents = visible_consents(user).filter(requested_at__gte=first, requested_at__lt=after)
    if filters.agent is not None:
        agent = filters.agent
        consents = consents.filter(
            Q(requested_by=agent)
            | Q(confirmed_by=agent)
            | Q(withdrawn_by=agent)
            | Q(sessions__started_by=agent)
        ).distinct()
    if filters.organisation is not None:
        consents = consents.filter(ticket__organisation=filters.organisation)
    sessions = RemoteSession.objects.select_related("started_by", "ended_by").order_by(
        "started_at", "pk"
    )
    return (
        consents.select_related(
            "ticket__organisation", "tool", "requested_by", "confirmed_by", "withdrawn_by"
        )
        .prefetch_related(Prefetch("sessions", queryset=sessions))
        .order_by("-requested_at", "-pk")
    )


def audit_sessions(user: User, filters: AuditFilters) -> QuerySet[RemoteSession]:
    """Sessions started in the period on tickets ``user`` may see, newest first."""
    first, after = filters.bounds()
    sessions = visible_sessions(user).filter(started_at__gte=first, started_at__lt=after)
    if filters.agent is not None:
        sessions = sessions.filter(Q(started_by=filters.agent) | Q(ended_by=filters.agent))
    if filters.organisation is not None:
        sessions = sessions.filter(ticket__organisation=filters.organisation)
    return sessions.select_related(
        "ticket__organisation", "tool", "consent", "started_by", "ended_by"
    ).order_by("-started_at", "-pk")


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def _who(user: User | None) -> str:
    return csv_cell(user.get_full_name() or user.username) if user is not None else ""


def write_consents_csv(consents, out, now: datetime) -> None:
    """One row per consent; no personal data of the contact beyond the ticket number."""
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Consent"),
            _("Ticket"),
            _("Organisation"),
            _("Tool"),
            _("Method"),
            _("Language"),
            _("State"),
            _("Requested by"),
            _("Requested"),
            _("Given"),
            _("Confirmed by"),
            _("Not agreed"),
            _("Valid until"),
            _("Withdrawn"),
            _("Withdrawn by"),
            _("Withdrawal reason"),
            _("Sessions"),
        ]
    )
    for c in consents:
        if c.withdrawn_via_link:
            withdrawn_by = _("the contact via the link")
        else:
            withdrawn_by = _who(c.withdrawn_by)
        writer.writerow(
            [
                c.pk,
                csv_cell(c.ticket.number),
                csv_cell(c.ticket.organisation.name if c.ticket.organisation else ""),
                csv_cell(c.tool.name),
                c.method,
                c.language,
                c.state(now),
                _who(c.requested_by),
                _when(c.requested_at),
                _when(c.given_at),
                _who(c.confirmed_by),
                _when(c.refused_at),
                _when(c.valid_until),
                _when(c.withdrawn_at),
                withdrawn_by,
                csv_cell(c.withdrawal_reason),
                len(c.sessions.all()),
            ]
        )


def write_sessions_csv(sessions, out) -> None:
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Session"),
            _("Consent"),
            _("Ticket"),
            _("Organisation"),
            _("Tool"),
            _("Reference"),
            _("Started by"),
            _("Started"),
            _("Ended"),
            _("Ended by"),
            _("End reason"),
        ]
    )
    for s in sessions:
        writer.writerow(
            [
                s.pk,
                s.consent_id,
                csv_cell(s.ticket.number),
                csv_cell(s.ticket.organisation.name if s.ticket.organisation else ""),
                csv_cell(s.tool.name),
                csv_cell(s.reference),
                _who(s.started_by),
                _when(s.started_at),
                _when(s.ended_at),
                _who(s.ended_by),
                s.end_reason,
            ]
        )
