"""An API client per persona: ``api(anna).get("/tickets")`` sends Anna's token."""

import json

import pytest
from django.test import Client

from loket.accounts.services import issue_token

PREFIX = "/api/v1"


class ApiClient:
    """JSON requests to the API with one user's bearer token."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, path, params=None):
        return self.client.get(PREFIX + path, params or {}, **self.headers)

    def post(self, path, data=None, **extra):
        body = "" if data is None else json.dumps(data)
        return self.client.post(
            PREFIX + path, body, content_type="application/json", **self.headers, **extra
        )

    def patch(self, path, data):
        return self.client.patch(
            PREFIX + path, json.dumps(data), content_type="application/json", **self.headers
        )

    def upload(self, path, data):
        return self.client.post(PREFIX + path, data, **self.headers)

    def raw(self, method, path, body, content_type="application/json"):
        return getattr(self.client, method)(
            PREFIX + path, body, content_type=content_type, **self.headers
        )


@pytest.fixture
def api(db):
    """``api(user)`` is a client for ``user``; ``api(None)`` sends no token."""

    def make(user):
        return ApiClient(issue_token(user) if user is not None else None)

    return make


@pytest.fixture
def everyone(anna, bob, sam, sofie, ad, chris, camille):
    return {
        "anna": anna,
        "bob": bob,
        "sam": sam,
        "sofie": sofie,
        "ad": ad,
        "chris": chris,
        "camille": camille,
    }
