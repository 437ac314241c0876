"""Mail ingestion: 10,000 realistic messages through ``ingest()``, then 1,000 through IMAP.

    nice -n 10 .venv/bin/python bench/mail_ingest.py --database sqlite
    nice -n 10 .venv/bin/python bench/mail_ingest.py --database postgres   # lk_bench_mail

Generates a deterministic stream (seed 42) of support mail in Dutch, French and
English from 900 senders (two thirds at 12 organisations whose e-mail domain is known,
the rest at free-mail domains): new conversations in plain text, HTML (multipart/
alternative) and with a small attachment (a PDF or a screenshot of 2–40 KB); replies
that thread by ``In-Reply-To``/``References`` (quoting the original), by the reply
token in the To address, or by the ``[#number]`` subject tag alone; out-of-office
auto-replies (``Auto-Submitted``), a few bounces (DSN), and byte-identical redeliveries
(duplicates). A reply's ticket number and token are looked up when the reply is
built, outside the timing; the generator builds one message at a time.

Each message goes through :func:`loket.channels.ingest.ingest` on a fresh database
(SQLite file under /tmp, or PostgreSQL ``lk_bench_mail``, dropped and re-created);
reported: throughput over the time spent in ``ingest()`` and over the wall clock,
p50/p95/p99/max per message, outcomes, tickets and events created, mails queued. Then
1,000 more messages are traced with tracemalloc (the highest peak of one call, and
what the calls kept allocated), and ru_maxrss is read. Last, 1,000 further messages are appended to a temporary
dovecot on 127.0.0.1 (tests/channels/imap_server.py) and read by one
``loket.channels.imap.poll()`` — fetch, ingest, mark seen — end to end.

Results: bench/results/mail_ingest_<database>.json.
"""

import argparse
import gc
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "lk_bench_mail"
SQLITE_FILE = Path("/tmp/lk_bench_mail.sqlite3")
MAILBOX_ADDRESS = "support@loket.example"

# --- the corpus -------------------------------------------------------------------------

ORGANISATIONS = [
    ("Acme Logistics", "acme.example", "nl"),
    ("Brouwerij Bertem", "brouwerij.example", "nl"),
    ("Cimenterie Liège", "cimenterie.example", "fr"),
    ("Dossche Mills", "dossche.example", "nl"),
    ("Espace Namur", "espace-namur.example", "fr"),
    ("Flanders Freight", "flfreight.example", "en"),
    ("Gemeente Herent", "herent.example", "nl"),
    ("Hôpital du Sud", "hopitalsud.example", "fr"),
    ("Imprimerie Dubois", "dubois-print.example", "fr"),
    ("Jansen Bouw", "jansenbouw.example", "nl"),
    ("Kortrijk Textiles", "ktextiles.example", "en"),
    ("Lumière Énergie", "lumiere.example", "fr"),
]
FREE_MAIL = ["gmail.example", "outlook.example", "skynet.example", "telenet.example"]
FIRST = {
    "nl": ["Jan", "Els", "Pieter", "An", "Koen", "Sofie", "Wim", "Lies", "Bart", "Griet"],
    "fr": ["Julie", "Marc", "Camille", "Luc", "Sophie", "Olivier", "Nathalie", "Pierre"],
    "en": ["John", "Emma", "David", "Sarah", "Tom", "Laura", "James", "Kate"],
}
LAST = {
    "nl": ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens"],
    "fr": ["Dubois", "Lambert", "Dupont", "Martin", "Simon", "Laurent", "Lefèvre", "Leroy"],
    "en": ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Wright"],
}
THINGS = {
    "nl": ["printer", "laptop", "VPN-verbinding", "Outlook", "Teams", "scanner", "headset",
           "Citrix-sessie", "badgelezer", "wifi", "netwerkschijf", "SAP", "wachtwoord",
           "tweede scherm", "dockingstation", "agenda", "webcam", "ERP-rapport"],
    "fr": ["imprimante", "ordinateur portable", "connexion VPN", "Outlook", "Teams",
           "scanner", "casque", "session Citrix", "lecteur de badge", "wifi",
           "lecteur réseau", "SAP", "mot de passe", "deuxième écran", "station d'accueil",
           "agenda", "webcam", "rapport ERP"],
    "en": ["printer", "laptop", "VPN client", "Outlook", "Teams", "scanner", "headset",
           "Citrix session", "badge reader", "Wi-Fi", "shared drive", "SAP", "password",
           "second monitor", "docking station", "calendar", "webcam", "ERP report"],
}  # fmt: skip
PROBLEMS = {
    "nl": ["werkt niet meer", "geeft foutcode {code}", "is traag sinds vanochtend",
           "valt telkens weg", "start niet op", "vraagt steeds opnieuw om aan te melden",
           "toont een leeg scherm", "synchroniseert niet"],
    "fr": ["ne fonctionne plus", "affiche l'erreur {code}", "est lent depuis ce matin",
           "se déconnecte sans arrêt", "ne démarre pas", "redemande sans cesse la connexion",
           "affiche un écran vide", "ne se synchronise pas"],
    "en": ["stopped working", "shows error {code}", "has been slow since this morning",
           "keeps dropping", "does not start", "keeps asking me to sign in again",
           "shows a blank screen", "does not sync"],
}  # fmt: skip
GREETING = {"nl": "Goedemiddag,", "fr": "Bonjour,", "en": "Hello,"}
CLOSING = {"nl": "Met vriendelijke groeten,", "fr": "Cordialement,", "en": "Kind regards,"}
DETAILS = {
    "nl": ["Ik heb de pc al herstart, zonder resultaat.",
           "Het probleem doet zich voor bij drie collega's op de tweede verdieping.",
           "Sinds de update van gisteren lukt het niet meer.",
           "Kunnen jullie iemand langs sturen? We hebben het vandaag nog nodig.",
           "In bijlage een schermafdruk van de melding."],
    "fr": ["J'ai déjà redémarré le PC, sans résultat.",
           "Le problème touche trois collègues au deuxième étage.",
           "Depuis la mise à jour d'hier, cela ne fonctionne plus.",
           "Pouvez-vous envoyer quelqu'un ? Nous en avons besoin aujourd'hui.",
           "Vous trouverez en pièce jointe une capture d'écran du message."],
    "en": ["I already restarted the PC, no luck.",
           "Three colleagues on the second floor have the same problem.",
           "It stopped working after yesterday's update.",
           "Could someone come by? We need it today.",
           "Attached is a screenshot of the message."],
}  # fmt: skip
REPLY_TEXT = {
    "nl": ["Bedankt, het werkt weer.", "Het probleem is er nog steeds.",
           "Hier is de extra informatie die jullie vroegen.", "Wanneer komt er iemand langs?"],
    "fr": ["Merci, cela fonctionne à nouveau.", "Le problème persiste.",
           "Voici les informations supplémentaires demandées.", "Quand quelqu'un passera-t-il ?"],
    "en": ["Thanks, it works again.", "The problem is still there.",
           "Here is the extra information you asked for.", "When will someone come by?"],
}  # fmt: skip
REPLY_PREFIX = {"nl": "Antw: ", "fr": "RE : ", "en": "Re: "}
OUT_OF_OFFICE = {
    "nl": ("Automatisch antwoord: ", "Ik ben afwezig tot maandag en lees mijn mail niet."),
    "fr": ("Réponse automatique : ", "Je suis absent jusqu'à lundi, sans accès à mes mails."),
    "en": ("Automatic reply: ", "I am out of the office until Monday without e-mail access."),
}
# kind, weight
MIX = [
    ("new_plain", 40),
    ("new_html", 12),
    ("new_attachment", 8),
    ("reply_in_reply_to", 15),
    ("reply_token", 7),
    ("reply_subject_tag", 5),
    ("auto_reply", 6),
    ("bounce", 2),
    ("duplicate", 5),
]


@dataclass
class Sender:
    name: str
    address: str
    language: str


@dataclass
class Sent:
    message_id: str
    subject: str
    sender: Sender
    body: str


@dataclass
class Mail:
    kind: str
    build: Callable[[Callable[[str], str | None]], bytes]


class Corpus:
    """A deterministic stream of mails; ``prefix`` keeps Message-IDs of separate streams
    apart (the timed run, the traced run, the IMAP run)."""

    def __init__(
        self,
        seed: int = 42,
        *,
        prefix: str = "bench",
        senders: int = 900,
        subject_tag: Callable[[str], str] = lambda number: f"[#{number}]",
        tokens: bool = True,
    ):
        self.rng = random.Random(seed)
        self.prefix = prefix
        self.subject_tag = subject_tag
        self.tokens = tokens
        self.count = 0
        self.start = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
        self.senders = [self._sender(i) for i in range(senders)]
        self.conversations: list[Sent] = []
        self.recent_raw: list[bytes] = []

    def _sender(self, i: int) -> Sender:
        rng = self.rng
        if i % 3:
            _organisation, domain, language = ORGANISATIONS[i % len(ORGANISATIONS)]
        else:
            domain, language = rng.choice(FREE_MAIL), rng.choice(("nl", "fr", "en"))
        first, last = rng.choice(FIRST[language]), rng.choice(LAST[language])
        local = f"{first}.{last}{i}".lower().replace("è", "e").replace("é", "e")
        return Sender(f"{first} {last}", f"{local}@{domain}", language)

    def mails(self, n: int) -> Iterator[Mail]:
        kinds = [kind for kind, _ in MIX]
        weights = [weight for _, weight in MIX]
        for _ in range(n):
            kind = self.rng.choices(kinds, weights)[0]
            if (
                kind != "new_plain"
                and kind.startswith(("reply", "auto"))
                and not self.conversations
            ):
                kind = "new_plain"
            if kind == "duplicate" and not self.recent_raw:
                kind = "new_plain"
            yield self._mail(kind)

    # each kind -------------------------------------------------------------------------

    def _mail(self, kind: str) -> Mail:
        self.count += 1
        when = self.start + timedelta(seconds=37 * self.count)
        if kind == "duplicate":
            raw = self.rng.choice(self.recent_raw)
            return Mail(kind, lambda resolve: raw)
        if kind.startswith("new"):
            return self._new(kind, when)
        original = self.rng.choice(self.conversations[-400:])
        if kind == "auto_reply":
            return self._auto_reply(original, when)
        if kind == "bounce":
            return self._bounce(original, when)
        return self._reply(kind, original, when)

    def _message(self, sender: Sender, subject: str, when: datetime, to: str = MAILBOX_ADDRESS):
        message = EmailMessage()
        message["From"] = formataddr((sender.name, sender.address))
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = format_datetime(when)
        message["Message-ID"] = make_msgid(f"{self.prefix}.{self.count}", "mail.example")
        message["MIME-Version"] = "1.0"
        return message

    def _text(self, language: str, sender: Sender) -> tuple[str, str]:
        rng = self.rng
        thing = rng.choice(THINGS[language])
        problem = rng.choice(PROBLEMS[language]).format(code=f"0x{rng.randrange(16**4):04X}")
        subject = f"{thing[0].upper()}{thing[1:]} {problem}"
        details = rng.sample(DETAILS[language], k=rng.randint(1, 3))
        body = "\n\n".join(
            [GREETING[language], f"{subject}.", *details, f"{CLOSING[language]}\n{sender.name}"]
        )
        return subject, body

    def _new(self, kind: str, when: datetime) -> Mail:
        sender = self.rng.choice(self.senders)
        subject, body = self._text(sender.language, sender)
        message = self._message(sender, subject, when)
        message.set_content(body)
        if kind == "new_html":
            paragraphs = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in body.split("\n\n"))
            message.add_alternative(
                "<html><head><style>p{font-family:Calibri}</style></head><body>"
                f"{paragraphs}<div class='signature'><img src='cid:logo'></div></body></html>",
                subtype="html",
            )
        elif kind == "new_attachment":
            size = self.rng.randint(2_000, 40_000)
            data = self.rng.randbytes(size)
            if self.rng.random() < 0.5:
                message.add_attachment(
                    b"%PDF-1.4\n" + data, maintype="application", subtype="pdf",
                    filename="foutmelding.pdf",
                )  # fmt: skip
            else:
                message.add_attachment(
                    b"\x89PNG\r\n\x1a\n" + data, maintype="image", subtype="png",
                    filename="screenshot.png",
                )  # fmt: skip
        self.conversations.append(Sent(message["Message-ID"], subject, sender, body))
        return self._keep(kind, message.as_bytes())

    def _reply(self, kind: str, original: Sent, when: datetime) -> Mail:
        sender, language = original.sender, original.sender.language
        text = self.rng.choice(REPLY_TEXT[language])
        quoted = "\n".join(f"> {line}" for line in original.body.splitlines())
        body = f"{text}\n\n{CLOSING[language]}\n{sender.name}\n\n{quoted}\n"
        count = self.count

        def build(resolve: Callable[[str], str | None]) -> bytes:
            number = resolve(original.message_id)
            subject = f"{REPLY_PREFIX[language]}{original.subject}"
            to = MAILBOX_ADDRESS
            if kind == "reply_token" and not self.tokens:
                number = None  # no reply tokens: the reply threads by In-Reply-To
            if kind == "reply_token" and number:
                from loket.channels.addressing import reply_address

                to = reply_address(MAILBOX_ADDRESS, number)
            if kind == "reply_subject_tag" and number:
                tag = self.subject_tag(number)
                subject = f"{REPLY_PREFIX[language]}{tag} {original.subject}"
            saved, self.count = self.count, count
            message = self._message(sender, subject, when, to=to)
            self.count = saved
            if kind == "reply_in_reply_to" or (kind != "reply_in_reply_to" and not number):
                message["In-Reply-To"] = original.message_id
                message["References"] = original.message_id
            message.set_content(body)
            return message.as_bytes()

        return Mail(kind, build)

    def _auto_reply(self, original: Sent, when: datetime) -> Mail:
        prefix, text = OUT_OF_OFFICE[original.sender.language]
        message = self._message(original.sender, f"{prefix}{original.subject}", when)
        message["Auto-Submitted"] = "auto-replied"
        message["X-Auto-Response-Suppress"] = "All"
        message["In-Reply-To"] = original.message_id
        message.set_content(text)
        return self._keep("auto_reply", message.as_bytes())

    def _bounce(self, original: Sent, when: datetime) -> Mail:
        sender = Sender("Mail Delivery System", "MAILER-DAEMON@mail.example", "en")
        message = self._message(sender, "Undelivered Mail Returned to Sender", when)
        message["Auto-Submitted"] = "auto-replied"
        message.set_content(
            f"This is the mail system.\n\nI'm sorry to have to inform you that your message "
            f"could not be delivered to {original.sender.address}.\n"
        )
        message.add_attachment(
            f"Reporting-MTA: dns; mail.example\n\nFinal-Recipient: rfc822; "
            f"{original.sender.address}\nAction: failed\nStatus: 5.1.1\n",
            subtype="plain",
        )
        message.replace_header("Content-Type", "multipart/report; report-type=delivery-status")
        return self._keep("bounce", message.as_bytes())

    def _keep(self, kind: str, raw: bytes) -> Mail:
        self.recent_raw.append(raw)
        del self.recent_raw[:-300]
        return Mail(kind, lambda resolve: raw)


# --- measuring ---------------------------------------------------------------------------


def fresh_database(database: str) -> str:
    if database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_FILE}"
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DATABASE}")
    return f"{PG_SERVER}/{PG_DATABASE}"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ticket_number_of(message_id: str) -> str | None:
    from loket.channels.models import InboundMessage

    return (
        InboundMessage.objects.filter(message_id=message_id, ticket__isnull=False)
        .values_list("ticket__number", flat=True)
        .first()
    )


def counts() -> dict:
    from loket.channels.models import InboundMessage, OutboundMessage
    from loket.directory.models import Contact
    from loket.tickets.models import Ticket, TimelineEvent

    return {
        "tickets": Ticket.objects.count(),
        "timeline_events": TimelineEvent.objects.count(),
        "inbound_messages": InboundMessage.objects.count(),
        "outbound_queued": OutboundMessage.objects.count(),
        "contacts": Contact.objects.count(),
    }


def setup_desk():
    from loket.accounts.models import Team, TeamKind
    from loket.channels.models import Mailbox
    from loket.directory.services import create_organisation

    team = Team.objects.create(name="Eerstelijn", kind=TeamKind.FIRST_LINE)
    for name, domain, _language in ORGANISATIONS:
        create_organisation(name=name, email_domain=domain)
    return Mailbox.objects.create(name="Support", address=MAILBOX_ADDRESS, team=team)


def ingest_run(corpus: Corpus, n: int, mailbox) -> dict:
    from loket.channels.ingest import ingest

    before = counts()
    seconds: list[float] = []
    kinds: Counter = Counter()
    outcomes: Counter = Counter()
    started = time.perf_counter()
    for mail in corpus.mails(n):
        raw = mail.build(ticket_number_of)
        t0 = time.perf_counter()
        result = ingest(raw, mailbox=mailbox)
        seconds.append(time.perf_counter() - t0)
        kinds[mail.kind] += 1
        outcomes["duplicate" if result.duplicate else result.message.outcome] += 1
    wall = time.perf_counter() - started
    after = counts()
    return {
        "messages": n,
        "ingest_seconds": round(sum(seconds), 2),
        "wall_seconds": round(wall, 2),
        "messages_per_second": round(n / sum(seconds), 1),
        "messages_per_second_wall": round(n / wall, 1),
        "p50_ms": round(percentile(seconds, 50) * 1000, 2),
        "p95_ms": round(percentile(seconds, 95) * 1000, 2),
        "p99_ms": round(percentile(seconds, 99) * 1000, 2),
        "max_ms": round(max(seconds) * 1000, 1),
        "mean_ms": round(statistics.mean(seconds) * 1000, 2),
        "kinds": dict(sorted(kinds.items())),
        "outcomes": dict(sorted(outcomes.items())),
        "created": {key: after[key] - before[key] for key in after},
    }


def traced_run(corpus: Corpus, n: int, mailbox) -> dict:
    """tracemalloc over ``n`` more messages: the highest peak of one ``ingest()`` call,
    and what the calls kept allocated (after a collection), summed over the messages —
    building the messages happens outside those windows and is not counted."""
    from loket.channels.ingest import ingest

    tracemalloc.start()
    per_message_peak = retained = 0
    for mail in corpus.mails(n):
        raw = mail.build(ticket_number_of)
        gc.collect()
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        ingest(raw, mailbox=mailbox)
        per_message_peak = max(per_message_peak, tracemalloc.get_traced_memory()[1] - before)
        gc.collect()
        retained += tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return {
        "messages": n,
        "tracemalloc_peak_per_message_kib": round(per_message_peak / 1024, 1),
        "tracemalloc_retained_kib": round(retained / 1024, 1),
    }


def imap_run(corpus: Corpus, n: int, team) -> dict:
    sys.path.insert(0, str(REPO))
    from tests.channels.imap_server import ImapServer, dovecot_binary

    from loket.channels import imap
    from loket.channels.models import Mailbox, Security

    binary = dovecot_binary()
    if binary is None:
        return {"skipped": "dovecot is not installed"}
    server = ImapServer(binary)
    try:
        server.start()
        account = server.add_account()
        started = time.perf_counter()
        with account.client() as client:
            for mail in corpus.mails(n):
                client.append("INBOX", mail.build(ticket_number_of))
        append_seconds = time.perf_counter() - started
        mailbox = Mailbox.objects.create(
            name="IMAP",
            address="imap@loket.example",
            host=server.host,
            port=server.port,
            security=Security.NONE,
            username=account.username,
            secret=account.password,
            team=team,
        )
        before = counts()
        started = time.perf_counter()
        result = imap.poll(mailbox)
        seconds = time.perf_counter() - started
        left_unseen = len(account.unseen())
    finally:
        server.stop()
    return {
        "messages": n,
        "append_seconds": round(append_seconds, 2),
        "poll_seconds": round(seconds, 2),
        "messages_per_second": round(result.fetched / seconds, 1),
        "poll": result.as_dict(),
        "left_unseen": left_unseen,
        "tickets_created": counts()["tickets"] - before["tickets"],
    }


# --- the same stream into django-helpdesk -------------------------------------------------


def peer_run(n: int, traced: int) -> dict:
    """The same messages through django-helpdesk's own mail import: the function its
    ``get_email`` calls for every message it reads from IMAP, POP3 or a local directory
    (``helpdesk.email.extract_email_metadata``), on the message decoded as ``get_email``
    decodes it. Run with the peer's venv and settings (see docs/benchmarks.md)."""
    import django

    django.setup()
    import logging

    from django.utils import encoding
    from helpdesk.email import extract_email_metadata
    from helpdesk.exceptions import DeleteIgnoredTicketException, IgnoreTicketException
    from helpdesk.models import FollowUp, Queue, Ticket

    queue = Queue.objects.order_by("pk").first()
    logger = logging.getLogger("bench.peer")
    logger.propagate = False

    def ticket_of(message_id: str) -> str | None:
        ticket = (
            FollowUp.objects.filter(message_id=message_id)
            .values_list("ticket_id", flat=True)
            .first()
        )
        return f"{queue.slug}-{ticket}" if ticket else None

    def run(corpus: Corpus, count: int, trace: bool) -> dict:
        tickets, followups = Ticket.objects.count(), FollowUp.objects.count()
        seconds: list[float] = []
        outcomes: Counter = Counter()
        per_message_peak = retained = 0
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        for mail in corpus.mails(count):
            text = encoding.force_str(mail.build(ticket_of), errors="replace")
            if trace:
                gc.collect()
                tracemalloc.reset_peak()
                before = tracemalloc.get_traced_memory()[0]
            t0 = time.perf_counter()
            try:
                ticket = extract_email_metadata(message=text, queue=queue, logger=logger)
                outcomes["ticket_or_followup" if ticket else "not_processed"] += 1
            except (IgnoreTicketException, DeleteIgnoredTicketException):
                outcomes["ignored"] += 1
            except Exception as error:  # count, as get_email would log and go on
                outcomes[f"error {type(error).__name__}"] += 1
            seconds.append(time.perf_counter() - t0)
            if trace:
                peak = tracemalloc.get_traced_memory()[1] - before
                per_message_peak = max(per_message_peak, peak)
                gc.collect()
                retained += tracemalloc.get_traced_memory()[0] - before
        wall = time.perf_counter() - started
        out = {
            "messages": count,
            "ingest_seconds": round(sum(seconds), 2),
            "wall_seconds": round(wall, 2),
            "messages_per_second": round(count / sum(seconds), 1),
            "p50_ms": round(percentile(seconds, 50) * 1000, 2),
            "p95_ms": round(percentile(seconds, 95) * 1000, 2),
            "p99_ms": round(percentile(seconds, 99) * 1000, 2),
            "max_ms": round(max(seconds) * 1000, 1),
            "outcomes": dict(sorted(outcomes.items())),
            "tickets_created": Ticket.objects.count() - tickets,
            "followups_created": FollowUp.objects.count() - followups,
        }
        if trace:
            tracemalloc.stop()
            out["tracemalloc_peak_per_message_kib"] = round(per_message_peak / 1024, 1)
            out["tracemalloc_retained_kib"] = round(retained / 1024, 1)
        return out

    tag = lambda number: f"[{number}]"  # noqa: E731 - django-helpdesk's subject tag
    result = {
        "product": "django-helpdesk",
        "date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "load_average_at_start": os.getloadavg(),
        "ingest": run(Corpus(42, prefix="bench", subject_tag=tag, tokens=False), n, False),
    }
    result["ru_maxrss_mib_after_ingest"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    if traced:
        result["traced"] = run(
            Corpus(43, prefix="traced", subject_tag=tag, tokens=False), traced, True
        )
    result["ru_maxrss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["load_average_at_end"] = os.getloadavg()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--traced", type=int, default=1_000)
    parser.add_argument("--imap", type=int, default=1_000)
    parser.add_argument(
        "--peer-helpdesk",
        metavar="JSON",
        help="run the same stream through django-helpdesk instead (its venv and settings)",
    )
    args = parser.parse_args()
    if args.peer_helpdesk:
        result = peer_run(args.messages, args.traced)
        Path(args.peer_helpdesk).write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(result, indent=2))
        return
    os.environ["DATABASE_URL"] = fresh_database(args.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    os.environ.setdefault("SECRET_KEY", "loket-benchmark-only-" + "x" * 40)
    os.environ["DEBUG"] = "0"
    media = tempfile.mkdtemp(prefix="lk_bench_mail_media-")
    os.environ["LOKET_MEDIA_ROOT"] = media
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_seconds = time.perf_counter() - started
    mailbox = setup_desk()
    out: dict = {
        "database": connection.vendor,
        "date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip(),
        "load_average_at_start": os.getloadavg(),
        "migrate_seconds": round(migrate_seconds, 1),
    }
    corpus = Corpus(42, prefix="bench")
    out["ingest"] = ingest_run(corpus, args.messages, mailbox)
    print(json.dumps(out["ingest"], indent=2), flush=True)
    out["ru_maxrss_mib_after_ingest"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    if args.traced:
        out["traced"] = traced_run(Corpus(43, prefix="traced"), args.traced, mailbox)
        print(json.dumps(out["traced"], indent=2), flush=True)
    if args.imap:
        out["imap"] = imap_run(Corpus(44, prefix="imap"), args.imap, mailbox.team)
        print(json.dumps(out["imap"], indent=2), flush=True)
    out["load_average_at_end"] = os.getloadavg()
    out["ru_maxrss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["media_bytes"] = sum(p.stat().st_size for p in Path(media).rglob("*") if p.is_file())
    shutil.rmtree(media, ignore_errors=True)
    results = REPO / "bench" / "results"
    results.mkdir(exist_ok=True)
    path = results / f"mail_ingest_{args.database}.json"
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(f"written {path.relative_to(REPO)}; ru_maxrss {out['ru_maxrss_mib']} MiB")


if __name__ == "__main__":
    main()
