"""A real IMAP server for the tests: Debian's dovecot, started once per test session.

A test module that needs it says ``pytest_plugins = ["tests.channels.imap_server"]``;
it is deliberately not a conftest. dovecot starts only when a test asks for
``imap_server`` or ``imap_account``.

Everything dovecot writes lives in one temporary directory: its configuration, runtime
sockets, state, log, the plain-text password file and the mail (maildir). It listens on
127.0.0.1 and a free port, IMAP only, without TLS. Each test gets its own account
(``imap_account``), so tests never see each other's mail. Messages are put on the
server through IMAP itself (APPEND), as a mail client would.

Running as root, dovecot refuses to run its login and mail processes as root: they run
as the ``dovenull`` and ``dovecot`` users the Debian package creates.
"""

import itertools
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from imapclient import IMAPClient

DOVECOT_PATHS = ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot")
START_TIMEOUT = 15.0
# dovecot re-reads its password file at most once a second, so accounts are made ahead.
ACCOUNTS_AHEAD = 200

CONFIG = """\
# Generated for one test session by tests/channels/imap_server.py.
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:{root}/mail/%u
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 1
first_valid_gid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
# No growing delay after a failed login from 127.0.0.1 (tests try wrong passwords).
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""


def dovecot_binary() -> str | None:
    found = shutil.which("dovecot")
    if found:
        return found
    return next((path for path in DOVECOT_PATHS if os.access(path, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _process_users() -> dict:
    """Who dovecot's processes run as: the current user, or dovecot's own users when we
    are root (its login processes refuse to run as root)."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        return {
            "internal_user": me.pw_name,
            "internal_group": _group_name(os.getegid()),
            "login_user": me.pw_name,
            "uid": os.geteuid(),
            "gid": os.getegid(),
        }
    try:
        internal = pwd.getpwnam("dovecot")
        login = pwd.getpwnam("dovenull")
    except KeyError:
        pytest.skip("running as root, but the dovecot and dovenull users do not exist")
    return {
        "internal_user": internal.pw_name,
        "internal_group": _group_name(internal.pw_gid),
        "login_user": login.pw_name,
        "uid": internal.pw_uid,
        "gid": internal.pw_gid,
    }


def _group_name(gid: int) -> str:
    import grp

    return grp.getgrgid(gid).gr_name


@dataclass
class ImapAccount:
    """One user on the test server, with the helpers a test needs to look at its mail."""

    server: "ImapServer"
    username: str
    password: str
    folder: str = "INBOX"

    def client(self) -> IMAPClient:
        client = IMAPClient(self.server.host, port=self.server.port, ssl=False, timeout=10)
        client.login(self.username, self.password)
        return client

    def append(self, raw: bytes, *, folder: str | None = None, flags=()) -> None:
        """Deliver ``raw`` to the folder, as a mail client saving a message would."""
        with self.client() as client:
            folder = folder or self.folder
            if not client.folder_exists(folder):
                client.create_folder(folder)
            client.append(folder, raw, flags=flags)

    def unseen(self, folder: str | None = None) -> list[bytes]:
        """The raw messages still unseen, in the order they arrived."""
        with self.client() as client:
            client.select_folder(folder or self.folder, readonly=True)
            uids = client.search(["UNSEEN"])
            fetched = client.fetch(uids, ["BODY.PEEK[]"]) if uids else {}
            return [fetched[uid][b"BODY[]"] for uid in sorted(fetched)]

    def seen_count(self, folder: str | None = None) -> int:
        with self.client() as client:
            client.select_folder(folder or self.folder, readonly=True)
            return len(client.search(["SEEN"]))

    def mailbox(self, **fields):
        """A Loket mailbox reading this account (plain IMAP to the loopback server)."""
        from loket.channels.models import Mailbox, Security

        fields.setdefault("name", self.username)
        fields.setdefault("address", f"{self.username}@support.example")
        fields.setdefault("host", self.server.host)
        fields.setdefault("port", self.server.port)
        fields.setdefault("security", Security.NONE)
        fields.setdefault("username", self.username)
        fields.setdefault("secret", self.password)
        fields.setdefault("folder", self.folder)
        return Mailbox.objects.create(**fields)


class ImapServer:
    """dovecot in the foreground (``dovecot -F``) under a temporary directory."""

    host = "127.0.0.1"

    def __init__(self, binary: str):
        self.binary = binary
        self.root = Path(tempfile.mkdtemp(prefix="loket-dovecot-"))
        # dovecot's own processes (a different user when we are root) read and write
        # under it.
        self.root.chmod(0o755)
        self.port = free_port()
        self.passwd = self.root / "passwd"
        self.log = self.root / "dovecot.log"
        self.process: subprocess.Popen | None = None
        self._names = itertools.count(1)
        self._spare: list[tuple[str, str]] = []

    def start(self) -> None:
        users = _process_users()
        mail = self.root / "mail"
        mail.mkdir()
        os.chown(mail, users["uid"], users["gid"])
        self._write_accounts(ACCOUNTS_AHEAD)
        self.passwd.chmod(0o644)
        config = self.root / "dovecot.conf"
        config.write_text(CONFIG.format(root=self.root, port=self.port, **users))
        self.process = subprocess.Popen(
            [self.binary, "-F", "-c", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._wait_until_listening()

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited at start:\n{self._diagnostics()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as probe:
                    if probe.recv(64).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"dovecot did not answer on port {self.port}:\n{self._diagnostics()}")

    def _diagnostics(self) -> str:
        stderr = b""
        if self.process and self.process.stderr and self.process.poll() is not None:
            stderr = self.process.stderr.read() or b""
        log = self.log.read_text(errors="replace") if self.log.exists() else ""
        return stderr.decode(errors="replace") + log[-4000:]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process and self.process.stderr:
            self.process.stderr.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def add_account(self, *, folder: str = "INBOX") -> ImapAccount:
        """An account nobody used yet, with a random password."""
        if not self._spare:
            self._write_accounts(ACCOUNTS_AHEAD)
            time.sleep(1.1)  # until dovecot looks at the password file again
        username, password = self._spare.pop(0)
        return ImapAccount(server=self, username=username, password=password, folder=folder)

    def _write_accounts(self, count: int) -> None:
        accounts = [
            (f"desk{next(self._names)}-{secrets.token_hex(3)}", secrets.token_urlsafe(12))
            for _ in range(count)
        ]
        with self.passwd.open("a") as passwd:
            passwd.writelines(f"{name}:{{PLAIN}}{password}\n" for name, password in accounts)
        self._spare.extend(accounts)


@pytest.fixture(scope="session")
def imap_server():
    binary = dovecot_binary()
    if binary is None:
        pytest.skip("dovecot is not installed (scripts/ensure-dovecot installs dovecot-imapd)")
    server = ImapServer(binary)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture
def imap_account(imap_server) -> ImapAccount:
    """A fresh, empty account on the session's IMAP server."""
    return imap_server.add_account()
