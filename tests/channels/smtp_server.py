"""A real SMTP server on 127.0.0.1 for the e-mail-out tests (aiosmtpd).

``smtp`` starts one per test on a free port and points ``settings.MAILERS`` at it; the
handler keeps every accepted message (``smtp.messages``, parsed) and can be told to
refuse recipients: ``smtp.refuse("x@y", "451 4.3.0 Try again later", times=1)``.
``dead_smtp`` points ``MAILERS`` at a port where nothing listens.
"""

import email
import socket
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    def __getitem__(self, header: str) -> str:
        # Long headers arrive folded; unfold them as a mail client would.
        value = self.message[header]
        return "" if value is None else " ".join(str(value).split())

    @property
    def to(self) -> str:
        return self.rcpt_tos[0]

    @property
    def text(self) -> str:
        return self.message.get_content()


@dataclass
class RecordingHandler:
    """Accepts everything, except recipients it was told to refuse."""

    messages: list[Received] = field(default_factory=list)
    refusals: dict[str, list[str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refuse(self, address: str, answer: str, times: int = 1_000_000) -> None:
        with self.lock:
            self.refusals[address.lower()] = [answer] * times

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            answers = self.refusals.get(address.lower())
            if answers:
                return answers.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address.lower() in (r.lower() for r in m.rcpt_tos)]


def mailers_for(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }


@pytest.fixture
def smtp(settings):
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = mailers_for(controller.port)
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def dead_smtp(settings):
    settings.MAILERS = mailers_for(free_port())


@pytest.fixture
def mailbox(teams):
    """The desk's mailbox for the first-line team."""
    from loket.channels.models import Mailbox

    return Mailbox.objects.create(
        name="Support", address="support@loket.example", team=teams["first"]
    )
