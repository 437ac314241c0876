"""Logging in with a one-time link sent by e-mail."""

from django.contrib import auth
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from loket.core.errors import ServiceError
from loket.portal import forms, services


@require_http_methods(["GET", "POST"])
def magic_link(request):
    """Ask for a login link. The answer is the same whether or not the address is
    known, so the page tells nobody who has an account."""
    if request.method == "POST":
        form = forms.MagicLinkForm(request.POST)
        if form.is_valid():
            services.request_login_link(
                form.cleaned_data["email"],
                link_for=lambda raw: request.build_absolute_uri(
                    reverse("portal:magic_login", args=[raw])
                ),
            )
            return render(request, "portal/magic_link.html", {"sent": True})
    else:
        form = forms.MagicLinkForm()
    status = 422 if form.is_bound else 200
    return render(request, "portal/magic_link.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def magic_login(request, token: str):
    """Opening the link shows a button; only pressing it uses the link up, so that mail
    scanners that open links do not spend it."""
    if request.method == "POST":
        try:
            user = services.redeem_login_link(token)
        except ServiceError as exc:
            context = {"valid": False, "error": exc.message}
            return render(request, "portal/magic_login.html", context, status=410)
        auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session["language"] = user.language
        return redirect("portal:home")
    valid = services.login_link_is_valid(token)
    return render(
        request, "portal/magic_login.html", {"valid": valid}, status=200 if valid else 410
    )
