"""Builders shared by the scenario runner tests: a published printer scenario whose tree
has every kind of step, and a way to make others.

Published versions are made directly (the editor's ``authoring`` publishes them in the
product); the runner only needs a scenario whose ``current_version`` is published.
"""

import pytest
from django.utils import timezone

from loket.scenarios.models import Scenario, ScenarioVersion


def texts(nl, fr=None, en=None):
    return {"nl": nl, "fr": fr or f"{nl} (fr)", "en": en or f"{nl} (en)"}


def printer_tree(*, second_line_team_id, printing_category_id):
    """Printer does not print: a question, an instruction with texts to read, a check,
    and actions that set fields, resolve, escalate and plan a callback."""
    return {
        "start": "printer-on",
        "steps": [
            {
                "id": "printer-on",
                "kind": "question",
                "title": texts(
                    "Staat de printer aan?", "L'imprimante est-elle allumée ?", "Is the printer on?"
                ),
                "say": texts(
                    "Brandt er een lampje?", "Un voyant est-il allumé ?", "Is a light on?"
                ),
                "options": [
                    {"id": "yes", "label": texts("Ja", "Oui", "Yes"), "next": "paper"},
                    {"id": "no", "label": texts("Nee", "Non", "No"), "next": "switch-on"},
                ],
            },
            {
                "id": "switch-on",
                "kind": "instruction",
                "title": texts(
                    "Laat de printer aanzetten", "Faire allumer", "Have the printer switched on"
                ),
                "text": texts("Wacht tot het lampje groen is.", en="Wait for the green light."),
                "say": {
                    **texts(
                        "Druk op de aan-knop.", "Appuyez sur le bouton.", "Press the power button."
                    ),
                    "novice": {
                        "nl": "Zoek de ronde knop met het streepje en druk erop.",
                        "en": "Find the round button with the line and press it.",
                    },
                },
                "next": "paper",
            },
            {
                "id": "paper",
                "kind": "check",
                "title": texts("Testpagina afdrukken", "Page de test", "Print a test page"),
                "outcomes": {
                    "pass": "classify",
                    "fail": "to-second-line",
                    "not_possible": "call-back",
                },
            },
            {
                "id": "classify",
                "kind": "action",
                "title": texts("Classificeren", "Classer", "Classify"),
                "action": {
                    "type": "set_fields",
                    "category": printing_category_id,
                    "priority": "P3",
                    "ticket_type": "incident",
                },
                "next": "solved",
            },
            {
                "id": "solved",
                "kind": "action",
                "title": texts("Oplossen", "Résoudre", "Resolve"),
                "action": {
                    "type": "resolve",
                    "code": "solved",
                    "resolution": texts(
                        "De printer drukt weer af.",
                        "L'imprimante imprime à nouveau.",
                        "The printer prints again.",
                    ),
                },
            },
            {
                "id": "to-second-line",
                "kind": "action",
                "title": texts("Naar tweede lijn", "Vers la deuxième ligne", "To second line"),
                "action": {
                    "type": "escalate",
                    "team": second_line_team_id,
                    "reason": texts(
                        "Testpagina mislukt", "Page de test échouée", "Test page failed"
                    ),
                },
            },
            {
                "id": "call-back",
                "kind": "action",
                "title": texts("Terugbellen", "Rappeler", "Call back"),
                "action": {
                    "type": "callback",
                    "in_minutes": 30,
                    "note": texts("Testpagina proberen"),
                },
            },
        ],
    }


@pytest.fixture
def make_scenario(db, sofie):
    """``make_scenario(tree, **fields)``: an active scenario with ``tree`` published as
    version 1 (``publish=False``: only a draft)."""

    def make(tree, *, owner=None, categories=(), keywords="", publish=True, **fields):
        now = timezone.now()
        owner = owner or sofie
        fields.setdefault("title_nl", "Printer drukt niet af")
        fields.setdefault("title_fr", "L'imprimante n'imprime pas")
        fields.setdefault("title_en", "Printer does not print")
        scenario = Scenario.objects.create(
            owner=owner, keywords=keywords, created_at=now, updated_at=now, **fields
        )
        scenario.categories.set(list(categories))
        status = "published" if publish else "draft"
        version = ScenarioVersion.objects.create(
            scenario=scenario,
            number=1,
            status=status,
            tree=tree,
            created_by=owner,
            created_at=now,
            published_by=owner if publish else None,
            published_at=now if publish else None,
        )
        if publish:
            scenario.current_version = version
            scenario.save(update_fields=["current_version"])
        return scenario

    return make


def publish_new_version(scenario, tree, *, by):
    """Publish ``tree`` as the scenario's next version (what the editor does)."""
    now = timezone.now()
    number = scenario.versions.count() + 1
    scenario.versions.filter(status="published").update(status="retired")
    version = ScenarioVersion.objects.create(
        scenario=scenario,
        number=number,
        status="published",
        tree=tree,
        created_by=by,
        created_at=now,
        published_by=by,
        published_at=now,
    )
    scenario.current_version = version
    scenario.save(update_fields=["current_version"])
    return version


@pytest.fixture
def tree(teams, categories):
    return printer_tree(
        second_line_team_id=teams["second"].pk, printing_category_id=categories["printing"].pk
    )


@pytest.fixture
def scenario(make_scenario, tree, categories):
    return make_scenario(tree, categories=[categories["hardware"]], keywords="printer, afdrukken")


@pytest.fixture
def ticket(make_ticket, anna, teams, contact_a):
    """Anna's open ticket from Chris (Dutch, novice)."""
    return make_ticket(
        anna,
        subject="Printer prints blank pages",
        team=teams["first"],
        assignee=anna,
        contact=contact_a,
    )


@pytest.fixture
def api(db):
    """``api(user)``: a JSON client with the user's token (``api(None)``: none)."""
    from loket.accounts.services import issue_token
    from tests.api.conftest import ApiClient

    def make(user):
        return ApiClient(issue_token(user) if user is not None else None)

    return make
