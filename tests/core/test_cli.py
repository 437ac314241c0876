"""The `loket` command: token, createadmin, and its mapping onto manage.py."""

import io
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.core.management import CommandError, call_command

from loket.accounts.models import ApiToken, Role, User
from loket.accounts.services import user_for_token
from loket.cli import main


def test_token_prints_only_a_working_token_on_its_last_line(anna):
    out = io.StringIO()
    call_command("token", "anna", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    assert user_for_token(token) == anna
    assert not ApiToken.objects.filter(digest=token).exists()  # only the digest is stored


def test_token_for_an_unknown_user_fails_clearly(db):
    with pytest.raises(CommandError, match="no active user"):
        call_command("token", "nobody")


def test_createadmin_takes_the_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("LOKET_ADMIN_PASSWORD", "correct horse battery")
    call_command("createadmin", "boss", stdout=io.StringIO())
    boss = User.objects.get(username="boss")
    assert boss.role == Role.ADMIN
    assert boss.check_password("correct horse battery")


def test_createadmin_refuses_a_short_password(db, monkeypatch):
    monkeypatch.setenv("LOKET_ADMIN_PASSWORD", "short")
    with pytest.raises(CommandError):
        call_command("createadmin", "boss")


def test_dashed_commands_map_onto_management_commands(capsys):
    with pytest.raises(SystemExit):
        main(["seed-demo", "--help"])
    assert "--force" in capsys.readouterr().out


def test_help_names_the_commands(capsys):
    main(["--help"])
    out = capsys.readouterr().out
    for command in ("serve", "worker", "seed-demo", "token", "createadmin"):
        assert command in out


def test_serve_refuses_to_start_without_a_secret_key(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "LOKET_VAR_DIR": str(tmp_path), "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "loket.cli", "serve", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_gunicorn_with_debug_off_and_static_files(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LOKET_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/serve.sqlite3",
        "SECRET_KEY": "serve-test-" + "x" * 50,
    }
    loket = [sys.executable, "-m", "loket.cli"]
    subprocess.run([*loket, "migrate", "-v0"], env=env, check=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen(
        [*loket, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/v1/health", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "loket serve did not answer in 60 s"
                time.sleep(0.3)
        with urllib.request.urlopen(f"{base}/static/loket/loket.css", timeout=5) as response:
            assert response.status == 200
            assert "max-age" in response.headers["Cache-Control"]  # WhiteNoise
        try:
            urllib.request.urlopen(f"{base}/no-such-page/", timeout=5)
        except urllib.error.HTTPError as error:  # DEBUG off: no technical 404 page
            assert error.code in (302, 404)
            assert "URLconf" not in error.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)
