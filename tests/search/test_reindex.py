"""``loket search-reindex`` rebuilds the index from the tickets, articles and known
problems themselves, so that search finds them again after the index was lost."""

from io import StringIO

import pytest
from django.core.management import call_command

from loket.knowledge import services as knowledge
from loket.problems.services import create_problem
from loket.search import engine
from loket.search.models import Kind, SearchEntry


@pytest.fixture(autouse=True)
def _fresh_frequencies(settings):
    settings.SEARCH_DF_CACHE_SECONDS = 0
    engine._df_cache.clear()


@pytest.fixture
def indexed(anna, sofie, make_ticket, contact_a):
    ticket = make_ticket(
        acting_user=anna, contact=contact_a, subject="Docking station flickers", description="x"
    )
    article = knowledge.create_article(
        acting_user=anna,
        translations={
            "en": {"title": "Docking station firmware", "summary": "", "body": "Update it."},
            "nl": {"title": "Dockingstation firmware", "summary": "", "body": "Bijwerken."},
        },
    )
    problem = create_problem(
        acting_user=sofie, title="Docking stations drop the screen", symptoms="Black screen."
    )
    return ticket, article, problem


def reindex(*args) -> str:
    out = StringIO()
    call_command("search_reindex", *args, stdout=out)
    return out.getvalue()


def found(kind) -> list[int]:
    hits = engine.search("docking station", kind=kind, mode="any").hits
    return sorted({hit.object_id for hit in hits})


def test_a_lost_index_is_rebuilt_for_every_kind(indexed):
    ticket, article, problem = indexed
    before = SearchEntry.objects.count()
    SearchEntry.objects.all().delete()
    assert found(Kind.TICKET) == []

    output = reindex()

    assert SearchEntry.objects.count() == before
    assert found(Kind.TICKET) == [ticket.pk]
    assert found(Kind.ARTICLE) == [article.pk]
    assert found(Kind.PROBLEM) == [problem.pk]
    assert "ticket: 1 indexed" in output
    assert "article: 1 indexed" in output
    assert "problem: 1 indexed" in output


def test_one_kind_can_be_rebuilt_alone_and_twice(indexed):
    ticket, _article, _problem = indexed
    articles = SearchEntry.objects.filter(kind=Kind.ARTICLE).count()
    SearchEntry.objects.filter(kind=Kind.TICKET).delete()

    output = reindex("--kind", "ticket")
    reindex("--kind", "ticket")

    assert "article" not in output
    assert SearchEntry.objects.filter(kind=Kind.TICKET).count() == 1
    assert SearchEntry.objects.filter(kind=Kind.ARTICLE).count() == articles == 2
    assert found(Kind.TICKET) == [ticket.pk]


def test_stale_entries_of_deleted_objects_disappear(indexed):
    ticket, _article, _problem = indexed
    SearchEntry.objects.create(
        kind=Kind.TICKET,
        object_id=ticket.pk + 1000,
        language="en",
        title="Docking station ghost",
        updated_at=ticket.created_at,
    )
    reindex("--kind", "ticket")
    assert found(Kind.TICKET) == [ticket.pk]
