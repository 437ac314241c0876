"""API: planning and collaboration."""

from ninja import Router

router = Router(tags=["planning"])
