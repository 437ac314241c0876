"""Who may read the SLA compliance report: supervisors and admins; nobody else."""

import pytest
from django.urls import reverse

from loket.accounts.models import Team
from loket.sla.access import can_view_sla_report, report_teams

REPORT = reverse("sla:report")
CSV = reverse("sla:report_csv")
ALLOWED = ["sofie", "ad"]
DENIED = ["anna", "bob", "sam", "chris", "camille"]


@pytest.fixture
def everyone(anna, bob, sam, sofie, ad, chris, camille):
    return {u.username: u for u in (anna, bob, sam, sofie, ad, chris, camille)}


@pytest.mark.parametrize("url", [REPORT, CSV])
def test_anonymous_user_is_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ALLOWED)
@pytest.mark.parametrize("url", [REPORT, CSV])
def test_supervisor_and_admin_may_read_the_report(client, everyone, who, url):
    client.force_login(everyone[who])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", DENIED)
@pytest.mark.parametrize("url", [REPORT, CSV])
def test_agents_specialists_and_customers_get_403(client, everyone, who, url):
    client.force_login(everyone[who])
    response = client.get(url, {"start": "2026-01-01", "end": "2026-03-31"})
    assert response.status_code == 403
    assert "SLA compliance" not in response.text


def test_inactive_supervisor_may_not(sofie):
    sofie.is_active = False
    assert not can_view_sla_report(sofie)
    assert not report_teams(sofie).exists()


@pytest.mark.parametrize("who", ALLOWED)
def test_navigation_shows_the_report_to_those_who_may_read_it(client, everyone, who):
    client.force_login(everyone[who])
    assert f'href="{REPORT}"' in client.get(reverse("tickets:queue")).text


@pytest.mark.parametrize("who", ["anna", "bob", "sam"])
def test_navigation_hides_the_report_from_other_staff(client, everyone, who):
    client.force_login(everyone[who])
    response = client.get(reverse("tickets:queue"))
    assert response.status_code == 200
    assert f'href="{REPORT}"' not in response.text


def test_the_nav_link_is_current_on_the_report(client, sofie):
    client.force_login(sofie)
    assert f'href="{REPORT}" accesskey="r"' in client.get(REPORT).text
    assert 'aria-current="page">SLA report</a>' in client.get(REPORT).text


def test_a_supervisor_compares_every_team_not_only_the_one_she_leads(client, sofie, teams):
    """Figures per team are counts, never ticket content: Sofie (lead of Eerstelijn)
    picks any team, inactive ones too."""
    teams["network"].is_active = False
    teams["network"].save(update_fields=["is_active"])
    assert set(report_teams(sofie)) == set(Team.objects.all())
    client.force_login(sofie)
    response = client.get(REPORT, {"team": teams["network"].pk})
    assert response.status_code == 200
    assert f'<option value="{teams["network"].pk}" selected>Netwerk</option>' in response.text
