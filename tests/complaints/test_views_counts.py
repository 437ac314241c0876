"""The counts page for supervisors and administrators, and its CSV."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.complaints.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(make_ticket, register, anna, contact_a, contact_b, teams, categories):
    now = timezone.now()
    first = make_ticket(
        anna, contact=contact_a, team=teams["first"], assignee=anna, category=categories["printing"]
    )
    second = make_ticket(anna, contact=contact_b, team=teams["first"], assignee=anna)
    late = register(first, now=now - timedelta(days=20)).complaint
    register(second, paraphrase="Le technicien était impoli.", now=now - timedelta(days=1))
    return late


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anna", 403), ("bob", 403), ("sam", 403), ("sofie", 200), ("ad", 200), ("chris", 403)],
)
def test_who_may_see_the_counts(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("complaints:index")).status_code == status
    assert client.get(reverse("complaints:export_csv")).status_code == status


def test_anonymous_visitors_go_to_the_login_page(client, db):
    response = client.get(reverse("complaints:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_page_counts_and_lists_open_complaints_by_deadline(
    client, sofie, two, django_assert_max_num_queries
):
    client.force_login(sofie)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("complaints:index"))
    text = response.text
    assert "Acme Logistics" in text and "Brouwerij Bertem" in text
    assert "Hardware › Printing" in text
    # The overdue one first and highlighted.
    assert text.index("Promised a callback twice") < text.index("Le technicien était impoli.")
    assert 'class="is-overdue"' in text
    assert "overdue by" in text


def test_filters_narrow_the_counts(client, sofie, two, org_b):
    client.force_login(sofie)
    response = client.get(
        reverse("complaints:index"), {"organisation": org_b.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "per month: 1 complaint" in response.text


def test_bad_filters_say_what_is_wrong(client, sofie):
    client.force_login(sofie)
    response = client.get(reverse("complaints:index"), {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 422
    assert "The start date must be on or before the end date." in response.text
    assert client.get(reverse("complaints:index"), {"period": "year"}).status_code == 422


def test_the_csv_downloads(client, ad, two):
    client.force_login(ad)
    response = client.get(reverse("complaints:export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8-sig")
    assert body.splitlines()[0] == "Period start,Period,Organisation,Category,Complaints"
    assert "Acme Logistics,Hardware › Printing,1" in body


def test_the_open_list_shows_only_tickets_the_supervisor_may_open(
    client, sofie, make_ticket, register, bob, teams
):
    from loket.accounts.models import Role
    from loket.accounts.services import add_to_team, create_user

    # Ghent's own lead is told about the complaint; Sofie (who leads another team) is not.
    olga = create_user(username="olga", role=Role.SUPERVISOR, password="pw")
    add_to_team(olga, teams["first_gent"], is_lead=True)
    ticket = make_ticket(bob, team=teams["first_gent"], assignee=bob)
    register(ticket, acting_user=bob, paraphrase="Hidden from Sofie")
    client.force_login(sofie)
    text = client.get(reverse("complaints:index")).text
    assert "Hidden from Sofie" not in text
    # …but it is counted.
    assert Complaint.objects.count() == 1
    assert "per month: 1 complaint" in text
