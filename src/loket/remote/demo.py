"""Demo data for remote sessions, called by loket.core.demo.guidance. The tools come
from the migration; two recent open first-line tickets get a consent story each."""

from datetime import timedelta

from loket.remote import links, services
from loket.remote.models import RemoteTool
from loket.tickets.models import OPEN_STATUSES, Ticket

CONTACT_REASON = {
    "nl": "Het werkt weer, bedankt. Ik sluit het zelf af.",
    "fr": "Ça remarche, merci. Je ferme moi-même.",
    "en": "It works again, thanks. I will close it myself.",
}


def _tickets(desk, count: int) -> list[Ticket]:
    """Recent open first-line tickets whose contact has an e-mail address: consent is
    asked only on open tickets."""
    first_line = desk.teams.get("first_line")
    tickets = Ticket.objects.filter(
        contact__emails__isnull=False, status__in=OPEN_STATUSES
    ).select_related("contact")
    if first_line is not None:
        tickets = tickets.filter(team=first_line)
    return list(tickets.distinct().order_by("-created_at", "-pk")[:count])


def build(desk, now) -> int:
    """A verbal consent with an ended Quick Assist session, and a consent given by link
    then withdrawn by the contact (which ended its AnyDesk session). Returns how many
    consents were made."""
    agent = desk.staff.get("agent")
    quick_assist = RemoteTool.objects.filter(name="Quick Assist").first()
    anydesk = RemoteTool.objects.filter(name="AnyDesk").first()
    tickets = _tickets(desk, 2)
    if agent is None or quick_assist is None or anydesk is None or len(tickets) < 2:
        return 0
    verbal_ticket, link_ticket = tickets

    start = verbal_ticket.created_at + timedelta(minutes=4)
    consent = services.record_verbal_consent(
        verbal_ticket, tool=quick_assist, acting_user=agent, text_read_confirmed=True, now=start
    )
    session = services.start_session(
        verbal_ticket,
        consent=consent,
        reference="482 913",
        acting_user=agent,
        now=start + timedelta(minutes=1),
    )
    services.end_session(session, acting_user=agent, now=start + timedelta(minutes=18))

    start = link_ticket.created_at + timedelta(minutes=6)
    consent, raw = links.issue_consent_link(link_ticket, tool=anydesk, acting_user=agent, now=start)
    browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/140.0"
    links.give_consent_by_link(
        raw, ip="192.0.2.44", user_agent=browser, now=start + timedelta(minutes=3)
    )
    services.start_session(
        link_ticket,
        consent=consent,
        reference="1 234 567 890",
        acting_user=agent,
        now=start + timedelta(minutes=5),
    )
    services.withdraw_consent(
        consent,
        via_link_token=raw,
        reason=CONTACT_REASON.get(consent.language, CONTACT_REASON["en"]),
        ip="192.0.2.44",
        user_agent=browser,
        now=start + timedelta(minutes=21),
    )
    return 2
