"""Rules other apps add to the ticket use cases, run inside the service's transaction on
the locked ticket.

- ``before_resolve(ticket)``: may refuse with ``InvalidInput`` (a required checklist
  is not complete).
- ``before_close(ticket, acting_user)``: may refuse (a complaint whose satisfaction
  follow-up is not done).
- ``after_note(event)``: reacts to an internal note (@mentions notify colleagues).
- ``after_event(event)``: reacts to any timeline event the ticket services write (the
  mail to the contact or the agents is queued in the same transaction).

The functions are named by path so that ``tickets`` does not import the apps that build
on it.
"""

from functools import cache
from importlib import import_module

BEFORE_RESOLVE = ("loket.checklists.services.check_resolvable",)
BEFORE_CLOSE = ("loket.complaints.services.check_closable",)
AFTER_NOTE = ("loket.planning.services.note_added",)
AFTER_EVENT = ("loket.channels.outbound.event_written",)


@cache
def _load(path: str):
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name)


def before_resolve(ticket) -> None:
    for path in BEFORE_RESOLVE:
        _load(path)(ticket)


def before_close(ticket, acting_user) -> None:
    for path in BEFORE_CLOSE:
        _load(path)(ticket, acting_user)


def after_note(event) -> None:
    for path in AFTER_NOTE:
        _load(path)(event)


def after_event(event) -> None:
    for path in AFTER_EVENT:
        _load(path)(event)
