"""Teams, categories and resolution codes that clients need to fill in tickets."""

from loket.accounts.models import Team


def test_agent_lists_active_teams_with_their_kind(api, anna, teams):
    Team.objects.filter(pk=teams["network"].pk).update(is_active=False)
    body = api(anna).get("/teams").json()
    assert {"id": teams["first"].pk, "name": "Eerstelijn", "kind": "first_line"} in body
    assert teams["network"].pk not in [team["id"] for team in body]


def test_customer_gets_no_teams(api, chris, teams):
    assert api(chris).get("/teams").json() == []


def test_it_lists_categories_as_a_flat_tree(api, anna, categories):
    response = api(anna).get("/categories")
    by_id = {c["id"]: c for c in response.json()}
    assert by_id[categories["printing"].pk]["parent"] == categories["hardware"].pk
    assert by_id[categories["hardware"].pk]["parent"] is None


def test_category_names_follow_the_requested_language(api, anna, categories):
    client = api(anna)
    response = client.client.get("/api/v1/categories", HTTP_ACCEPT_LANGUAGE="fr", **client.headers)
    names = {c["id"]: c["name"] for c in response.json()}
    assert names[categories["printing"].pk] == "Impression"


def test_it_lists_resolution_codes(api, anna, resolution_code):
    codes = [code["code"] for code in api(anna).get("/resolution-codes").json()]
    assert "solved" in codes
