"""Log in and out, the language switch, and the start page per role."""

from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from loket.accounts.models import Language


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session["language"] = form.get_user().language
        return response


@require_POST
def logout_view(request):
    auth.logout(request)
    return redirect("login")


@require_POST
def set_language(request):
    """Switch the interface language; a logged-in user keeps it as their preference."""
    language = request.POST.get("language", "")
    if language in Language.values:
        request.session["language"] = language
        if request.user.is_authenticated and request.user.language != language:
            request.user.language = language
            request.user.save(update_fields=["language"])
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return redirect(target)


@login_required
def home(request):
    if request.user.is_staff_member:
        return redirect("tickets:queue")
    return redirect("portal:home")
