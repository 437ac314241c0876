"""Realistic ticket timelines for the SLA benchmark, from a seeded RNG.

A ticket is created (by e-mail or the portal, or by staff during a call, chat or visit),
picked up, answered, and then goes through a few rounds of work: questions to the
customer that pause the clock until the customer answers (across nights, weekends and
holidays), waits on a third party, calls, internal notes, unsolicited customer replies
that staff answer (next-response cycles); it is resolved, sometimes reopened and
resolved again, and closed a few days later. Creation times fall mostly in office hours
on weekdays; replies come at any time. Nothing is written after ``now``: a timeline
that reaches it stops there, and that ticket is still open.

Pure Python (no Django), so the same timelines feed both ``derive()`` directly and the
database loader.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
HOUR = 3600.0
DAY = 24 * HOUR
STAFF_CHANNELS = ("phone", "chat", "walk_in")
CHANNELS = ("email", "email", "email", "portal", "portal", "phone", "phone", "chat", "walk_in")
PRIORITIES = ("P1",) * 1 + ("P2",) * 3 + ("P3",) * 8 + ("P4",) * 8


@dataclass(slots=True)
class Timeline:
    """One ticket: its fields and its events as (kind, at, author, public, data)."""

    created: float
    channel: str
    priority: str
    staff_id: int
    status: str = "new"
    events: list[tuple[str, float, int | None, bool, dict]] = field(default_factory=list)
    resolved_at: float | None = None
    closed_at: float | None = None
    first_response_at: float | None = None


class TimelineFactory:
    """Timelines for tickets created in [start, end), none of them reaching past ``now``.

    ``staff`` are the ids of staff users, ``customer`` the id of a customer user (who
    writes half of the customer replies; the other half arrive by mail, without author).
    With ``keep_open`` the ticket is never resolved: the open tickets of a live desk.
    """

    def __init__(self, seed: int, now: float, staff: list[int], customer: int | None):
        self.rng = random.Random(seed)
        self.now = now
        self.staff = staff
        self.customer = customer

    # -- moments --------------------------------------------------------------------

    def _office_moment(self, start: float, end: float) -> float:
        """Mostly on a weekday between 08:00 and 17:00 in Brussels; a quarter at any time."""
        rng = self.rng
        ts = rng.uniform(start, end)
        if rng.random() < 0.25:
            return ts
        for _ in range(8):
            local = datetime.fromtimestamp(ts, BRUSSELS)
            if local.weekday() < 5 and 8 <= local.hour < 17:
                return ts
            ts = rng.uniform(start, end)
        return ts

    def _after(self, at: float, mean_hours: float) -> float:
        return at + self.rng.expovariate(1.0 / (mean_hours * HOUR)) + 60.0

    def _customer(self) -> int | None:
        return self.customer if self.rng.random() < 0.5 else None

    # -- events ---------------------------------------------------------------------

    def _add(self, t: Timeline, kind: str, at: float, author, public: bool, data: dict) -> bool:
        """Append an event unless it would lie in the future; False once ``now`` is reached."""
        at = float(int(at))  # whole seconds: what the database gives back is the same
        if at > self.now:
            return False
        if t.events and at < t.events[-1][1]:
            at = t.events[-1][1]
        t.events.append((kind, at, author, public, data))
        return True

    def _status(self, t: Timeline, new: str, at: float, author) -> bool:
        if not self._add(t, "status", at, author, True, _change(t.status, new)):
            return False
        t.status = new
        if new == "resolved":
            t.resolved_at = at
            if t.first_response_at is None:
                t.first_response_at = at
        elif new == "closed":
            t.closed_at = at
        else:
            t.resolved_at = None
        return True

    def _reply(self, t: Timeline, at: float, staff: bool) -> bool:
        author = self.rng.choice(self.staff) if staff else self._customer()
        if not self._add(t, "reply", at, author, True, {}):
            return False
        if staff and t.first_response_at is None:
            t.first_response_at = at
        return True

    # -- a ticket's life --------------------------------------------------------------

    def timeline(self, start: float, end: float, keep_open: bool = False) -> Timeline:
        rng = self.rng
        created = float(int(self._office_moment(start, min(end, self.now))))
        channel = rng.choice(CHANNELS)
        staff = rng.choice(self.staff)
        t = Timeline(
            created=created, channel=channel, priority=rng.choice(PRIORITIES), staff_id=staff
        )
        by_staff = channel in STAFF_CHANNELS
        t.events.append(
            (
                "created",
                created,
                staff if by_staff else self._customer(),
                False,
                {"channel": channel},
            )
        )
        if by_staff:
            t.status = "open"
            t.first_response_at = created
            at = created
        else:
            at = self._after(created, 1.5)
            if not self._add(t, "assignment", at, staff, False, {"to": staff}):
                return t
            if not self._status(t, "open", at, staff):
                return t
            at = self._after(at, 2.0)
            if not self._reply(t, at, staff=True):
                return t
        rounds = rng.choice((0, 1, 1, 2, 2, 3, 4))
        at = self._work(t, at, rounds)
        if at is None or keep_open:
            return t
        at = self._after(at, 4.0)
        if not self._status(t, "resolved", at, staff):
            return t
        if rng.random() < 0.1:  # the customer reports it again
            at = self._after(at, 24.0)
            if not self._reply(t, at, staff=False) or not self._status(t, "open", at, None):
                return t
            at = self._work(t, at, 1)
            if at is None:
                return t
            at = self._after(at, 6.0)
            if not self._status(t, "resolved", at, staff):
                return t
        self._status(t, "closed", at + 3 * DAY, None)
        return t

    def _work(self, t: Timeline, at: float, rounds: int) -> float | None:
        """A few rounds of work; the moment of the last event, None if ``now`` came first."""
        rng = self.rng
        for _ in range(rounds):
            choice = rng.random()
            staff = rng.choice(self.staff)
            if choice < 0.35:  # ask the customer and wait (pauses the clock)
                at = self._after(at, 1.0)
                if not self._reply(t, at, staff=True):
                    return None
                if not self._status(t, "waiting_customer", at, staff):
                    return None
                at = self._after(at, 20.0)
                if not self._reply(t, at, staff=False):
                    return None
                if not self._status(t, "open", at, None):
                    return None
            elif choice < 0.45:  # wait on a supplier
                at = self._after(at, 2.0)
                if not self._status(t, "waiting_third_party", at, staff):
                    return None
                at = self._after(at, 30.0)
                if not self._status(t, "open", at, staff):
                    return None
            elif choice < 0.6:  # a call with the customer
                at = self._after(at, 3.0)
                if not self._add(t, "call", at, staff, False, {"direction": "outbound"}):
                    return None
            elif choice < 0.75:  # an internal note
                at = self._after(at, 2.0)
                if not self._add(t, "note", at, staff, False, {}):
                    return None
            else:  # the customer writes; staff answer (a next-response cycle)
                at = self._after(at, 10.0)
                if not self._reply(t, at, staff=False):
                    return None
                at = self._after(at, 3.0)
                if not self._reply(t, at, staff=True):
                    return None
        return at


def _change(old: str, new: str) -> dict:
    return {"field": "status", "old": old, "new": new}
