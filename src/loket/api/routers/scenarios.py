"""API: scenarios."""

from ninja import Router

router = Router(tags=["scenarios"])
