"""What every server-rendered page shares: a staff-only gate and fragment-or-page rendering."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def allowed_if(may: Callable) -> Callable:
    """Decorate a view so that anonymous users go to the login page and users for whom
    ``may(user)`` is false get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not may(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def render_page(request, template: str, context: dict, *, fragment: str | None = None, status=200):
    """The whole page, or only ``fragment`` of the same template when htmx asks for it."""
    htmx = request.htmx
    if fragment and htmx and not htmx.boosted and not htmx.history_restore_request:
        template = f"{template}#{fragment}"
    response = render(request, template, context, status=status)
    # The same URL answers a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
