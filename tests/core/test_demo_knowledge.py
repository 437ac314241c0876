"""The demo's knowledge base, known problems and portal logins (`loket seed-demo`)."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from loket.accounts.models import User
from loket.core.demo.builder import seed_demo
from loket.knowledge.models import Article, ArticleRequest, ArticleTranslation
from loket.knowledge.search import find_articles
from loket.problems.models import KnownProblem, ProblemLink
from loket.problems.services import active_notices
from loket.tickets.models import Ticket


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One demo for the whole module (seeding takes a while), rolled back at the end;
    each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_demo(contacts=20, tickets=150)
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return seeded


def titles(user, text, language, **options):
    return [hit.title for hit in find_articles(user, text, languages=[language], **options).hits]


def test_the_summary_counts_articles_and_problems(demo):
    assert demo.articles == Article.objects.count() >= 20
    assert demo.problems == KnownProblem.objects.count() == 3


def test_articles_exist_in_three_languages_and_customers_find_them(demo):
    languages = Counter(ArticleTranslation.objects.values_list("language", flat=True))
    assert min(languages["nl"], languages["fr"], languages["en"]) >= 15
    customer = User.objects.get(username="customer")
    assert titles(customer, "printer offline", "nl")[0] == "Printer staat offline"
    assert titles(customer, "imprimante hors ligne", "fr")[0] == "L'imprimante est hors ligne"
    assert "VPN will not connect when working from home" in titles(customer, "vpn connect", "en")


def test_customers_do_not_find_internal_or_unpublished_demo_articles(demo):
    customer = User.objects.get(username="customer")
    agent = User.objects.get(username="agent")
    assert titles(customer, "spooler", "nl") == []
    assert titles(agent, "spooler", "nl") == ["Afdrukwachtrij zit vast: spooler herstarten"]
    assert titles(customer, "papierstoring", "nl") == []  # still in review
    assert titles(agent, "papierstoring", "nl")


def test_an_english_only_article_is_read_in_english_from_any_language(demo):
    article = Article.objects.get(translations__title="New employee laptop checklist")
    assert article.translations.count() == 1
    assert article.translation("nl").language == "en"


def test_the_workflow_shows_every_state(demo):
    states = Counter(Article.objects.values_list("status", flat=True))
    assert states["in_review"] == 2
    assert states["draft"] == 1
    assert states["published"] == Article.objects.count() - 3
    assert (
        Article.objects.filter(status="published", published_at__isnull=False).count()
        == (states["published"])
    )
    assert Article.objects.filter(needs_update=True).exclude(needs_update_reason="").count() == 1
    twice = Article.objects.get(version=2)
    assert list(twice.versions.values_list("number", flat=True)) == [2, 1]
    assert twice.versions.get(number=1).content != twice.versions.get(number=2).content
    assert Article.objects.filter(view_count__gt=0, helpful_count__gt=0).count() >= 3
    assert ArticleRequest.objects.count() == 2
    assert not ArticleRequest.objects.exclude(ticket__status__in=["resolved", "closed"]).exists()


def test_a_vpn_outage_is_announced_in_three_languages_with_tickets_linked(demo):
    (notice,) = active_notices()
    assert notice.status == "investigating"
    assert notice.notice("nl").startswith("VPN: trage verbinding sinds de update van dinsdag")
    assert notice.notice("fr").startswith("VPN : connexion lente")
    assert notice.notice("en").startswith("VPN: slow connection")
    assert notice.article.status == "published"
    linked = Ticket.objects.filter(problem_link__problem=notice)
    assert 1 <= linked.count() <= 6
    assert not linked.exclude(category__name_en="VPN and remote work").exists()
    statuses = set(KnownProblem.objects.values_list("status", flat=True))
    assert statuses == {"investigating", "known_error", "resolved"}
    known_error = KnownProblem.objects.get(status="known_error")
    assert known_error.workaround
    assert ProblemLink.objects.filter(problem__status__in=["investigating", "known_error"]).count()


def test_a_demo_ticket_finds_its_article(demo):
    ticket = Ticket.objects.filter(category__name_en="VPN and remote work").first()
    agent = User.objects.get(username="agent")
    language = ticket.contact.language
    text = f"{ticket.subject} {ticket.description}"
    found = titles(agent, text, language, mode="any")
    expected = {
        "nl": "VPN maakt geen verbinding vanop thuiswerk",
        "fr": "Le VPN ne se connecte pas en télétravail",
        "en": "VPN will not connect when working from home",
    }
    assert expected[language] in found[:2]


def test_the_portal_customer_logs_in_and_sees_the_outage(demo, client):
    response = client.post(reverse("login"), {"username": "customer", "password": "customer"})
    assert response.status_code == 302
    page = client.get(reverse("portal:home"))
    assert page.status_code == 200
    assert "VPN: trage verbinding sinds de update van dinsdag" in page.text


def test_one_demo_customer_is_an_organisation_admin(demo):
    admins = User.objects.filter(role="customer", organisation_admin=True)
    assert list(admins.values_list("username", flat=True)) == ["customer2"]


def test_demo_logins_lists_the_portal_logins(demo, settings):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/portal/" in text
    assert "organisation admin" in text
