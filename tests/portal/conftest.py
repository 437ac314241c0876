"""Portal fixtures: articles of every kind, and Olivia, organisation administrator of
Acme (org A), beside the shared personas (chris of A, camille of B)."""

import pytest

from loket.accounts.models import Role, User
from loket.accounts.services import create_user
from loket.directory.services import create_contact
from loket.knowledge import services as knowledge
from tests.conftest import PASSWORD


def _article(author, *, audience, publish=True, category=None, translations=None):
    article = knowledge.create_article(
        acting_user=author,
        translations=translations
        or {
            "en": {
                "title": "Printer prints blank pages",
                "summary": "Replace the toner cartridge.",
                "body": "Open the **front cover** and replace the toner cartridge.",
            }
        },
        audience=audience,
        category=category,
    )
    if publish:
        article = knowledge.publish_article(article, acting_user=author)
    return article


@pytest.fixture
def public_article(ad, categories):
    return _article(
        ad,
        audience="public",
        category=categories["printing"],
        translations={
            "nl": {
                "title": "Printer drukt lege pagina's af",
                "summary": "Vervang de tonercassette.",
                "body": "Open de **voorklep** en vervang de tonercassette.",
            },
            "en": {
                "title": "Printer prints blank pages",
                "summary": "Replace the toner cartridge.",
                "body": "Open the **front cover** and replace the toner cartridge.",
            },
        },
    )


@pytest.fixture
def internal_article(ad):
    return _article(
        ad,
        audience="internal",
        translations={
            "en": {
                "title": "Printer server restart procedure",
                "summary": "Internal only.",
                "body": "Log in to the printer server with the admin password and restart.",
            }
        },
    )


@pytest.fixture
def draft_article(ad):
    return _article(
        ad,
        audience="public",
        publish=False,
        translations={
            "en": {
                "title": "Printer driver update draft",
                "summary": "Not ready.",
                "body": "Printer driver update steps, still a draft.",
            }
        },
    )


@pytest.fixture
def olivia(org_a):
    """Organisation administrator of Acme: sees every ticket of org A."""
    contact = create_contact(
        first_name="Olivia",
        last_name="Olsen",
        organisation=org_a,
        emails=["olivia@acme.example"],
        language="en",
    )
    user = create_user(
        username="olivia",
        role=Role.CUSTOMER,
        password=PASSWORD,
        contact=contact,
        email="olivia@acme.example",
        language="en",
    )
    # No service sets this yet (an administrator ticks it in the configuration).
    User.objects.filter(pk=user.pk).update(organisation_admin=True)
    user.refresh_from_db()
    return user


@pytest.fixture
def chris_ticket(make_ticket, anna, contact_a):
    return make_ticket(anna, subject="Chris cannot print", contact=contact_a)


@pytest.fixture
def camille_ticket(make_ticket, anna, contact_b):
    return make_ticket(anna, subject="Camille n'imprime pas", contact=contact_b)
