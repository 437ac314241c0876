"""Which scenarios are suggested for a ticket: by its category (or a parent category),
then by keywords in its text; only active scenarios with a published version."""

import pytest

from loket.scenarios.services import suggest_scenarios

pytestmark = pytest.mark.django_db


@pytest.fixture
def wifi(make_scenario, tree):
    return make_scenario(tree, title_nl="Geen wifi", keywords="wifi, draadloos netwerk, réseau")


@pytest.fixture
def password(make_scenario, tree, categories):
    return make_scenario(
        tree,
        title_nl="Wachtwoord vergeten",
        categories=[categories["account"]],
        keywords="wachtwoord",
    )


def test_the_category_and_its_parents_suggest_a_scenario(scenario, wifi, password, categories):
    # The printer scenario is attached to Hardware, the parent of Printing.
    assert suggest_scenarios(category=categories["printing"]) == [scenario]
    assert suggest_scenarios(category=categories["account"].pk) == [password]


@pytest.mark.parametrize(
    "text",
    [
        "Mijn WIFI doet het niet",
        "Le réseau ne marche pas",
        "Geen draadloos netwerken meer",  # stems: netwerken → netwerk
        "le RESEAU est lent",  # accents and case ignored
    ],
)
def test_keywords_in_the_text_suggest_a_scenario(wifi, password, text):
    assert suggest_scenarios(text=text) == [wifi]


def test_category_matches_come_first(scenario, wifi, password, categories):
    found = suggest_scenarios(category=categories["account"], text="wifi en wachtwoord")

    assert found == [password, wifi]


def test_only_active_published_scenarios_are_suggested(make_scenario, tree, scenario, categories):
    make_scenario(tree, title_nl="Concept", publish=False, categories=[categories["hardware"]])
    make_scenario(tree, title_nl="Oud", is_active=False, categories=[categories["hardware"]])

    assert suggest_scenarios(category=categories["hardware"], text="printer") == [scenario]


def test_nothing_matches_nothing(scenario, wifi):
    assert suggest_scenarios() == []
    assert suggest_scenarios(text="Vraag over mijn factuur") == []


def test_the_limit_is_kept(make_scenario, tree):
    for n in range(4):
        make_scenario(tree, title_nl=f"Wifi {n}", keywords="wifi")

    assert len(suggest_scenarios(text="wifi", limit=3)) == 3


def test_suggesting_takes_few_queries(
    django_assert_max_num_queries, scenario, wifi, password, categories
):
    with django_assert_max_num_queries(4):
        suggest_scenarios(category=categories["printing"], text="wifi printer")
