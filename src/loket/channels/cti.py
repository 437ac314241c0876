"""The telephone system's side of a call: events posted to ``/api/v1/cti/<token>`` in the
shape of Zammad's *generic CTI* (``newCall`` → ``answer`` → ``hangup``).

Each call is one :class:`~loket.channels.models.Call` per (endpoint, ``callId``). Events
are idempotent: a repeated event changes nothing. Events may arrive out of order (an
``answer`` or ``hangup`` before its ``newCall``, an ``answer`` after the ``hangup``): the
call is created from what is known, its times never move backwards and an ended call is
never un-ended. The call's row is locked while an event is applied, so two events of one
call at once are applied one after the other.
"""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Trim
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import STAFF_ROLES, User
from loket.channels.models import (
    BlockedNumber,
    Call,
    CallDirection,
    CallState,
    Cause,
    CtiEndpoint,
    Extension,
)
from loket.core.errors import InvalidInput
from loket.core.phones import to_e164
from loket.directory.models import ContactPhone

TOKEN_PREFIX = "cti_"
EVENTS = ("newCall", "answer", "hangup")
REJECT = {"action": "reject", "reason": "busy"}
MAX_USERS = 20


# --- endpoints and their tokens --------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def new_token() -> str:
    """A fresh random token (URL-safe, so that it fits in the webhook's path)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def create_endpoint(name: str) -> tuple[CtiEndpoint, str]:
    """Register a telephone system; return it and its token (shown once, stored hashed)."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise InvalidInput(_("Give the telephone system a name of 1 to 100 characters."))
    if CtiEndpoint.objects.filter(name=name).exists():
        raise InvalidInput(
            _("A telephone system with this name exists already."), code="endpoint_exists"
        )
    token = new_token()
    endpoint = CtiEndpoint.objects.create(name=name, token_sha256=token_digest(token))
    return endpoint, token


def endpoint_for_token(token: str) -> CtiEndpoint | None:
    """The active telephone system ``token`` belongs to, or None."""
    if not token or len(token) > 200:
        return None
    digest = token_digest(token)
    endpoint = CtiEndpoint.objects.filter(token_sha256=digest, is_active=True).first()
    # The lookup is by digest; compare once more in constant time all the same.
    if endpoint is None or not secrets.compare_digest(endpoint.token_sha256, digest):
        return None
    return endpoint


# --- reading an event ------------------------------------------------------------------


def _text(payload: dict, key: str, limit: int) -> str:
    """A scalar field as storable text: numbers become text, NUL and unpaired surrogates
    are dropped, overlong values are cut (a telephone system's odd value is not worth
    losing the call for)."""
    value = payload.get(key)
    if value is None:
        return ""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidInput(
            _("The field %(field)s must be text.") % {"field": key}, code="bad_field"
        )
    text = str(value).replace("\x00", "")
    text = text.encode("utf-8", "replace").decode("utf-8").strip()
    return text[:limit]


def _users(payload: dict) -> list[str]:
    value = payload.get("user", payload.get("user[]"))
    if value is None or value == "":
        return []
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values[:MAX_USERS]:
        names.append(_text({"user": item}, "user", 150))
    return [name for name in names if name]


def read_event(payload: Any) -> dict:
    """The event's fields, checked; InvalidInput (422) with a stable code otherwise."""
    if not isinstance(payload, dict):
        raise InvalidInput(_("Send the event as a JSON object or form fields."), code="bad_payload")
    event = _text(payload, "event", 20)
    if event not in EVENTS:
        raise InvalidInput(_("Unknown event: use newCall, answer or hangup."), code="bad_event")
    call_id = _text(payload, "callId", 151)
    if not call_id:
        raise InvalidInput(_("callId is required."), code="missing_call_id")
    if len(call_id) > 150:
        raise InvalidInput(_("callId is longer than 150 characters."), code="bad_call_id")
    direction = _text(payload, "direction", 10)
    if direction not in CallDirection.values and (direction or event == "newCall"):
        raise InvalidInput(_("direction must be “in” or “out”."), code="bad_direction")
    cause = _text(payload, "cause", 30)
    return {
        "event": event,
        "call_id": call_id,
        "direction": direction,
        "from": _text(payload, "from", 50),
        "to": _text(payload, "to", 50),
        "queue": _text(payload, "queue", 100),
        "users": _users(payload),
        # A cause we do not know is kept as "unknown" rather than refusing the hang-up.
        "cause": cause if cause in Cause.values else "",
        "answering_number": _text(payload, "answeringNumber", 50),
    }


# --- applying it -----------------------------------------------------------------------


@transaction.atomic
def handle_event(endpoint: CtiEndpoint, payload: dict, *, now: datetime | None = None) -> dict:
    """Apply one call event from ``endpoint``; return the answer for the telephone system:
    ``{}``, or ``{"action": "reject", "reason": "busy"}`` for an incoming call from a
    blocked number. InvalidInput (422) for an unknown event, a missing callId or a bad
    direction."""
    event = read_event(payload)
    now = now or timezone.now()
    call, created = _locked_call(endpoint, event, now)
    if not created:
        _complete(call, event)
    if event["event"] == "newCall":
        if created and call.direction == CallDirection.IN and _is_blocked(call):
            _block(call, now)
    elif event["event"] == "answer":
        _answer(call, event, now)
    else:
        _hang_up(call, event, now)
    if event["event"] == "newCall" and call.blocked:
        return dict(REJECT)
    return {}


def _locked_call(endpoint: CtiEndpoint, event: dict, now: datetime) -> tuple[Call, bool]:
    """The call's row, locked; created from this event when it is the first one seen. Two
    first events at once: one inserts, the other meets the unique constraint (inside a
    savepoint) and locks the row the first one wrote."""
    calls = Call.objects.select_for_update()
    call = calls.filter(endpoint=endpoint, call_id=event["call_id"]).first()
    if call is not None:
        return call, False
    direction = event["direction"] or CallDirection.IN
    party = _party(direction, event)
    try:
        with transaction.atomic():
            call = Call.objects.create(
                endpoint=endpoint,
                call_id=event["call_id"],
                direction=direction,
                from_number=event["from"],
                to_number=event["to"],
                party=party,
                contact=_contact_for(party),
                queue=event["queue"],
                users=event["users"],
                agent=_caller_agent(direction, event),
                started_at=now,
            )
    except IntegrityError:
        return calls.get(endpoint=endpoint, call_id=event["call_id"]), False
    return call, True


def _party(direction: str, event: dict) -> str:
    raw = event["from"] if direction == CallDirection.IN else event["to"]
    return to_e164(raw) or ""


def _contact_for(party: str):
    if not party:
        return None
    phone = ContactPhone.objects.filter(number=party).select_related("contact").first()
    return phone.contact if phone else None


def _caller_agent(direction: str, event: dict) -> User | None:
    """For an outgoing call the ``user`` is the agent who dials."""
    if direction != CallDirection.OUT:
        return None
    return _agent_for(event["users"], event["answering_number"])


def _complete(call: Call, event: dict) -> None:
    """Fill in what an earlier (out-of-order) event did not know; never overwrite."""
    changed = []
    for field, key in (("from_number", "from"), ("to_number", "to"), ("queue", "queue")):
        if not getattr(call, field) and event[key]:
            setattr(call, field, event[key])
            changed.append(field)
    if not call.users and event["users"]:
        call.users = event["users"]
        changed.append("users")
    if not call.party:
        party = _party(call.direction, {"from": call.from_number, "to": call.to_number})
        if party:
            call.party = party
            call.contact = _contact_for(party)
            changed += ["party", "contact"]
    if changed:
        call.save(update_fields=changed)


def _is_blocked(call: Call) -> bool:
    numbers = {call.party, call.from_number} - {""}
    return bool(numbers) and BlockedNumber.objects.filter(number__in=numbers).exists()


def _block(call: Call, now: datetime) -> None:
    """A blocked caller is told "busy" at once: the call ends unanswered."""
    call.blocked = True
    call.state = CallState.ENDED
    call.cause = Cause.BUSY
    call.ended_at = now
    call.wait_seconds = 0
    call.save(update_fields=["blocked", "state", "cause", "ended_at", "wait_seconds"])


def _seconds(start: datetime, end: datetime) -> int:
    return max(int((end - start).total_seconds()), 0)


def _answer(call: Call, event: dict, now: datetime) -> None:
    if call.blocked:  # the caller was turned away; nobody answered
        return
    changed: list[str] = []
    if call.agent_id is None:
        agent = _agent_for(event["users"], event["answering_number"])
        if agent is not None:
            call.agent = agent
            changed.append("agent")
    if event["answering_number"] and not call.answering_number:
        call.answering_number = event["answering_number"]
        changed.append("answering_number")
    if call.answered_at is None:
        if call.state == CallState.ENDED:
            # The answer came after the hang-up. Only a normal end means it was talked.
            ended = call.ended_at or now
            if call.cause in (Cause.NORMAL_CLEARING, ""):
                call.answered_at = ended
                call.wait_seconds = _seconds(call.started_at, ended)
                call.talk_seconds = 0
                changed += ["answered_at", "wait_seconds", "talk_seconds"]
        else:
            call.answered_at = max(now, call.started_at)
            call.wait_seconds = _seconds(call.started_at, call.answered_at)
            call.state = CallState.ANSWERED
            changed += ["answered_at", "wait_seconds", "state"]
    if changed:
        call.save(update_fields=changed)


def _hang_up(call: Call, event: dict, now: datetime) -> None:
    if call.state == CallState.ENDED:
        return
    call.ended_at = max(now, call.answered_at or call.started_at)
    call.cause = event["cause"]
    call.state = CallState.ENDED
    changed = ["ended_at", "cause", "state"]
    if call.answered_at is not None:
        call.talk_seconds = _seconds(call.answered_at, call.ended_at)
        changed.append("talk_seconds")
    else:
        call.wait_seconds = _seconds(call.started_at, call.ended_at)
        changed.append("wait_seconds")
    call.save(update_fields=changed)


# --- who answered ----------------------------------------------------------------------


def _staff() -> Any:
    return User.objects.filter(is_active=True, role__in=STAFF_ROLES)


def _agent_for(users: Iterable[str], answering_number: str) -> User | None:
    """The staff member a ``user`` value names (username, e-mail or full name, in the
    order given), else the one whose extension is ``answering_number``."""
    names = [name for name in users if name]
    if names:
        query = Q()
        for name in names:
            query |= Q(username__iexact=name) | Q(email__iexact=name) | Q(full__iexact=name)
        found = list(
            _staff()
            .annotate(full=Trim(Concat("first_name", Value(" "), "last_name")))
            .filter(query)
        )
        for name in names:
            for user in found:
                wanted = name.casefold()
                full = f"{user.first_name} {user.last_name}".strip().casefold()
                if wanted in (user.username.casefold(), (user.email or "").casefold(), full):
                    return user
    if answering_number:
        extension = (
            Extension.objects.select_related("user")
            .filter(number=answering_number, user__in=_staff())
            .first()
        )
        if extension is not None:
            return extension.user
        return _staff().filter(username__iexact=answering_number).first()
    return None
