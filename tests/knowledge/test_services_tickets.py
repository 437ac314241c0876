"""Articles on tickets: sent to the customer in their language, linked, written from a
resolved ticket, requested; feedback, views and deflections."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, override

from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.knowledge import services, usage
from loket.knowledge.models import ArticleFeedback, ArticleRequest, ArticleStatus, Deflection
from loket.tickets.models import EventKind
from loket.tickets.services import resolve_ticket


@pytest.fixture
def chris_ticket(anna, teams, contact_a, make_ticket):
    return make_ticket(
        acting_user=anna,
        team=teams["first"],
        contact=contact_a,
        subject="Wachtwoord kwijt",
        description="Ik kan niet meer aanmelden.",
    )


@pytest.fixture
def camille_ticket(anna, teams, contact_b, make_ticket):
    return make_ticket(
        acting_user=anna, team=teams["first"], contact=contact_b, subject="Mot de passe"
    )


def test_sending_an_article_to_chris_replies_in_dutch(anna, chris_ticket, public_article):
    event = usage.send_article_to_customer(chris_ticket, public_article, acting_user=anna)
    assert event.kind == EventKind.REPLY and event.is_public
    assert event.body.startswith("Wachtwoord vergeten\n\nZo stel je een nieuw wachtwoord in.")
    assert f"/portal/kb/{public_article.pk}/?lang=nl" in event.body
    link = f"{settings.SITE_URL}/portal/kb/{public_article.pk}/?lang=nl"
    with override("nl"):
        assert event.body.endswith(gettext("Read the article: %(link)s") % {"link": link})
    use = public_article.uses.get()
    assert (use.kind, use.ticket, use.user) == ("sent", chris_ticket, anna)
    public_article.refresh_from_db()
    assert public_article.last_used_at == event.created_at


def test_sending_an_article_to_camille_replies_in_french(anna, camille_ticket, public_article):
    event = usage.send_article_to_customer(camille_ticket, public_article, acting_user=anna)
    assert event.body.startswith("Mot de passe oublié\n\nVoici comment")
    assert "?lang=fr" in event.body


def test_a_missing_language_falls_back_to_dutch_then_french_then_english(
    anna, sofie, camille_ticket
):
    article = services.create_article(
        acting_user=anna,
        audience="public",
        translations={"en": {"title": "VPN", "body": "x"}, "nl": {"title": "VPN nl", "body": "y"}},
    )
    services.publish_article(article, acting_user=sofie)
    assert article.translation("fr").title == "VPN nl"
    assert article.translation("de").title == "VPN nl"
    event = usage.send_article_to_customer(camille_ticket, article, acting_user=anna)
    assert event.body.startswith("VPN nl")
    assert "?lang=fr" in event.body


def test_only_published_public_articles_are_sent(anna, chris_ticket, draft, internal_article):
    for article in (draft, internal_article):
        with pytest.raises(InvalidInput):
            usage.send_article_to_customer(chris_ticket, article, acting_user=anna)
    assert not chris_ticket.events.filter(kind=EventKind.REPLY).exists()


def test_customers_cannot_send_articles(chris, chris_ticket, public_article):
    with pytest.raises(PermissionDenied):
        usage.send_article_to_customer(chris_ticket, public_article, acting_user=chris)


def test_linking_an_article_writes_an_internal_link_event_once(anna, chris_ticket, draft):
    usage.link_article(chris_ticket, draft, acting_user=anna)
    usage.link_article(chris_ticket, draft, acting_user=anna)
    event = chris_ticket.events.get(kind=EventKind.LINK)
    assert event.data == {"article": draft.pk} and not event.is_public
    assert draft.uses.filter(kind="linked").count() == 1


@pytest.fixture
def resolved_ticket(anna, chris_ticket, resolution_code):
    return resolve_ticket(
        chris_ticket,
        resolution="Wachtwoord opnieuw ingesteld via de portal.",
        code=resolution_code,
        acting_user=anna,
        version=None,
    )


def test_a_draft_from_a_resolved_ticket_has_symptoms_and_solution(anna, resolved_ticket):
    article = usage.draft_from_ticket(resolved_ticket, acting_user=anna)
    assert article.status == ArticleStatus.DRAFT
    assert article.source_ticket == resolved_ticket
    text = article.translation("nl")
    assert text.language == "nl" and text.title == "Wachtwoord kwijt"
    assert "Ik kan niet meer aanmelden." in text.body
    assert "Wachtwoord opnieuw ingesteld via de portal." in text.body
    assert text.body.index("Ik kan niet") < text.body.index("Wachtwoord opnieuw")
    assert article.uses.get().kind == "created_from"


def test_a_draft_from_camilles_ticket_is_in_french(anna, camille_ticket, resolution_code):
    resolve_ticket(
        camille_ticket,
        resolution="Réinitialisé.",
        code=resolution_code,
        acting_user=anna,
        version=None,
    )
    article = usage.draft_from_ticket(camille_ticket, acting_user=anna)
    assert [t.language for t in article.translations.all()] == ["fr"]


def test_an_open_ticket_does_not_become_an_article(anna, chris_ticket):
    with pytest.raises(TransitionNotAllowed):
        usage.draft_from_ticket(chris_ticket, acting_user=anna)


def test_requesting_an_article_is_idempotent_and_fulfilled_by_the_draft(anna, bob, resolved_ticket):
    first = usage.request_article(resolved_ticket, acting_user=anna, reason="Komt vaak voor")
    again = usage.request_article(resolved_ticket, acting_user=bob, reason="Again")
    assert first.pk == again.pk and again.reason == "Komt vaak voor"
    article = usage.draft_from_ticket(resolved_ticket, acting_user=anna)
    assert ArticleRequest.objects.get().article == article


def test_feedback_and_views_are_counted(chris, public_article):
    usage.record_view(public_article)
    usage.record_view(public_article)
    usage.record_feedback(public_article, helpful=True, language="nl", user=chris)
    usage.record_feedback(public_article, helpful=False, language="fr", comment=" Vague ")
    public_article.refresh_from_db()
    assert (
        public_article.view_count,
        public_article.helpful_count,
        public_article.not_helpful_count,
    ) == (2, 1, 1)
    comments = list(ArticleFeedback.objects.values_list("helpful", "comment", "language"))
    assert sorted(comments) == [(False, "Vague", "fr"), (True, "", "nl")]


def test_a_deflection_remembers_the_organisation(chris, org_a, public_article):
    usage.record_deflection(user=chris, article=public_article, query="wachtwoord")
    deflection = Deflection.objects.get()
    assert (deflection.organisation, deflection.article, deflection.query) == (
        org_a,
        public_article,
        "wachtwoord",
    )
