"""The contact's consent page, opened from the link in the e-mail, without logging in.

The link's secret is the only key. The page shows the consent text in the contact's
language (switchable), "I agree" / "I do not agree", and afterwards how to withdraw.
It shows nothing personal beyond the contact's first name and the ticket number.
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from loket.core.errors import ServiceError
from loket.remote import forms, links, services, wording
from loket.remote.models import Consent, ConsentState

TEMPLATE = "remote/consent.html"
LANGUAGE_NAMES = (("nl", "Nederlands"), ("fr", "Français"), ("en", "English"))


def _client(request) -> dict:
    return {
        "ip": request.META.get("REMOTE_ADDR") or None,
        "user_agent": request.META.get("HTTP_USER_AGENT", ""),
    }


def _language(request, consent: Consent | None) -> str:
    wanted = request.POST.get("lang") or request.GET.get("lang")
    if wanted in wording.LANGUAGES:
        return wanted
    if consent is not None:
        return consent.language
    return (translation.get_language() or "nl")[:2]


def _page(request, token: str, consent: Consent | None, *, error_code: str = "", status=200):
    language = _language(request, consent)
    now = timezone.now()
    state = consent.state(now) if consent is not None else "unknown"
    with translation.override(language):
        text = ""
        if consent is not None:
            if language == consent.language:
                text = consent.text
            else:
                text = wording.render_consent_text(
                    consent.ticket, consent.tool, agent=consent.requested_by, language=language
                )
        context = {
            "token": token,
            "consent": consent,
            "state": state,
            "error_code": error_code,
            "text": text,
            "language": language,
            "languages": LANGUAGE_NAMES,
            "first_name": consent.contact.first_name if consent is not None else "",
            "number": consent.ticket.number if consent is not None else "",
        }
        response = render(request, TEMPLATE, context, status=status)
    # Not "no-referrer": browsers then send "Origin: null" and CSRF refuses the answer.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Content-Language"] = language
    return response


def _status_for(state: str) -> int:
    if state == "unknown":
        return 404
    if state == ConsentState.LINK_EXPIRED:
        return 410
    return 200


def _back(token: str, language: str):
    return redirect(reverse("remote:consent", args=[token]) + f"?lang={language}")


@never_cache
@require_http_methods(["GET", "POST"])
def consent_page(request, token: str):
    consent = links.consent_for_token(token)
    if request.method == "GET" or consent is None:
        state = consent.state(timezone.now()) if consent is not None else "unknown"
        return _page(request, token, consent, status=_status_for(state))
    form = forms.ContactAnswerForm(request.POST)
    language = _language(request, consent)
    if not form.is_valid():
        return _page(request, token, consent, error_code="invalid", status=422)
    answer = (
        links.give_consent_by_link
        if form.cleaned_data["answer"] == "agree"
        else links.refuse_consent_by_link
    )
    try:
        answer(token, language=language, **_client(request))
    except ServiceError as exc:
        consent = links.consent_for_token(token)
        status = 410 if exc.code in ("link_expired", "link_used") else 422
        return _page(request, token, consent, error_code=exc.code, status=status)
    return _back(token, language)


@never_cache
@require_POST
def consent_withdraw(request, token: str):
    consent = links.consent_for_token(token)
    if consent is None:
        return _page(request, token, None, status=404)
    form = forms.ContactWithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.withdraw_consent(consent, via_link_token=token, reason=reason, **_client(request))
    except ServiceError as exc:
        consent = links.consent_for_token(token)
        return _page(request, token, consent, error_code=exc.code, status=422)
    return _back(token, _language(request, consent))
