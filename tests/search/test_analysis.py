"""What the analyser makes of words: the same term for a word's forms in Dutch, French
and English, accents that do not matter, and stop words that are not searched on."""

from loket.search.analysis import prefix_of, query_terms, stem, terms, words


def test_english_plural_and_singular_are_the_same_term():
    assert terms("printers", "en") == terms("printer", "en")


def test_french_plural_and_singular_are_the_same_term():
    assert terms("imprimantes", "fr") == terms("imprimante", "fr")


def test_dutch_plural_and_singular_are_the_same_term():
    assert terms("wachtwoorden", "nl") == terms("wachtwoord", "nl")


def test_accents_do_not_matter():
    assert terms("répertoire", "fr") == terms("repertoire", "fr")
    assert terms("Café", "fr") == terms("cafe", "fr")
    assert terms("geïnstalleerd", "nl") == terms("geinstalleerd", "nl")


def test_upper_and_lower_case_are_the_same_term():
    assert terms("OUTLOOK Outlook outlook", "en") == ["outlook"] * 3


def test_stop_words_are_left_out_in_each_language():
    assert terms("the printer is not working", "en") == terms("printer working", "en")
    assert terms("de printer werkt niet", "nl") == terms("printer werkt", "nl")
    assert terms("l'imprimante ne marche pas", "fr") == terms("imprimante marche", "fr")


def test_a_stop_word_with_its_accent_is_still_a_stop_word():
    assert stem("été", "fr") == ""


def test_numbers_are_kept_and_lone_letters_dropped():
    assert terms("error 0x80070005 on floor 3 x", "en") == ["error", "0x80070005", "floor", "3"]


def test_very_long_runs_of_characters_are_not_words():
    assert words("a" * 41 + " printer") == ["printer"]


def test_a_query_in_several_languages_asks_for_each_languages_stem():
    asked = query_terms("imprimantes", ["fr", "en"])
    assert set(terms("imprimante", "fr")) <= set(asked)
    assert set(terms("imprimantes", "en")) <= set(asked)


def test_a_word_asked_twice_counts_twice():
    assert query_terms("printer printer toner", ["en"])["printer"] == 2


def test_the_unfinished_last_word_is_a_prefix():
    assert prefix_of("reset wachtw", "nl") == "wachtw"
    assert prefix_of("reset wachtw ", "nl") == ""
    assert prefix_of("", "nl") == ""
