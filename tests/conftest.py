"""Shared personas and builders for the whole suite.

Teams: Eerstelijn (first line), Werkplek 2de lijn (second line), Netwerk (specialised).
- anna: agent on Eerstelijn
- bob: agent on a second first-line team (Eerstelijn Gent), who must not see Anna's team
- sam: specialist on Werkplek 2de lijn
- sofie: supervisor, lead of Eerstelijn
- ad: administrator
- chris: customer, contact of organisation A (Acme)
- camille: customer, contact of organisation B (Brouwerij), who must see nothing of A's
All passwords are "pw".
"""

import importlib
import secrets

import pytest
from django.apps import apps as django_apps
from django.utils import translation

from loket.accounts.models import Role, Team, TeamKind
from loket.accounts.services import add_to_team, create_user
from loket.directory.services import create_contact, create_organisation
from loket.sla.models import ConfigRevision, SlaPolicy
from loket.tickets.models import Category, ResolutionCode
from loket.tickets.services import create_ticket

PASSWORD = "pw"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_search_counts():
    """Search keeps large document counts per process for a while; each test starts
    from its own data."""
    from loket.search import engine

    engine._df_cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Assertions use the source (English) texts; a test that wants nl or fr asks for it.

    The site's default is Dutch. Requests leave their language active in the thread, so
    it is reset after every test.
    """
    settings.LANGUAGE_CODE = "en"
    yield
    translation.deactivate()


@pytest.fixture
def teams(db):
    return {
        "first": Team.objects.create(name="Eerstelijn", kind=TeamKind.FIRST_LINE),
        "first_gent": Team.objects.create(name="Eerstelijn Gent", kind=TeamKind.FIRST_LINE),
        "second": Team.objects.create(name="Werkplek 2de lijn", kind=TeamKind.SECOND_LINE),
        "network": Team.objects.create(name="Netwerk", kind=TeamKind.SPECIALISED),
    }


@pytest.fixture
def categories(db):
    hardware = Category.objects.create(name_nl="Hardware", name_fr="Matériel", name_en="Hardware")
    printing = Category.objects.create(
        name_nl="Printen", name_fr="Impression", name_en="Printing", parent=hardware
    )
    account = Category.objects.create(
        name_nl="Account & toegang", name_fr="Compte & accès", name_en="Account & access"
    )
    return {"hardware": hardware, "printing": printing, "account": account}


@pytest.fixture
def org_a(db):
    return create_organisation(name="Acme Logistics", email_domain="acme.example")


@pytest.fixture
def org_b(db):
    return create_organisation(name="Brouwerij Bertem", email_domain="brouwerij.example")


@pytest.fixture
def contact_a(org_a):
    return create_contact(
        first_name="Chris",
        last_name="Claes",
        organisation=org_a,
        emails=["chris@acme.example"],
        phones=["0470 12 34 56"],
        language="nl",
        profile="novice",
    )


@pytest.fixture
def contact_b(org_b):
    return create_contact(
        first_name="Camille",
        last_name="Dubois",
        organisation=org_b,
        emails=["camille@brouwerij.example"],
        phones=["+32 2 555 12 12"],
        language="fr",
    )


@pytest.fixture
def anna(teams):
    user = create_user(username="anna", role=Role.AGENT, password=PASSWORD, first_name="Anna")
    add_to_team(user, teams["first"])
    return user


@pytest.fixture
def bob(teams):
    user = create_user(username="bob", role=Role.AGENT, password=PASSWORD, first_name="Bob")
    add_to_team(user, teams["first_gent"])
    return user


@pytest.fixture
def sam(teams):
    user = create_user(username="sam", role=Role.SPECIALIST, password=PASSWORD, first_name="Sam")
    add_to_team(user, teams["second"])
    return user


@pytest.fixture
def sofie(teams):
    user = create_user(
        username="sofie", role=Role.SUPERVISOR, password=PASSWORD, first_name="Sofie"
    )
    add_to_team(user, teams["first"], is_lead=True)
    return user


@pytest.fixture
def ad(db):
    return create_user(username="ad", role=Role.ADMIN, password=PASSWORD, first_name="Ad")


@pytest.fixture
def chris(contact_a):
    return create_user(username="chris", role=Role.CUSTOMER, password=PASSWORD, contact=contact_a)


@pytest.fixture
def camille(contact_b):
    return create_user(username="camille", role=Role.CUSTOMER, password=PASSWORD, contact=contact_b)


@pytest.fixture
def resolution_code(db):
    return ResolutionCode.objects.get(code="solved")


@pytest.fixture
def make_ticket(db):
    """Build a ticket through the service, as an agent would."""

    def make(acting_user=None, **fields):
        fields.setdefault("subject", "Printer prints blank pages")
        return create_ticket(acting_user=acting_user, **fields)

    return make


@pytest.fixture
def default_policy(transactional_db):
    """The default calendar and policy of migration sla 0002. Transactional tests flush
    the database between them, so data from migrations cannot be taken for granted there."""
    if not SlaPolicy.objects.exists():
        migration = importlib.import_module("loket.sla.migrations.0002_default_calendar_and_policy")
        migration.create(django_apps, None)
    # A new revision, so that no configuration compiled before the flush is reused.
    ConfigRevision.objects.update_or_create(pk=1, defaults={"value": secrets.randbits(62)})
