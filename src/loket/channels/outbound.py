"""Mail to contacts and agents, queued in the ticket's transaction (an outbox).

The ticket services call :func:`event_written` for every timeline event they write; the
ingestion calls :func:`acknowledge` for a ticket it creates from a customer's mail. Both
write :class:`~loket.channels.models.OutboundMessage` rows (status *queued*); the worker
sends them (``loket.channels.sending.send_due``). So a mail goes out only when the change
that caused it was committed, and a mail server that is down delays mail, never work.

Which mail, to whom:

- a staff member's public reply → *reply* to the contact;
- status → waiting on customer → *waiting*; status → resolved → *resolved* (with the
  resolution) to the contact;
- a ticket created on another channel than e-mail → *received* to the contact (mail
  tickets get theirs from :func:`acknowledge`, as an answer to the customer's message);
- assigned to an agent (not by themselves) → *assigned* to that agent;
- escalated → *escalated* to the active members of the team, except who escalated.

Contacts get mail in their language, agents in their interface language; when that
template is missing or switched off another language is used (nl, then fr, then en),
and without any template nothing is sent. Mail to Loket's own mailbox addresses is never
queued, and at most :data:`RECEIVED_PER_HOUR` "received" mails go to one address per hour
(more are recorded as not sent): two desks acknowledging each other cannot loop.

Templates use placeholders like ``{ticket_number}`` (see :data:`PLACEHOLDERS`), filled by
a plain lookup: an admin's text is never given to ``str.format``.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import STAFF_ROLES, User
from loket.channels import addressing
from loket.channels.models import (
    InboundMessage,
    Mailbox,
    MailTemplate,
    MessageKind,
    OutboundMessage,
    SendStatus,
    TemplateKind,
)
from loket.directory.models import ContactEmail
from loket.macros.placeholders import NO_NAME, TOKEN, due_phrase, fill
from loket.tickets.models import Channel, EventKind, Status, Ticket, TimelineEvent

logger = logging.getLogger(__name__)

LANGUAGES = ("nl", "fr", "en")
CONTACT_KINDS = frozenset(
    {TemplateKind.RECEIVED, TemplateKind.REPLY, TemplateKind.WAITING, TemplateKind.RESOLVED}
)
RECEIVED_PER_HOUR = 5
SUBJECT_MAX = 300  # OutboundMessage.subject
REFERENCES_MAX = 20
# Outgoing mail that never left (or never will) is no part of the customer's thread.
UNSENT = (SendStatus.SUPPRESSED, SendStatus.FAILED)

PLACEHOLDERS: dict[str, object] = {
    "contact_name": _("the contact's full name"),
    "ticket_number": _("the ticket number"),
    "ticket_subject": _("the ticket's subject"),
    "ticket_url": _("the link to the ticket: the portal page for contacts, Loket for agents"),
    "reply_text": _("the text of the agent's reply (reply mails)"),
    "resolution": _("the resolution (resolved mails)"),
    "agent_name": _("the staff member who acted: wrote the reply, resolved, assigned or escalated"),
    "team": _("the ticket's team; for escalations the team it went to"),
    "due_time": _("when the ticket is due (SLA), as a phrase: “by Monday 30 November at 14:00”"),
    "reason": _("why the ticket was escalated (escalated mails)"),
    "reopen_days": _("the days after resolving in which a reply reopens the ticket"),
}


# --- templates ------------------------------------------------------------------------


def unknown_placeholders(text: str) -> list[str]:
    """The ``{names}`` in ``text`` that are not mail placeholders, in order."""
    seen: dict[str, None] = {}
    for match in TOKEN.finditer(text or ""):
        if match.group(1) not in PLACEHOLDERS:
            seen.setdefault(match.group(1), None)
    return list(seen)


def languages_from(first: str | None) -> list[str]:
    """``first``, then nl, fr and en: the order in which templates are tried."""
    order = [first] if first in LANGUAGES else []
    return order + [language for language in LANGUAGES if language not in order]


def _templates(kind: str) -> dict[str, MailTemplate]:
    return {t.language: t for t in MailTemplate.objects.filter(kind=kind, is_active=True)}


def _pick(templates: dict[str, MailTemplate], language: str | None) -> MailTemplate | None:
    for candidate in languages_from(language):
        if candidate in templates:
            return templates[candidate]
    return None


def single_line(text: str) -> str:
    return " ".join((text or "").split())


def render(template: MailTemplate, values: dict[str, str], number: str) -> tuple[str, str]:
    """The subject (with the ticket's tag) and text of ``template`` filled with ``values``."""
    tag = addressing.subject_tag(number)
    subject = single_line(fill(template.subject, values))
    if tag not in subject:
        room = SUBJECT_MAX - len(tag) - 1
        subject = f"{subject[:room].rstrip()} {tag}".strip()
    return subject, fill(template.body, values).strip() + "\n"


def sample_values(language: str) -> dict[str, str]:
    """Values for a preview without a ticket."""
    return {
        "contact_name": "Chris Claes",
        "ticket_number": "2026-000123",
        "ticket_subject": "Printer prints blank pages",
        "ticket_url": settings.SITE_URL + reverse("portal:ticket", args=["2026-000123"]),
        "reply_text": "Could you restart the printer and tell us whether the pages are still blank?",
        "resolution": "The toner cartridge was empty; we replaced it.",
        "agent_name": "Anna Peeters",
        "team": "Eerstelijn",
        "due_time": due_phrase(timezone.now() + timedelta(days=1), language),
        "reason": "Needs an on-site visit.",
        "reopen_days": str(settings.MAIL_REOPEN_DAYS),
    }


# --- whom and what --------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    address: str
    language: str | None
    is_agent: bool


def desk_name() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[0] or "Loket"


def _person(user: User | None) -> str:
    if user is None:
        return desk_name()
    return user.get_full_name() or user.username


def _kind_for(event: TimelineEvent) -> str | None:
    """The mail ``event`` calls for, decided without a query."""
    data = event.data or {}
    if event.kind == EventKind.REPLY:
        author = event.author if event.author_id else None
        staff = author is not None and author.is_staff_member
        return TemplateKind.REPLY if event.is_public and staff else None
    if event.kind == EventKind.STATUS:
        new = data.get("new")
        if new == Status.WAITING_CUSTOMER:
            return TemplateKind.WAITING
        return TemplateKind.RESOLVED if new == Status.RESOLVED else None
    if event.kind == EventKind.CREATED:
        return TemplateKind.RECEIVED if data.get("channel") != Channel.EMAIL else None
    if event.kind == EventKind.ASSIGNMENT:
        new = data.get("new_assignee_id")
        return TemplateKind.ASSIGNED if new and new != data.get("old_assignee_id") else None
    if event.kind == EventKind.ESCALATION:
        return TemplateKind.ESCALATED
    return None


def contact_address(ticket: Ticket) -> str:
    """The contact's primary e-mail address, else their first one ("" without)."""
    if ticket.contact_id is None:
        return ""
    address = (
        ContactEmail.objects.filter(contact_id=ticket.contact_id)
        .order_by("-is_primary", "id")
        .values_list("address", flat=True)
        .first()
    )
    return address or ""


def _assignee(event: TimelineEvent) -> User | None:
    """The agent the ticket was assigned to, unless they took it themselves."""
    assignee_id = event.data.get("new_assignee_id")
    if not assignee_id or assignee_id == event.author_id:
        return None
    return (
        User.objects.filter(pk=assignee_id, is_active=True, role__in=STAFF_ROLES)
        .exclude(email="")
        .first()
    )


def _escalation_team(event: TimelineEvent) -> list[User]:
    team_id = (event.data or {}).get("to_team_id")
    if not team_id:
        return []
    members = User.objects.filter(
        memberships__team_id=team_id, is_active=True, role__in=STAFF_ROLES
    ).exclude(email="")
    if event.author_id:
        members = members.exclude(pk=event.author_id)
    return list(members.distinct())


# --- queueing -------------------------------------------------------------------------


def event_written(event: TimelineEvent) -> None:
    """Queue the mails ``event`` calls for (in the caller's transaction)."""
    kind = _kind_for(event)
    if kind is None:
        return
    try:
        _queue_for_event(event, kind)
    except DatabaseError:
        raise
    except Exception:
        # A mail that cannot be written must not stop the agent's work.
        logger.exception("could not queue the %s mail for event %s", kind, event.pk)


def _queue_for_event(event: TimelineEvent, kind: str) -> None:
    ticket = event.ticket
    data = event.data or {}
    author = event.author if event.author_id else None
    extra = {"agent_name": _person(author)}
    if kind in CONTACT_KINDS:
        if ticket.contact_id is None:
            return
        address = contact_address(ticket)
        if not address:
            return
        if kind == TemplateKind.REPLY:
            extra["reply_text"] = event.body
        if kind == TemplateKind.RESOLVED:
            extra["resolution"] = event.body or ticket.resolution
        language = ticket.contact.language if ticket.contact else None
        _queue(ticket, kind, [Recipient(address, language, False)], extra, event=event)
        return
    if kind == TemplateKind.ASSIGNED:
        agents = [user] if (user := _assignee(event)) else []
        extra["team"] = data.get("new_team") or ""
    else:
        agents = _escalation_team(event)
        extra["team"] = data.get("to_team") or ""
        extra["reason"] = data.get("reason") or event.body
    recipients = [Recipient(user.email, user.language, True) for user in agents]
    _queue(ticket, kind, recipients, extra, event=event)


def acknowledge(ticket: Ticket, message: InboundMessage) -> OutboundMessage | None:
    """Queue the "ticket received" mail for a ticket created from the customer's
    ``message``, as an answer to it (In-Reply-To its Message-ID)."""
    if message.kind != MessageKind.NORMAL:
        return None
    address = parseaddr(message.sender or "")[1] or contact_address(ticket)
    if "@" not in address:
        return None
    language: str | None = None
    if ticket.contact_id is not None and ticket.contact is not None:
        language = ticket.contact.language
    elif message.mailbox is not None:
        language = message.mailbox.language
    rows = _queue(
        ticket,
        TemplateKind.RECEIVED,
        [Recipient(address, language, False)],
        {"agent_name": desk_name()},
        now=message.received_at,
        answering=message,
    )
    return rows[0] if rows else None


def _queue(
    ticket: Ticket,
    kind: str,
    recipients: list[Recipient],
    extra: dict[str, str],
    *,
    event: TimelineEvent | None = None,
    now: datetime | None = None,
    answering: InboundMessage | None = None,
) -> list[OutboundMessage]:
    if not recipients:
        return []
    templates = _templates(kind)
    if not templates:
        return []
    now = now or (event.created_at if event is not None else None) or timezone.now()
    mailboxes = list(Mailbox.objects.only("id", "address", "is_active", "team_id"))
    own = {_plain(mailbox.address) for mailbox in mailboxes}
    thread = Thread.of(ticket, agents=recipients[0].is_agent, answering=answering)
    box = _choose_mailbox(ticket, mailboxes, thread.first_mailbox_id)
    rows = []
    for recipient in recipients:
        template = _pick(templates, recipient.language)
        if template is None or _plain(recipient.address) in own:
            continue
        values = values_for(ticket, template.language, is_agent=recipient.is_agent) | extra
        rows.append(_row(ticket, kind, recipient, template, values, box, thread, event, now))
    for row in rows:
        if kind == TemplateKind.RECEIVED and _too_many_received(row.to_address, now):
            row.status = SendStatus.SUPPRESSED
            row.next_attempt_at = None
            row.last_error = (
                f"Loop guard: {RECEIVED_PER_HOUR} such mails to this address within an hour."
            )
        row.save()
    return rows


def _plain(address: str) -> str:
    """The address without display name, case or plus-extension: how loops are spotted."""
    local, _at, domain = parseaddr(address or "")[1].lower().partition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def _too_many_received(address: str, now: datetime) -> bool:
    recent = OutboundMessage.objects.filter(
        kind=TemplateKind.RECEIVED,
        to_address__iexact=address,
        created_at__gt=now - timedelta(hours=1),
        created_at__lte=now,
    )
    return recent.count() >= RECEIVED_PER_HOUR


def values_for(ticket: Ticket, language: str, *, is_agent: bool) -> dict[str, str]:
    """The placeholder values of ``ticket`` in ``language``."""
    contact = ticket.contact if ticket.contact_id else None
    name = contact.full_name if contact is not None else ""
    if is_agent:
        url = reverse("tickets:detail", args=[ticket.number])
    else:
        url = reverse("portal:ticket", args=[ticket.number])
    return {
        "contact_name": name or ("—" if is_agent else NO_NAME.get(language, NO_NAME["en"])),
        "ticket_number": ticket.number,
        "ticket_subject": ticket.subject,
        "ticket_url": settings.SITE_URL + url,
        "reply_text": "",
        "resolution": ticket.resolution,
        "agent_name": "",
        "team": ticket.team.name if ticket.team_id and ticket.team else "",
        "due_time": due_phrase(ticket.sla_due_at if ticket.is_open else None, language),
        "reason": "",
        "reopen_days": str(settings.MAIL_REOPEN_DAYS),
    }


def _row(
    ticket: Ticket,
    kind: str,
    recipient: Recipient,
    template: MailTemplate,
    values: dict[str, str],
    mailbox: Mailbox | None,
    thread: "Thread",
    event: TimelineEvent | None,
    now: datetime,
) -> OutboundMessage:
    # Agents' notifications come from the desk's general address: answering one should
    # not land in the customer's ticket.
    if mailbox is not None and not recipient.is_agent:
        from_address = formataddr((desk_name(), mailbox.address))
        reply_to = addressing.reply_address(mailbox.address, ticket.number)
    else:
        from_address, reply_to = settings.DEFAULT_FROM_EMAIL, ""
    domain = parseaddr(from_address)[1].rpartition("@")[2]
    subject, body = render(template, values, ticket.number)
    return OutboundMessage(
        ticket=ticket,
        event=event,
        kind=kind,
        to_address=recipient.address,
        from_address=from_address,
        reply_to=reply_to,
        language=template.language,
        subject=subject,
        body=body,
        message_id=addressing.new_message_id(ticket.number, domain),
        in_reply_to=thread.latest,
        references=" ".join(thread.references()),
        status=SendStatus.QUEUED,
        next_attempt_at=now,
        created_at=now,
    )


# --- threading ------------------------------------------------------------------------


def bracketed(message_id: str) -> str:
    message_id = (message_id or "").strip()
    if not message_id or message_id.startswith("<"):
        return message_id
    return f"<{message_id}>"


@dataclass
class Thread:
    """The Message-IDs of the ticket's conversation, oldest first: the customer's mails
    and Loket's mails to the contact (or, for agents' mails, Loket's mails to agents)."""

    ids: list[str]
    first_mailbox_id: int | None
    answering: str = ""

    @classmethod
    def of(
        cls, ticket: Ticket, *, agents: bool, answering: InboundMessage | None = None
    ) -> "Thread":
        timeline: list[tuple[datetime, int, str]] = []
        first_mailbox_id = None
        inbound = InboundMessage.objects.filter(ticket=ticket).order_by("received_at", "id")
        for received_at, mailbox_id, message_id in inbound.values_list(
            "received_at", "mailbox_id", "message_id"
        ):
            first_mailbox_id = first_mailbox_id or mailbox_id
            if not agents and message_id:
                timeline.append((received_at, 0, bracketed(message_id)))
        if answering is not None:
            first_mailbox_id = first_mailbox_id or answering.mailbox_id
        kinds = [k for k in TemplateKind.values if (k in CONTACT_KINDS) != agents]
        outbound = (
            OutboundMessage.objects.filter(ticket=ticket, kind__in=kinds)
            .exclude(status__in=UNSENT)
            .order_by("created_at", "id")
            .values_list("created_at", "message_id")
        )
        timeline += [(created_at, 1, message_id) for created_at, message_id in outbound]
        timeline.sort(key=lambda item: (item[0], item[1]))
        ids = list(dict.fromkeys(message_id for _at, _order, message_id in timeline))
        answered = bracketed(answering.message_id) if answering is not None else ""
        if answered and answered not in ids:
            ids.append(answered)
        return cls(ids=ids, first_mailbox_id=first_mailbox_id, answering=answered)

    @property
    def latest(self) -> str:
        return self.answering or (self.ids[-1] if self.ids else "")

    def references(self) -> list[str]:
        """At most :data:`REFERENCES_MAX` ids: the first (the thread's root) and the latest."""
        if len(self.ids) <= REFERENCES_MAX:
            return list(self.ids)
        return [self.ids[0], *self.ids[-(REFERENCES_MAX - 1) :]]


# --- mailbox --------------------------------------------------------------------------


def mailbox_for(ticket: Ticket) -> Mailbox | None:
    """The mailbox mail on ``ticket`` is sent from: the one the customer first wrote to,
    else an active mailbox of the ticket's team, else the first active mailbox."""
    first = (
        InboundMessage.objects.filter(ticket=ticket, mailbox__isnull=False)
        .order_by("received_at", "id")
        .values_list("mailbox_id", flat=True)
        .first()
    )
    return _choose_mailbox(ticket, list(Mailbox.objects.all()), first)


def _choose_mailbox(
    ticket: Ticket, mailboxes: list[Mailbox], first_mailbox_id: int | None
) -> Mailbox | None:
    by_id = {mailbox.pk: mailbox for mailbox in mailboxes}
    if first_mailbox_id in by_id:
        return by_id[first_mailbox_id]
    active = [mailbox for mailbox in mailboxes if mailbox.is_active]
    for mailbox in active:
        if ticket.team_id is not None and mailbox.team_id == ticket.team_id:
            return mailbox
    return active[0] if active else None
