"""JSON bodies for the API's own 405 answers, which django-ninja sends as plain text."""

from django.http import JsonResponse
from django.utils.translation import gettext as _


class JsonMethodNotAllowedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and request.path.startswith("/api/"):
            allowed = response.headers.get("Allow", "")
            json = JsonResponse(
                {
                    "detail": _("Method %(method)s is not allowed here.")
                    % {"method": request.method},
                    "code": "method_not_allowed",
                },
                status=405,
            )
            if allowed:
                json.headers["Allow"] = allowed
            return json
        return response
