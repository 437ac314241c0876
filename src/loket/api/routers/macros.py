"""API: canned answers."""

from ninja import Router

router = Router(tags=["macros"])
