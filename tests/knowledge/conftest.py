"""Articles ready to use: a draft by Anna, a published public one, a published internal one."""

import pytest

from loket.knowledge import services


def texts(title="Printer prints blank pages", body="Replace the toner.", summary="", lang="nl"):
    return {lang: {"title": title, "summary": summary, "body": body}}


@pytest.fixture
def draft(anna):
    return services.create_article(
        acting_user=anna,
        translations={
            "nl": {
                "title": "Printer drukt lege pagina's af",
                "summary": "Toner vervangen.",
                "body": "Vervang de toner.",
            },
            "en": {
                "title": "Printer prints blank pages",
                "summary": "Replace the toner.",
                "body": "Replace the toner cartridge.",
            },
        },
        tags=["printer"],
    )


@pytest.fixture
def public_article(anna, sofie):
    article = services.create_article(
        acting_user=anna,
        audience="public",
        translations={
            "nl": {
                "title": "Wachtwoord vergeten",
                "summary": "Zo stel je een nieuw wachtwoord in.",
                "body": "Ga naar de aanmeldpagina en kies **Wachtwoord vergeten**.",
            },
            "fr": {
                "title": "Mot de passe oublié",
                "summary": "Voici comment choisir un nouveau mot de passe.",
                "body": "Allez à la page de connexion.",
            },
        },
    )
    return services.publish_article(article, acting_user=sofie)


@pytest.fixture
def internal_article(anna, sofie):
    article = services.create_article(
        acting_user=anna,
        translations={"en": {"title": "VPN gateway restart", "summary": "", "body": "Restart it."}},
    )
    return services.publish_article(article, acting_user=sofie)
