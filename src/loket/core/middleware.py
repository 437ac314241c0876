"""Activate the logged-in user's interface language."""

from django.utils import translation


class UserLanguageMiddleware:
    """Use the user's saved language; the session (language switch) or browser otherwise.

    Runs after the session middleware and before authentication, so it reads the user
    lazily from the request when the view runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.session.get("language") or translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
