"""Versions: every published change, a readable diff, restoring an older one."""

import pytest
from django.core.exceptions import PermissionDenied

from loket.core.errors import InvalidInput
from loket.knowledge import services
from loket.knowledge.diff import compare
from loket.knowledge.models import ArticleStatus


@pytest.fixture
def three_versions(sofie, public_article, categories):
    services.update_article(
        public_article,
        acting_user=sofie,
        translations={
            "nl": {
                "title": "Wachtwoord vergeten",
                "summary": "Zo stel je een nieuw wachtwoord in.",
                "body": "Ga naar de aanmeldpagina.\nKies **Wachtwoord vergeten**.\nVolg de mail.",
            },
            "en": {"title": "Forgot password", "body": "Go to the login page."},
        },
        category=categories["account"],
        tags=["password"],
    )
    services.update_article(
        public_article,
        acting_user=sofie,
        translations={"fr": {"title": "", "summary": "", "body": ""}},
    )
    return public_article


def test_each_published_change_has_a_number_author_and_date(three_versions, sofie):
    versions = list(three_versions.versions.all())
    assert [v.number for v in versions] == [3, 2, 1]
    assert all(v.author == sofie and v.created_at for v in versions)


def test_the_diff_shows_added_removed_and_changed_languages(three_versions):
    v1, v2, v3 = (three_versions.versions.get(number=n).content for n in (1, 2, 3))
    result = compare(v1, v2)
    statuses = {lang.language: lang.status for lang in result.languages}
    assert statuses == {"nl": "changed", "fr": "same", "en": "added"}
    body = next(f for f in result.languages[0].fields if f.name == "body")
    ops = [(line.op, line.text) for line in body.lines]
    assert ("del", "Ga naar de aanmeldpagina en kies **Wachtwoord vergeten**.") in ops
    assert ("ins", "Volg de mail.") in ops
    meta = {m.name: (m.old, m.new) for m in result.meta}
    assert meta["category"] == ("—", "Account & access")
    assert meta["tags"] == ("—", "password")
    assert {lang.language: lang.status for lang in compare(v2, v3).languages}["fr"] == "removed"


def test_the_same_version_compared_shows_no_change(three_versions):
    content = three_versions.versions.get(number=2).content
    assert not compare(content, content).changed


def test_restoring_publishes_the_old_content_as_a_new_version(three_versions, sofie):
    services.archive_article(three_versions, acting_user=sofie)
    services.restore_version(three_versions, 1, acting_user=sofie)
    assert three_versions.status == ArticleStatus.PUBLISHED
    assert three_versions.version == 4
    latest = three_versions.versions.first()
    assert latest.note == "Restored version 1"
    assert latest.content == three_versions.versions.get(number=1).content
    assert sorted(t.language for t in three_versions.translations.all()) == ["fr", "nl"]
    assert three_versions.category is None and not three_versions.tags.exists()


def test_restoring_is_for_reviewers(three_versions, anna):
    with pytest.raises(PermissionDenied):
        services.restore_version(three_versions, 1, acting_user=anna)


def test_restoring_an_unknown_version_is_refused(three_versions, sofie):
    with pytest.raises(InvalidInput):
        services.restore_version(three_versions, 99, acting_user=sofie)
