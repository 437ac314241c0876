"""`loket worker` sweeps SLA clocks on its own, every --sla-interval seconds."""

import subprocess
import sys
import time

import pytest

CREATE_OVERDUE_TICKET = """
from datetime import timedelta
from django.utils import timezone
from loket.tickets import services
services.create_ticket(acting_user=None, subject="Overdue", channel="email",
                       now=timezone.now() - timedelta(days=30))
"""

COUNT_BREACHES = """
from loket.tickets.models import TimelineEvent
print(TimelineEvent.objects.filter(kind="sla", data__action="breach").count())
"""


@pytest.fixture
def env(tmp_path):
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LOKET_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/worker.sqlite3",
        "SECRET_KEY": "worker-test-" + "x" * 50,
    }


def _loket(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "loket.cli", *args],
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
        **kwargs,
    )


def test_the_worker_sweeps_overdue_tickets_periodically(env):
    _loket(env, "migrate", "-v0")
    _loket(env, "shell", "-c", CREATE_OVERDUE_TICKET)
    assert _loket(env, "shell", "-c", COUNT_BREACHES).stdout.split()[-1] == "0"
    worker = subprocess.Popen(
        [sys.executable, "-m", "loket.cli", "worker", "--sla-interval", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while _loket(env, "shell", "-c", COUNT_BREACHES).stdout.split()[-1] == "0":
            assert worker.poll() is None, worker.stderr.read().decode() if worker.stderr else ""
            assert time.monotonic() < deadline, "the worker did not sweep within 60 s"
            time.sleep(0.5)
        # Still running, and a second sweep does not repeat the breach.
        time.sleep(2.5)
        assert worker.poll() is None
        assert _loket(env, "shell", "-c", COUNT_BREACHES).stdout.split()[-1] == "2"
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_sla_sweep_command_reports_what_it_did(env):
    _loket(env, "migrate", "-v0")
    _loket(env, "shell", "-c", CREATE_OVERDUE_TICKET)
    first = _loket(env, "sla-sweep").stdout
    assert "checked 1, warnings 0, breaches 2" in first
    second = _loket(env, "sla-sweep").stdout
    assert "checked 0, warnings 0, breaches 0" in second
