"""Logging in, the start page per role, and the role-aware navigation."""

from django.urls import reverse


def test_agent_lands_on_the_queues(client, anna):
    response = client.post(reverse("login"), {"username": "anna", "password": "pw"})
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("tickets:queue")


def test_wrong_password_shows_an_error(client, anna):
    response = client.post(reverse("login"), {"username": "anna", "password": "nope"})
    assert response.status_code == 200
    assert 'role="alert"' in response.text


def test_navigation_has_new_call_accesskey(client, anna):
    client.force_login(anna)
    text = client.get(reverse("tickets:queue")).text
    assert 'accesskey="n"' in text
    assert reverse("tickets:new_call") in text


def test_customer_sees_no_agent_navigation(client, chris):
    client.force_login(chris)
    text = client.get(reverse("home")).text
    assert reverse("tickets:new_call") not in text
