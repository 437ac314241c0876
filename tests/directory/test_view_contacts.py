"""Contact pages: list and search, history, create and edit through the services."""

import pytest
from django.urls import reverse

from loket.directory.models import Contact

CONTACTS = reverse("directory:contacts")
CREATE = reverse("directory:contact_create")


@pytest.fixture
def anna_client(client, anna):
    client.force_login(anna)
    return client


def test_list_searches_by_phone_in_any_notation(anna_client, contact_a, contact_b):
    text = anna_client.get(CONTACTS, {"q": "+32 470 123456"}).text
    assert "Chris Claes" in text and "Camille Dubois" not in text


def test_list_search_fragment_for_htmx(anna_client, contact_a):
    response = anna_client.get(CONTACTS, {"q": "Claes"}, headers={"HX-Request": "true"})
    assert "Chris Claes" in response.text and "<html" not in response.text


def test_customer_gets_no_directory(client, chris, contact_a):
    client.force_login(chris)
    assert client.get(CONTACTS).status_code == 403
    assert client.get(reverse("directory:contact", args=[contact_a.pk])).status_code == 403


def test_contact_page_shows_history(anna_client, anna, contact_a, make_ticket):
    make_ticket(acting_user=anna, subject="Mail bounces", contact=contact_a)
    text = anna_client.get(reverse("directory:contact", args=[contact_a.pk])).text
    assert "Mail bounces" in text
    assert "+32 470 12 34 56" in text
    assert f"?contact={contact_a.pk}" in text


def test_contact_history_hides_tickets_the_agent_may_not_see(
    anna_client, contact_a, teams, make_ticket
):
    make_ticket(subject="Secret network thing", contact=contact_a, team=teams["network"])
    text = anna_client.get(reverse("directory:contact", args=[contact_a.pk])).text
    assert "Secret network thing" not in text


def test_unknown_contact_is_404(anna_client):
    assert anna_client.get(reverse("directory:contact", args=[999999])).status_code == 404


def test_create_contact_normalises_phone(anna_client, org_a):
    data = {
        "first_name": "Jo",
        "last_name": "Janssens",
        "organisation": org_a.pk,
        "phones": "0472 00 11 22, 02 555 12 13",
        "emails": "JO@acme.example",
        "language": "fr",
        "profile": "sysadmin",
    }
    response = anna_client.post(CREATE, data)
    contact = Contact.objects.get(last_name="Janssens")
    assert response.status_code == 302
    assert sorted(p.number for p in contact.phones.all()) == ["+3225551213", "+32472001122"]
    assert contact.emails.get().address == "jo@acme.example"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"last_name": "X", "phones": "123", "language": "nl", "profile": "novice"},
            "is not a valid phone number",
        ),
        (
            {"last_name": "X", "emails": "not-an-email", "language": "nl", "profile": "novice"},
            "is not a valid e-mail address",
        ),
        ({"last_name": "", "language": "nl", "profile": "novice"}, "errorlist"),
        ({"last_name": "X", "language": "xx", "profile": "novice"}, "errorlist"),
        (
            {"last_name": "X", "language": "nl", "profile": "novice", "organisation": "abc"},
            "errorlist",
        ),
    ],
)
def test_bad_contact_input_is_shown_not_a_500(anna_client, data, message):
    response = anna_client.post(CREATE, data)
    assert response.status_code == 422
    assert message in response.text


def test_edit_contact_keeps_and_changes_phones(anna_client, contact_a):
    url = reverse("directory:contact_edit", args=[contact_a.pk])
    form = anna_client.get(url).text
    assert "+32470123456" in form
    data = {
        "first_name": "Chris",
        "last_name": "Claes-Peeters",
        "phones": "0470 12 34 56",
        "emails": "chris@acme.example",
        "language": "en",
        "profile": "experienced",
    }
    assert anna_client.post(url, data).status_code == 302
    contact_a.refresh_from_db()
    assert contact_a.last_name == "Claes-Peeters" and contact_a.language == "en"


@pytest.mark.parametrize("count", [2, 30])
def test_contact_pages_query_count_does_not_grow(
    anna_client, anna, contact_a, make_ticket, count, django_assert_max_num_queries
):
    for i in range(count):
        make_ticket(acting_user=anna, subject=f"History {i}", contact=contact_a)
    with django_assert_max_num_queries(10):
        assert anna_client.get(reverse("directory:contact", args=[contact_a.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert anna_client.get(CONTACTS, {"q": "Claes"}).status_code == 200
    with django_assert_max_num_queries(11):
        url = reverse("directory:organisation", args=[contact_a.organisation_id])
        assert anna_client.get(url).status_code == 200
