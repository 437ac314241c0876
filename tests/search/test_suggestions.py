"""suggest(): what an agent sees while typing a ticket, on a small but realistic desk
(printer, VPN and password tickets; articles in nl/fr/en; known problems)."""

import pytest

from loket.knowledge import services as knowledge
from loket.problems import services as problems
from loket.search.suggestions import suggest
from loket.tickets.services import resolve_ticket


def _article(author, reviewer, translations, *, audience="public", publish=True):
    article = knowledge.create_article(
        acting_user=author, audience=audience, translations=translations
    )
    return knowledge.publish_article(article, acting_user=reviewer) if publish else article


@pytest.fixture
def desk(anna, sofie, teams, categories, contact_a, contact_b, make_ticket, resolution_code):
    """Articles, known problems and earlier tickets as a first-line desk has them."""
    printer = _article(
        anna,
        sofie,
        {
            "nl": {
                "title": "Printer drukt lege pagina's af",
                "summary": "Meestal is de toner leeg of verkeerd geplaatst.",
                "body": "Controleer de tonercassette en vervang ze. Druk daarna een testpagina af.",
            },
            "fr": {
                "title": "L'imprimante imprime des pages blanches",
                "summary": "Le plus souvent, la cartouche de toner est vide.",
                "body": "Vérifiez la cartouche de toner et remplacez-la, puis imprimez une page de test.",
            },
            "en": {
                "title": "Printer prints blank pages",
                "summary": "Usually the toner cartridge is empty or badly seated.",
                "body": "Check the toner cartridge and replace it, then print a test page.",
            },
        },
    )
    password = _article(
        anna,
        sofie,
        {
            "nl": {
                "title": "Wachtwoord vergeten",
                "summary": "Zo stel je zelf een nieuw wachtwoord in.",
                "body": "Ga naar de aanmeldpagina en kies **Wachtwoord vergeten**. Je krijgt een mail.",
            },
            "fr": {
                "title": "Mot de passe oublié",
                "summary": "Voici comment choisir vous-même un nouveau mot de passe.",
                "body": "Allez à la page de connexion et choisissez **Mot de passe oublié**.",
            },
        },
    )
    vpn = _article(
        anna,
        sofie,
        {
            "en": {
                "title": "VPN client cannot connect after a Windows update",
                "summary": "Reinstall the client certificate.",
                "body": "After the update the VPN client loses its certificate. Reinstall it from the portal.",
            }
        },
        audience="internal",
    )
    draft = _article(
        anna,
        sofie,
        {"en": {"title": "Printer jams (draft)", "summary": "", "body": "Printer paper jam."}},
        publish=False,
    )
    outage = problems.create_problem(
        acting_user=sofie,
        title="VPN gateway drops connections",
        symptoms="The VPN connection drops every few minutes; network drives disconnect.",
        cause="A faulty firmware on the VPN gateway.",
        workaround="Connect to the backup gateway vpn2.example.",
        status="known_error",
        public_notice=True,
        notices={"nl": "De VPN valt regelmatig weg.", "en": "The VPN drops now and then."},
    )
    print_server = problems.create_problem(
        acting_user=sofie,
        title="Print server building B offline",
        symptoms="Jobs stay in the queue on the floor printers of building B.",
        categories=[categories["hardware"]],
    )
    solved_problem = problems.create_problem(
        acting_user=sofie, title="Mail outage", symptoms="VPN and mail down.", status="known_error"
    )
    problems.resolve_problem(solved_problem, acting_user=sofie, resolution="Fixed.")

    first = {"team": teams["first"], "assignee": anna}
    blank = make_ticket(
        acting_user=anna,
        subject="Printer prints blank pages",
        description="Every page comes out of the printer blank.",
        contact=contact_a,
        **first,
    )
    resolve_ticket(
        blank,
        resolution="Replaced the toner cartridge; the test page printed fine.",
        code=resolution_code,
        acting_user=anna,
        version=None,
    )
    open_blank = make_ticket(
        acting_user=anna,
        subject="Printer geeft lege bladzijden",
        description="Blank pages from the printer on the second floor.",
        contact=contact_a,
        **first,
    )
    forgot = make_ticket(
        acting_user=anna,
        subject="Wachtwoord vergeten",
        description="Gebruiker kan niet aanmelden, wachtwoord vergeten.",
        contact=contact_a,
        **first,
    )
    resolve_ticket(
        forgot,
        resolution="Wachtwoord gereset via het portaal.",
        code=resolution_code,
        acting_user=anna,
        version=None,
    )
    for subject in (
        "Laptop will not boot",
        "Mailbox is full",
        "Account for a new colleague",
        "Scherm flikkert",
        "Teams crasht bij het opstarten",
    ):
        make_ticket(acting_user=anna, subject=subject, contact=contact_b, **first)
    return {
        "printer": printer,
        "password": password,
        "vpn": vpn,
        "draft": draft,
        "outage": outage,
        "print_server": print_server,
        "solved_problem": solved_problem,
        "blank": blank,
        "open_blank": open_blank,
        "forgot": forgot,
    }


def ids(items):
    return [item.id for item in items]


def test_printer_text_suggests_the_printer_article_and_the_solved_printer_ticket(anna, desk):
    found = suggest(anna, "Printer prints only blank pages since this morning", language="nl")
    assert found.articles[0].id == desk["printer"].pk
    assert found.articles[0].extra["send_language"] == "nl"
    assert found.tickets[0].id == desk["blank"].pk
    assert "toner" in found.tickets[0].extra["resolution"]
    assert found.tickets[0].extra["number"] == desk["blank"].number


def test_a_resolved_ticket_with_its_resolution_comes_before_an_open_one(anna, desk):
    found = suggest(anna, "printer blank pages")
    assert ids(found.tickets)[:2] == [desk["blank"].pk, desk["open_blank"].pk]
    assert found.tickets[1].extra["resolution"] == ""


def test_french_text_finds_the_french_translation(anna, desk):
    found = suggest(anna, "L'imprimante n'imprime que des pages blanches", language="fr")
    assert found.articles[0].id == desk["printer"].pk
    assert found.articles[0].extra["language"] == "fr"
    assert "imprim" in found.articles[0].title.lower()


def test_vpn_text_puts_the_known_vpn_problem_first_with_its_workaround(anna, desk):
    found = suggest(anna, "VPN keeps disconnecting, cannot reach the network drives")
    assert found.problems[0].id == desk["outage"].pk
    assert found.problems[0].extra["workaround"] == "Connect to the backup gateway vpn2.example."
    assert "<mark>" in found.problems[0].snippet
    # Staff get internal articles too.
    assert desk["vpn"].pk in ids(found.articles)
    assert found.articles[ids(found.articles).index(desk["vpn"].pk)].extra["audience"] == "internal"


def test_password_text_in_dutch_finds_the_article_and_the_earlier_ticket(anna, desk):
    found = suggest(anna, "Klant is zijn wachtwoord vergeten", language="fr")
    assert found.articles[0].id == desk["password"].pk
    assert found.articles[0].extra["send_language"] == "fr"
    assert found.tickets[0].id == desk["forgot"].pk
    assert found.tickets[0].extra["resolution"] == "Wachtwoord gereset via het portaal."


def test_active_problems_of_the_category_are_suggested_even_without_matching_words(
    anna, desk, categories
):
    found = suggest(anna, "Scherm blijft zwart na opstarten", category=categories["printing"])
    assert ids(found.problems) == [desk["print_server"].pk]
    assert found.problems[0].extra["by_category"] is True
    assert suggest(anna, "Scherm blijft zwart na opstarten").problems == []


def test_resolved_problems_and_unpublished_articles_are_never_suggested(anna, desk):
    found = suggest(anna, "mail VPN outage printer paper jam draft")
    assert desk["solved_problem"].pk not in ids(found.problems)
    assert desk["draft"].pk not in ids(found.articles)


def test_the_ticket_being_written_is_not_its_own_similar_ticket(anna, desk):
    ticket = desk["open_blank"]
    found = suggest(anna, f"{ticket.subject} {ticket.description}", exclude_ticket=ticket)
    assert ticket.pk not in ids(found.tickets)
    assert desk["blank"].pk in ids(found.tickets)


def test_bob_does_not_get_the_tickets_of_annas_team(bob, desk):
    found = suggest(bob, "Printer prints only blank pages")
    assert found.tickets == []
    assert found.articles[0].id == desk["printer"].pk  # the knowledge base is shared


def test_short_text_and_customers_get_nothing(anna, chris, desk):
    assert not suggest(anna, "pr")
    assert not suggest(anna, "  a  b ")
    assert not suggest(chris, "Printer prints blank pages")


@pytest.mark.parametrize("extra_tickets", [0, 15])
def test_a_suggestion_takes_a_fixed_number_of_queries(
    anna, desk, make_ticket, teams, extra_tickets, django_assert_max_num_queries
):
    for i in range(extra_tickets):
        make_ticket(
            acting_user=anna, team=teams["first"], assignee=anna, subject=f"Printer blank {i}"
        )
    suggest(anna, "warm up the frequency cache")
    # Articles 5 (frequencies, ranking, entries, articles, their languages), tickets 5
    # (frequencies, ranking, entries, Anna's teams, the visible tickets), problems 4
    # (frequencies, ranking, entries, the problems).
    with django_assert_max_num_queries(11):
        found = suggest(anna, "Printer prints blank pages, VPN drops", language="nl")
    assert found.articles and found.tickets and found.problems
