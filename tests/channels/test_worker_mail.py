"""The worker reads the mailboxes and sends queued mail every round."""

import logging
import threading
from io import StringIO

import pytest
from django.core.management import call_command

from loket.channels import imap, sending
from loket.core.management.commands import run_worker
from loket.tickets.models import Channel, Ticket

pytest_plugins = ["tests.channels.imap_server"]

RAW = (
    b"From: Chris Claes <chris@acme.example>\r\n"
    b"To: support@loket.example\r\n"
    b"Subject: The scanner does not scan\r\n"
    b"Message-ID: <worker-1@acme.example>\r\n"
    b"\r\n"
    b"Hello, the scanner on the first floor does nothing.\r\n"
)


@pytest.fixture
def database_tasks(settings):
    """The worker runs the database task queue too; the tests otherwise run tasks at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# The task worker closes the database connection: these tests commit for real.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_tasks", "default_policy")
def test_a_batch_run_reads_the_mailboxes_that_are_due(imap_account, teams):
    imap_account.mailbox(team=teams["first"])
    imap_account.append(RAW)
    out = StringIO()

    call_command("run_worker", "--batch", "--sla-interval", "0", stdout=out)

    ticket = Ticket.objects.get()
    assert ticket.subject == "The scanner does not scan"
    assert ticket.channel == Channel.EMAIL
    assert imap_account.unseen() == []
    assert "Mail: " in out.getvalue()


# The task worker closes the database connection: these tests commit for real.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_tasks", "default_policy")
def test_a_batch_run_without_mail_leaves_the_mailboxes_alone(imap_account, teams):
    imap_account.mailbox(team=teams["first"])
    imap_account.append(RAW)

    call_command("run_worker", "--batch", "--sla-interval", "0", "--mail-interval", "0")

    assert not Ticket.objects.exists()
    assert len(imap_account.unseen()) == 1


def test_a_failing_poll_does_not_stop_the_sending(monkeypatch, caplog):
    sent = []

    def broken_poll(now=None):
        raise RuntimeError("database went away")

    monkeypatch.setattr(imap, "poll_due", broken_poll)
    monkeypatch.setattr(sending, "send_due", lambda now=None, limit=100: sent.append(1) or {})

    with caplog.at_level(logging.ERROR, logger="loket.worker"):
        done = run_worker.mail_round()

    assert sent == [1]
    assert "polled" not in done
    assert "Polling the mailboxes failed" in caplog.text


def test_the_mail_loop_keeps_going_after_an_error(monkeypatch, caplog):
    rounds = []
    two_rounds = threading.Event()

    def flaky_round():
        rounds.append(1)
        if len(rounds) == 1:
            raise RuntimeError("the first round breaks")
        two_rounds.set()
        return {}

    monkeypatch.setattr(run_worker, "mail_round", flaky_round)
    worker = run_worker.mail_worker(interval=0.01)

    with caplog.at_level(logging.ERROR, logger="loket.worker"):
        worker.start()
        assert two_rounds.wait(timeout=10)
        worker.stopped.set()
        worker.join(timeout=10)

    assert len(rounds) >= 2
    assert "Mail round failed" in caplog.text
