"""Health check, bearer-token authentication and the published OpenAPI document."""

from unittest import mock

from django.db import DatabaseError
from django.test import Client

from loket.accounts.models import ApiToken
from loket.accounts.services import issue_token, revoke_token


def test_health_answers_ok_without_a_token(db):
    response = Client().get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_answers_503_when_the_database_does_not(db):
    with mock.patch("loket.api.api.connection") as connection:
        connection.cursor.side_effect = DatabaseError("gone")
        response = Client().get("/api/v1/health")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_it_refuses_a_request_without_a_token(api, anna):
    response = api(None).get("/tickets")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_refuses_a_wrong_token(db):
    response = Client().get("/api/v1/tickets", HTTP_AUTHORIZATION="Bearer lkt_nonsense")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_it_refuses_another_auth_scheme(anna):
    token = issue_token(anna)
    response = Client().get("/api/v1/tickets", HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code == 401


def test_it_refuses_a_revoked_token(anna):
    token = issue_token(anna)
    revoke_token(ApiToken.objects.get(user=anna))
    response = Client().get("/api/v1/tickets", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(anna):
    token = issue_token(anna)
    anna.is_active = False
    anna.save(update_fields=["is_active"])
    response = Client().get("/api/v1/tickets", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_it_accepts_a_valid_token(api, anna):
    assert api(anna).get("/tickets").status_code == 200


def test_it_publishes_the_openapi_document(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Loket API"
    assert "/api/v1/tickets/{key}/escalate" in schema["paths"]
    assert schema["paths"]["/api/v1/tickets"]["get"]["operationId"] == "list_tickets"


def test_it_serves_the_interactive_docs(db):
    assert Client().get("/api/v1/docs").status_code == 200


def test_an_unknown_ticket_is_a_json_404(api, anna):
    response = api(anna).get("/tickets/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": response.json()["detail"], "code": "not_found"}


def test_an_unknown_endpoint_is_a_json_404(api, anna):
    for path in ["/nope", "/tickets/1/nope", "/contacts/1/history/extra"]:
        response = api(anna).get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"


def test_a_wrong_method_gets_a_json_405_with_allow(client):
    response = client.delete("/api/v1/health")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]
