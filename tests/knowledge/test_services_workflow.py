"""The article workflow: who writes, submits, publishes, archives; the needs-update flag."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.knowledge import services
from loket.knowledge.models import ArticleStatus
from loket.search.models import SearchEntry

from .conftest import texts


def test_agent_creates_a_draft_in_dutch(anna, categories):
    article = services.create_article(
        acting_user=anna, translations=texts(), category=categories["printing"], tags=["Toner "]
    )
    assert article.status == ArticleStatus.DRAFT
    assert article.author == anna
    assert article.translation("nl").title == "Printer prints blank pages"
    assert list(article.tags.values_list("name", flat=True)) == ["toner"]
    assert article.version == 0 and not article.versions.exists()


def test_a_new_article_is_found_in_the_search_index(anna):
    article = services.create_article(acting_user=anna, translations=texts())
    assert SearchEntry.objects.filter(kind="article", object_id=article.pk).count() == 1


@pytest.mark.parametrize(
    "translations",
    [
        {},
        {"nl": {"title": "", "summary": "", "body": ""}},
        {"nl": {"title": "Only a title", "body": ""}},
        {"de": {"title": "Drucker", "body": "Text"}},
        {"nl": {"title": "x" * 201, "body": "Text"}},
    ],
)
def test_an_article_needs_one_complete_language(anna, translations):
    with pytest.raises(InvalidInput):
        services.create_article(acting_user=anna, translations=translations)


def test_customers_cannot_write_articles(chris):
    with pytest.raises(PermissionDenied):
        services.create_article(acting_user=chris, translations=texts())


def test_any_agent_edits_a_draft(bob, draft):
    services.update_article(draft, acting_user=bob, translations=texts(title="Better title"))
    assert draft.translation("nl").title == "Better title"
    assert draft.translation("en").title == "Printer prints blank pages"  # untouched


def test_emptying_a_language_removes_it(anna, draft):
    services.update_article(
        draft, acting_user=anna, translations={"en": {"title": "", "summary": "", "body": ""}}
    )
    assert [t.language for t in draft.translations.all()] == ["nl"]


def test_the_last_language_cannot_be_removed(anna, draft):
    with pytest.raises(InvalidInput):
        services.update_article(
            draft,
            acting_user=anna,
            translations={"nl": {}, "en": {"title": "", "summary": "", "body": ""}},
        )


def test_agent_submits_but_cannot_publish(anna, draft):
    services.submit_for_review(draft, acting_user=anna)
    assert draft.status == ArticleStatus.IN_REVIEW
    with pytest.raises(PermissionDenied):
        services.publish_article(draft, acting_user=anna)
    with pytest.raises(PermissionDenied):
        services.update_article(draft, acting_user=anna, translations=texts(title="Sneaky"))


def test_only_drafts_are_submitted(sofie, public_article):
    with pytest.raises(TransitionNotAllowed):
        services.submit_for_review(public_article, acting_user=sofie)


def test_supervisor_publishes_as_version_one(anna, sofie, draft):
    services.submit_for_review(draft, acting_user=anna)
    services.publish_article(draft, acting_user=sofie, note="First")
    assert draft.status == ArticleStatus.PUBLISHED
    assert draft.version == 1
    version = draft.versions.get()
    assert (version.number, version.author, version.note) == (1, sofie, "First")
    assert version.content["translations"]["nl"]["title"] == "Printer drukt lege pagina's af"
    assert version.content["tags"] == ["printer"]


def test_a_named_reviewer_publishes(anna, sam, draft):
    services.update_article(draft, acting_user=anna, reviewers=[sam])
    services.publish_article(draft, acting_user=sam)
    assert draft.status == ArticleStatus.PUBLISHED


def test_an_agent_cannot_name_themselves_reviewer(anna, draft):
    with pytest.raises(InvalidInput):
        services.update_article(draft, acting_user=anna, reviewers=[anna])


def test_another_agent_cannot_change_the_reviewers(anna, bob, sam, draft):
    with pytest.raises(PermissionDenied):
        services.update_article(draft, acting_user=bob, reviewers=[sam])


def test_admin_publishes_and_archives(ad, draft):
    services.publish_article(draft, acting_user=ad)
    services.archive_article(draft, acting_user=ad)
    assert draft.status == ArticleStatus.ARCHIVED
    assert SearchEntry.objects.filter(object_id=draft.pk, status="archived").exists()


def test_agent_cannot_archive(anna, public_article):
    with pytest.raises(PermissionDenied):
        services.archive_article(public_article, acting_user=anna)


def test_publishing_twice_is_refused(sofie, public_article):
    with pytest.raises(TransitionNotAllowed):
        services.publish_article(public_article, acting_user=sofie)


def test_reviewer_edit_of_a_published_article_is_a_new_version(sofie, public_article):
    services.update_article(
        public_article,
        acting_user=sofie,
        translations={"nl": {"title": "Wachtwoord kwijt", "body": "Nieuwe tekst."}},
        note="Clearer title",
    )
    assert public_article.version == 2
    latest = public_article.versions.first()
    assert (latest.number, latest.author, latest.note) == (2, sofie, "Clearer title")
    assert latest.content["translations"]["nl"]["title"] == "Wachtwoord kwijt"
    assert public_article.status == ArticleStatus.PUBLISHED


def test_agent_cannot_edit_a_published_article(anna, public_article):
    with pytest.raises(PermissionDenied):
        services.update_article(public_article, acting_user=anna, audience="internal")


def test_anyone_on_staff_flags_needs_update_and_a_reviewer_clears_it(anna, sofie, public_article):
    with pytest.raises(InvalidInput):
        services.flag_needs_update(public_article, acting_user=anna, reason="  ")
    services.flag_needs_update(public_article, acting_user=anna, reason="New login page")
    assert public_article.needs_update
    assert public_article.needs_update_reason == "New login page"
    with pytest.raises(PermissionDenied):
        services.clear_needs_update(public_article, acting_user=anna)
    services.clear_needs_update(public_article, acting_user=sofie)
    assert not public_article.needs_update and public_article.needs_update_reason == ""


def test_scheduled_publication_waits_for_its_time(anna, sofie, draft):
    now = timezone.now()
    services.publish_article(draft, acting_user=sofie, at=now + timedelta(hours=2), now=now)
    assert draft.status == ArticleStatus.IN_REVIEW
    assert draft.publish_at == now + timedelta(hours=2)
    assert services.publish_due_articles(now + timedelta(hours=1)) == 0
    assert services.publish_due_articles(now + timedelta(hours=2, seconds=1)) == 1
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.PUBLISHED and draft.publish_at is None
    version = draft.versions.get()
    assert version.author == sofie
    assert version.created_at == now + timedelta(hours=2, seconds=1)
    assert services.publish_due_articles(now + timedelta(hours=3)) == 0


def test_archiving_cancels_a_scheduled_publication(sofie, draft):
    now = timezone.now()
    services.publish_article(draft, acting_user=sofie, at=now + timedelta(hours=1), now=now)
    services.archive_article(draft, acting_user=sofie, now=now)
    assert services.publish_due_articles(now + timedelta(hours=2)) == 0


def test_a_time_in_the_past_publishes_now(sofie, draft):
    services.publish_article(draft, acting_user=sofie, at=timezone.now() - timedelta(minutes=5))
    assert draft.status == ArticleStatus.PUBLISHED


def test_the_scheduled_task_publishes_due_articles(sofie, draft):
    from loket.knowledge.tasks import publish_scheduled_articles

    now = timezone.now()
    services.publish_article(draft, acting_user=sofie, at=now + timedelta(seconds=1), now=now)
    draft.__class__.objects.filter(pk=draft.pk).update(publish_at=now - timedelta(seconds=1))
    result = publish_scheduled_articles.enqueue()
    assert result.return_value == 1
