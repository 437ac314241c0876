"""Play realistic call flows against the CTI webhook over HTTP, for demos and tests."""

import json
import random
import time
import uuid
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

FLOWS = ("answered", "missed", "forwarded", "blocked", "mixed")
# How often each flow happens in "mixed".
MIX = {"answered": 70, "missed": 15, "forwarded": 10, "blocked": 5}
DESK_NUMBER = "+3292234567"


def events(flow: str, *, call_id: str, caller: str, agent: str, queue: str) -> list[dict]:
    """The events a telephone system sends for one call of ``flow``."""
    base = {"from": caller, "to": DESK_NUMBER, "direction": "in", "callId": call_id}
    ring = {"event": "newCall", **base, "queue": queue}
    if flow == "answered":
        return [
            ring,
            {"event": "answer", **base, "user": [agent] if agent else []},
            {"event": "hangup", **base, "cause": "normalClearing"},
        ]
    cause = {"missed": "cancel", "forwarded": "forwarded", "blocked": "busy"}[flow]
    return [ring, {"event": "hangup", **base, "cause": cause}]


def encode(event: dict, *, form: bool) -> tuple[bytes, str]:
    if not form:
        return json.dumps(event).encode(), "application/json"
    pairs = []
    for key, value in event.items():
        if key == "user":
            pairs += [("user[]", name) for name in value]
        else:
            pairs.append((key, value))
    return urlencode(pairs).encode(), "application/x-www-form-urlencoded"


def post(url: str, event: dict, *, form: bool, timeout: float = 10) -> tuple[int, str]:
    body, content_type = encode(event, form=form)
    request = Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


class Command(BaseCommand):
    help = (
        "Play realistic call flows (newCall, answer, hangup) against the CTI webhook at URL "
        "with TOKEN, printing each answer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default=settings.SITE_URL, help="The site's base URL.")
        parser.add_argument("--token", required=True, help="From loket cti-token.")
        parser.add_argument("--flow", choices=FLOWS, default="mixed")
        parser.add_argument("--count", type=int, default=1, help="Number of calls.")
        parser.add_argument("--agent", default="", help="Username of the agent who answers.")
        parser.add_argument("--from", dest="caller", default="", help="Caller's number.")
        parser.add_argument("--queue", default="helpdesk")
        parser.add_argument("--form", action="store_true", help="Send form fields, not JSON.")
        parser.add_argument("--delay", type=float, default=1.0, help="Seconds between events.")
        parser.add_argument("--seed", type=int, default=None)

    def handle(self, *args, **options):
        if not 1 <= options["count"] <= 10_000:
            raise CommandError("--count must be between 1 and 10000")
        if not 0 <= options["delay"] <= 600:
            raise CommandError("--delay must be between 0 and 600 seconds")
        url = f"{options['url'].rstrip('/')}/api/v1/cti/{options['token']}"
        rng = random.Random(options["seed"])
        for _ in range(options["count"]):
            self._call(url, rng, options)

    def _call(self, url: str, rng: random.Random, options: dict) -> None:
        flow = options["flow"]
        if flow == "mixed":
            flow = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        caller = options["caller"] or f"+32479{rng.randrange(10**6):06d}"
        call_id = uuid.uuid4().hex
        self.stdout.write(f"call {call_id} ({flow}) from {caller}")
        for event in events(
            flow, call_id=call_id, caller=caller, agent=options["agent"], queue=options["queue"]
        ):
            try:
                status, body = post(url, event, form=options["form"])
            except (URLError, OSError) as exc:
                raise CommandError(f"cannot reach {options['url']}: {exc}") from None
            self.stdout.write(f"  {event['event']:8} → {status} {body}")
            if status == 401:
                raise CommandError("the telephone system token was refused")
            if event["event"] == "newCall" and '"reject"' in body:
                self.stdout.write("  (rejected: the number is blocked)")
            time.sleep(options["delay"] * (0.5 + rng.random()))
