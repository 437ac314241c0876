"""The one search service on the database's own full-text index: ranking, search as you
type, typos, filters, snippets, and input that must never break it. Runs on SQLite and,
with DATABASE_URL, on PostgreSQL."""

import pytest

from loket.search import engine, index
from loket.search.index import Document
from loket.search.models import Kind


@pytest.fixture(autouse=True)
def _fresh_frequencies(settings):
    """Document frequencies are cached per process; every test has its own documents."""
    settings.SEARCH_DF_CACHE_SECONDS = 0
    engine._df_cache.clear()
    yield
    engine._df_cache.clear()


def article(object_id, title, body="", *, language="en", audience="public", **fields):
    fields.setdefault("status", "published")
    return Document(
        kind=Kind.ARTICLE,
        object_id=object_id,
        language=language,
        title=title,
        body=body,
        audience=audience,
        **fields,
    )


def found(text, **options):
    options.setdefault("kind", Kind.ARTICLE)
    return [hit.object_id for hit in engine.search(text, **options).hits]


@pytest.fixture
def desk(db):
    index.put(
        [
            article(1, "Printer prints blank pages", "Replace the toner cartridge."),
            article(2, "Outlook keeps asking for a password", "Remove the stored credentials."),
            article(3, "VPN disconnects", "Update the client. A printer nearby is unrelated."),
            article(
                4,
                "Wachtwoord vergeten",
                "Kies een nieuw wachtwoord op de aanmeldpagina.",
                language="nl",
            ),
            article(5, "Imprimante hors ligne", "Redémarrez l'imprimante.", language="fr"),
            article(6, "Reset your password", "Open the portal and choose a new password."),
        ],
        learn_words=True,
    )


def test_a_match_in_the_title_ranks_above_a_match_in_the_text(desk):
    assert found("printer ")[:2] == [1, 3]
    assert found("printer", mode="any")[:2] == [1, 3]


def test_every_word_must_match_in_the_search_box(desk):
    assert found("printer toner ") == [1]


def test_the_word_being_typed_matches_as_a_prefix(desk):
    assert found("wachtw", languages=["nl"]) == [4]
    assert found("nieuw wacht", languages=["nl"]) == [4]


def test_plural_and_accents_find_the_singular(desk):
    assert found("imprimantes ", languages=["fr"]) == [5]
    assert found("redemarrez ", languages=["fr"]) == [5]


def test_a_typo_offers_a_correction_and_broadens_the_results(desk):
    results = engine.search("reset pasword ", kind=Kind.ARTICLE, languages=["en"])
    assert results.correction == "reset password"
    assert results.broadened
    assert [hit.object_id for hit in results.hits] == [6]


def test_a_long_noisy_text_finds_the_article_on_its_telling_words(desk):
    text = (
        "Hello, since this morning Outlook keeps asking me for my password again and "
        "again, I already restarted the laptop twice. Thanks for your help!"
    )
    assert found(text, mode="any", languages=["en"])[0] == 2


def test_language_filter(desk):
    assert found("printer ", languages=["fr"]) == []
    assert found("imprimante ", languages=["fr"]) == [5]


def test_audience_and_status_filters(db):
    index.put(
        [
            article(1, "Printer jams", audience="internal"),
            article(2, "Printer offline", audience="public", status="draft"),
            article(3, "Printer drivers", audience="public"),
        ]
    )
    assert found("printer ", audiences=["public"], statuses=["published"]) == [3]
    assert sorted(found("printer ", audiences=["internal"])) == [1]
    assert sorted(found("printer ", statuses=["draft"])) == [2]


def test_category_filter(db, categories):
    index.put(
        [
            article(1, "Printer jams", category_id=categories["printing"].pk),
            article(2, "Printer account", category_id=categories["account"].pk),
        ]
    )
    assert found("printer ", categories=[categories["account"].pk]) == [2]


def test_kinds_are_searched_apart(desk):
    index.put([Document(kind=Kind.TICKET, object_id=1, language="en", title="Printer down")])
    assert found("printer down ", kind=Kind.TICKET) == [1]
    assert found("down ") == []


def test_excluded_objects_are_left_out(desk):
    assert found("printer ", exclude_objects=[1]) == [3]


def test_snippets_escape_html_and_mark_the_matching_words(db):
    index.put([article(1, "Broken page", "<script>alert(1)</script> The printer shows <b>.")])
    snippet = engine.search("printer ", kind=Kind.ARTICLE).hits[0].snippet
    assert "<script" not in snippet and "<b>" not in snippet
    assert "&lt;/script" in snippet and "&lt;b" in snippet
    assert "<mark>printer</mark>" in snippet


def test_nothing_found_is_an_empty_answer(desk):
    results = engine.search("zzyzx qwerty ", kind=Kind.ARTICLE)
    assert results.hits == [] and not results.broadened
    assert engine.search("", kind=Kind.ARTICLE).hits == []
    assert engine.search("the of and ", kind=Kind.ARTICLE, mode="any").hits == []


@pytest.mark.parametrize(
    "text",
    [
        '"printer',
        "printer\"' OR 1=1 --",
        "(printer",
        "printer)) AND (",
        "printer AND OR NOT",
        "NOT printer",
        "printer NEAR toner",
        "NEAR(printer toner, 2)",
        "print*",
        "*",
        "title:printer",
        ":",
        "'",
        "'printer':*",
        "printer & | ! <-> toner",
        "^printer",
        "- + ~ \\ / % _ \x00",
        "😀 printer ☃",
        "printer " * 2000,
        "a" * 100_000,
    ],
)
@pytest.mark.parametrize("mode", ["all", "any"])
def test_hostile_input_never_breaks_search(desk, text, mode):
    results = engine.search(text, kind=Kind.ARTICLE, mode=mode)
    assert isinstance(results.hits, list)


def test_a_word_new_to_the_articles_is_found_at_once_despite_kept_counts(desk, settings):
    settings.SEARCH_DF_CACHE_SECONDS = 600
    text = "My Zyxel router blinks red since this morning, what can I do?"
    assert found(text, mode="any") == []  # "zyxel" and "router" counted: found nowhere
    index.put([article(9, "Zyxel router blinks red", "Restart the router.")])
    assert found(text, mode="any")[0] == 9


def test_ticket_counts_are_kept_between_searches(db, settings, django_assert_num_queries):
    settings.SEARCH_DF_CACHE_SECONDS = 600
    ticket = Document(kind=Kind.TICKET, object_id=1, language="en", title="Printer jam")
    index.put([ticket])
    engine.search("printer jammed again", kind=Kind.TICKET, mode="any")
    # The second search is one query (ranked, with the kept rows read whole): its counts
    # were kept.
    with django_assert_num_queries(1):
        engine.search("printer jammed again", kind=Kind.TICKET, mode="any")
