"""The interface in Dutch and French: complete catalogs, compiled, and used by pages and API."""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import reverse

import loket
from loket.accounts.services import issue_token

LOCALE = Path(loket.__file__).parent / "locale"
TRANSLATED = ("nl", "fr")
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]|%[sdif]|\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (header left out), with their flags; obsolete ones skipped."""
    entries: list[Entry] = []
    entry, target = Entry(), None

    def finish():
        nonlocal entry, target
        if entry.msgid or entry.msgid_plural:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            if target is not None:
                finish()
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            if target is not None and not line.startswith("#~"):
                finish()
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if target[0] == "msgstr":
                entry.msgstr[target[1]] += text
            else:
                setattr(entry, target[0], (getattr(entry, target[0]) or "") + text)
        else:
            keyword, _, value = line.partition(" ")
            text = ast.literal_eval(value)
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                target = ("msgstr", index)
                entry.msgstr[index] = text
            else:
                if keyword == "msgid":
                    entry.line = number
                target = (keyword, None)
                setattr(entry, keyword, text)
    finish()
    return entries


def catalog(language: str) -> list[Entry]:
    return read_po(LOCALE / language / "LC_MESSAGES" / "django.po")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", [*TRANSLATED, "en"])
def test_each_language_has_a_catalog_and_its_compiled_file(language):
    assert (LOCALE / language / "LC_MESSAGES" / "django.po").is_file()
    assert (LOCALE / language / "LC_MESSAGES" / "django.mo").is_file()
    assert len(catalog(language)) > 300


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    problems = []
    for entry in catalog(language):
        if "fuzzy" in entry.flags:
            problems.append(f"line {entry.line}: fuzzy: {entry.msgid!r}")
        if not entry.msgstr or not all(entry.msgstr.values()):
            problems.append(f"line {entry.line}: untranslated: {entry.msgid!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders(language):
    problems = []
    for entry in catalog(language):
        for index, text in entry.msgstr.items():
            source = entry.msgid_plural if entry.msgid_plural and index > 0 else entry.msgid
            if placeholders(text) != placeholders(source):
                problems.append(f"line {entry.line}: {source!r} → {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", [*TRANSLATED, "en"])
def test_compiled_catalog_matches_the_po_file(language):
    """The committed .mo is compiled from the current .po: run `make messages` otherwise."""
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = [entry for entry in catalog(language) if all(entry.msgstr.values())]
    for entry in entries:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr.items():
                assert compiled._catalog.get((key, index)) == text, entry.msgid
        else:
            assert compiled._catalog.get(key) == entry.msgstr[0], entry.msgid
    in_mo = {key[0] if isinstance(key, tuple) else key for key in compiled._catalog} - {""}
    in_po = {
        f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid for entry in entries
    }
    assert in_mo == in_po, "the .mo holds messages the .po no longer has"


PAGES = {
    "nl": {
        "login": ["Aanmelden", "Gebruikersnaam", "Wachtwoord"],
        "queue": ["Afmelden", "Wachtrijen", "Nieuwe oproep", "Mijn tickets", "Wachten op klant"],
        "new_call": ["Afmelden", "Beller zoeken", "Oplossen bij eerste contact", "Aanmaken"],
    },
    "fr": {
        "login": ["Se connecter", "Nom d’utilisateur", "Mot de passe"],
        "queue": [
            "Se déconnecter",
            "Files d’attente",
            "Nouvel appel",
            "Mes tickets",
            "En attente du client",
        ],
        "new_call": ["Se déconnecter", "Trouver l’appelant", "Résoudre au premier contact"],
    },
}
URLS = {"login": "login", "queue": "tickets:queue", "new_call": "tickets:new_call"}


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("page", list(URLS))
def test_pages_are_shown_in_the_browser_language(client, anna, language, page):
    if page != "login":
        client.force_login(anna)
    response = client.get(reverse(URLS[page]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text
    for text in PAGES[language][page]:
        assert text in response.text, text
    assert "Log out" not in response.text
    assert "Select an option" not in response.text  # Django's own label has no Dutch


def test_logging_in_switches_to_the_users_language(client, anna):
    anna.language = "fr"
    anna.save(update_fields=["language"])
    client.post(reverse("login"), {"username": "anna", "password": "pw"})
    response = client.get(reverse("tickets:queue"), HTTP_ACCEPT_LANGUAGE="nl")
    assert "Se déconnecter" in response.text
    assert response["Content-Language"] == "fr"


def test_the_language_switch_changes_the_interface(client, anna):
    client.force_login(anna)
    client.post(reverse("set_language"), {"language": "nl", "next": "/tickets/"})
    assert "Afmelden" in client.get(reverse("tickets:queue")).text
    anna.refresh_from_db()
    assert anna.language == "nl"


def test_not_found_page_is_translated(client, anna):
    client.force_login(anna)
    response = client.get("/tickets/2026-999999/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert "Page introuvable" in response.text


def api_get(client, user, path, **headers):
    token = issue_token(user)
    return client.get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {token}", **headers)


def test_api_errors_follow_the_token_users_language(client, anna):
    anna.language = "fr"
    anna.save(update_fields=["language"])
    response = api_get(client, anna, "/tickets/2026-999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Introuvable.", "code": "not_found"}
    assert response["Content-Language"] == "fr"


def test_api_accept_language_wins_over_the_users_language(client, anna):
    anna.language = "fr"
    anna.save(update_fields=["language"])
    response = api_get(client, anna, "/tickets/2026-999999", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.json()["detail"] == "Niet gevonden."


def test_api_validation_message_is_translated(client, anna):
    anna.language = "fr"
    anna.save(update_fields=["language"])
    token = issue_token(anna)
    response = client.post(
        "/api/v1/tickets",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
    assert (
        response.json()["detail"]
        == "Le corps de la requête est illisible ; envoyez du JSON valide."
    )
