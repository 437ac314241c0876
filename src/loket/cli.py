"""The `loket` command: manage.py with the production server and worker built in.

    loket serve [--host H] [--port P] [--workers N]   gunicorn, DEBUG off, WhiteNoise static
    loket worker                                      background tasks (Django Tasks, database queue)
    loket migrate | seed-demo | token USER | createadmin | any manage.py command

Every command honours DATABASE_URL (sqlite:///path or postgres://…); without it the
SQLite file under var/ is used.
"""

import argparse
import os
import sys


def _serve(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="loket serve", description="Run the production server.")
    parser.add_argument("--host", default=os.environ.get("LOKET_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOKET_PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("LOKET_WORKERS", "2")))
    parser.add_argument("--timeout", type=int, default=30)
    args = parser.parse_args(argv)
    os.environ["DEBUG"] = "0"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "loket.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--timeout",
        str(args.timeout),
        "--access-logfile",
        "-",
    ]
    os.execv(sys.executable, gunicorn)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return
    command, rest = argv[0], argv[1:]
    if command == "serve":
        _serve(rest)
        return
    aliases = {"worker": "run_worker"}
    command = aliases.get(command, command.replace("-", "_"))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["loket", command, *rest])


if __name__ == "__main__":
    main()
