"""Page pagination: ``{"count", "page", "page_size", "results"}``."""

from typing import Any

from django.db.models import QuerySet

from loket.api.schemas import PageParams


def paginate(queryset: QuerySet, params: PageParams) -> dict[str, Any]:
    """One page of ``queryset``; a page past the end is empty, not an error."""
    start = (params.page - 1) * params.page_size
    return {
        "count": queryset.count(),
        "page": params.page,
        "page_size": params.page_size,
        "results": list(queryset[start : start + params.page_size]),
    }
