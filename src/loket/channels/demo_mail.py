"""Demo data for e-mail: a service-desk mailbox (fed by ``loket mailgate``; no IMAP host)
and a handful of messages in nl/fr/en, ingested through the same service as real mail:
new tickets, a reply that threads by its reply address, an out-of-office answer that
lands on the ticket without a mail back, a bounce that makes no ticket, and a broken
message waiting in *Mail to review*."""

from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.db.models import F

from loket.channels.addressing import reply_address
from loket.channels.ingest import ingest
from loket.channels.models import Mailbox, OutboundMessage, SendStatus
from loket.directory.models import ContactEmail, Organisation

ADDRESS = "servicedesk@loket.example"

NEW = {
    "nl": (
        "Outlook vraagt steeds opnieuw mijn wachtwoord",
        "Goedemorgen,\n\nSinds vanochtend vraagt Outlook om de paar minuten mijn wachtwoord, "
        "ook nadat ik het correct heb ingevuld. Webmail werkt wel.\n\nMet vriendelijke groet,\n",
    ),
    "fr": (
        "Impossible d'imprimer sur l'imprimante du 2e étage",
        "Bonjour,\n\nDepuis hier, mes documents restent bloqués dans la file d'attente de "
        "l'imprimante du 2e étage. Les collègues ont le même problème.\n\nCordialement,\n",
    ),
    "en": (
        "VPN disconnects every ten minutes",
        "Hello,\n\nWorking from home today, the VPN drops every ten minutes and I lose my "
        "Teams call each time. Wi-Fi itself is stable.\n\nKind regards,\n",
    ),
}
REPLY = {
    "nl": "Ik heb de computer herstart zoals gevraagd, maar het probleem blijft.\n",
    "fr": "J'ai redémarré l'ordinateur comme demandé, mais le problème persiste.\n",
    "en": "I restarted the computer as you asked, but the problem remains.\n",
}


def _message(sender: str, subject: str, body: str, when, **headers) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = headers.pop("to", ADDRESS)
    mail["Subject"] = subject
    mail["Date"] = format_datetime(when)
    mail["Message-ID"] = make_msgid(domain="mail.example")
    for name, value in headers.items():
        mail[name.replace("_", "-")] = value
    mail.set_content(body)
    return mail.as_bytes()


def _senders() -> dict[str, ContactEmail]:
    """One contact address per language, from the demo directory."""
    found: dict[str, ContactEmail] = {}
    for email in ContactEmail.objects.select_related("contact").order_by("pk")[:400]:
        found.setdefault(email.contact.language, email)
    return found


def build(desk, now) -> int:
    """Returns how many messages were ingested."""
    first_line = desk.teams.get("first_line")
    mailbox, _ = Mailbox.objects.get_or_create(
        name="Servicedesk",
        defaults={"address": ADDRESS, "team": first_line, "host": "", "language": "nl"},
    )
    senders = _senders()
    count = 0
    start = now - timedelta(hours=5)
    tickets = {}
    for offset, (language, (subject, body)) in enumerate(NEW.items()):
        sender = senders.get(language)
        if sender is None:
            continue
        name = f"{sender.contact.first_name} {sender.contact.last_name}".strip()
        raw = _message(
            f"{name} <{sender.address}>",
            subject,
            body + sender.contact.first_name,
            start + timedelta(minutes=40 * offset),
        )
        result = ingest(raw, mailbox=mailbox, now=start + timedelta(minutes=40 * offset))
        tickets[language] = result.message.ticket
        count += 1

    # A reply that finds its ticket by the reply address of Loket's acknowledgement.
    ticket = tickets.get("nl")
    if ticket is not None and ticket.contact is not None:
        address = ticket.contact.emails.first()
        raw = _message(
            str(address.address),
            f"RE: {ticket.subject}",
            REPLY["nl"],
            now - timedelta(hours=2),
            to=reply_address(ADDRESS, ticket.number),
        )
        ingest(raw, mailbox=mailbox, now=now - timedelta(hours=2))
        count += 1

    # An out-of-office answer on the French ticket: kept on it, never answered.
    ticket = tickets.get("fr")
    if ticket is not None and ticket.contact is not None:
        address = ticket.contact.emails.first()
        raw = _message(
            str(address.address),
            "Réponse automatique : absent du bureau",
            "Je suis absent jusqu'au lundi. En cas d'urgence, contactez le secrétariat.\n",
            now - timedelta(hours=1),
            to=reply_address(ADDRESS, ticket.number),
            Auto_Submitted="auto-replied",
        )
        ingest(raw, mailbox=mailbox, now=now - timedelta(hours=1))
        count += 1

    # A new sender from a known organisation's domain becomes a contact of it.
    organisation = Organisation.objects.exclude(email_domain="").order_by("pk").first()
    if organisation is not None:
        raw = _message(
            f"Lotte Vermeulen <lotte.vermeulen@{organisation.email_domain}>",
            "Nieuwe collega heeft nog geen account",
            "Hallo,\n\nOnze nieuwe collega begint maandag. Kan er een account en een laptop "
            "klaargezet worden?\n\nBedankt,\nLotte\n",
            now - timedelta(minutes=50),
        )
        ingest(raw, mailbox=mailbox, now=now - timedelta(minutes=50))
        count += 1

    # A bounce for an unknown message: stored, no ticket, no answer.
    raw = _message(
        "Mail Delivery System <MAILER-DAEMON@mail.example>",
        "Undelivered Mail Returned to Sender",
        "This is the mail system at host mail.example.\n\n"
        "I'm sorry to have to inform you that your message could not be delivered.\n",
        now - timedelta(minutes=30),
        Auto_Submitted="auto-replied",
    )
    ingest(raw, mailbox=mailbox, now=now - timedelta(minutes=30))
    count += 1

    # A message without a sender: kept raw and waiting in "Mail to review".
    raw = (
        b"Subject: =?utf-8?q?Factuur_in_bijlage?=\r\n"
        b'Content-Type: multipart/mixed; boundary="cut"\r\n\r\n'
        b"--cut\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\n"
        b"Zie bijlage.\r\n--cut\r\nContent-Type: application/pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK!!!not-base64\r\n"
    )
    ingest(raw, mailbox=mailbox, now=now - timedelta(minutes=10))
    count += 1
    return count


def settle_outbox(now) -> int:
    """The demo's history happened: the mails its past created count as sent at the time
    they were queued, so the worker does not send months of mail when the demo starts.
    The last hour's stay queued for the worker. Returns how many were settled."""
    return OutboundMessage.objects.filter(
        status=SendStatus.QUEUED, created_at__lt=now - timedelta(hours=1)
    ).update(status=SendStatus.SENT, sent_at=F("created_at"), attempts=1, next_attempt_at=None)
