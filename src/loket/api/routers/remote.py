"""API: remote sessions."""

from ninja import Router

router = Router(tags=["remote"])
