"""Who reads, edits and publishes which article, as a matrix."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from loket.knowledge import access, services


@pytest.fixture
def articles(anna, sam, sofie, draft, public_article, internal_article):
    services.update_article(draft, acting_user=anna, reviewers=[sam])
    in_review = services.create_article(
        acting_user=anna, translations={"nl": {"title": "In review", "body": "x"}}
    )
    services.submit_for_review(in_review, acting_user=anna)
    return {
        "draft": draft,
        "in_review": in_review,
        "public": public_article,
        "internal": internal_article,
    }


def test_staff_see_everything_customers_only_public_published(articles, anna, sam, chris, camille):
    all_ids = {a.pk for a in articles.values()}
    assert set(access.visible_articles(anna).values_list("pk", flat=True)) == all_ids
    assert set(access.visible_articles(sam).values_list("pk", flat=True)) == all_ids
    for outsider in (chris, camille, AnonymousUser()):
        assert list(access.visible_articles(outsider)) == [articles["public"]]


def test_customers_get_404_for_internal_and_unpublished_articles(articles, chris):
    for name in ("draft", "in_review", "internal"):
        with pytest.raises(Http404):
            access.article_for(chris, articles[name].pk)
    assert access.article_for(chris, articles["public"].pk) == articles["public"]
    with pytest.raises(PermissionDenied):
        access.article_for(chris, articles["public"].pk, write=True)


@pytest.mark.parametrize(
    "who, article, edit, publish",
    [
        ("anna", "draft", True, False),
        ("anna", "in_review", False, False),
        ("anna", "public", False, False),
        ("bob", "draft", True, False),
        ("sam", "draft", True, True),  # named reviewer of the draft
        ("sam", "in_review", False, False),
        ("sofie", "in_review", True, True),
        ("sofie", "public", True, True),
        ("ad", "internal", True, True),
        ("chris", "public", False, False),
        ("camille", "public", False, False),
    ],
)
def test_edit_and_publish_matrix(request, articles, who, article, edit, publish):
    user = request.getfixturevalue(who)
    assert access.can_edit(user, articles[article]) is edit
    assert access.can_publish(user, articles[article]) is publish


def test_bad_ids_are_404(anna):
    for key in ("x", None, 10**9):
        with pytest.raises(Http404):
            access.article_for(anna, key)
