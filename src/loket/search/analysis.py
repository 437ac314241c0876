"""Text to search terms, the same way for what is indexed and what is asked.

Lower-case, split into words, drop the language's stop words, reduce each word to its
Snowball stem (the algorithms behind PostgreSQL's dutch, french and english
configurations), then strip accents so "répertoire" and "repertoire" meet. Both
databases index these terms, so SQLite and PostgreSQL match exactly the same words
(docs/decisions/0004-search-terms-analysed-in-python.md).
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

from loket.search.stopwords import STOPWORDS

LANGUAGES = ("nl", "fr", "en")
# Dutch: the classic Snowball (Porter) algorithm, the one PostgreSQL's "dutch"
# configuration uses (up to at least PostgreSQL 17). Snowball 3's newer Dutch stemmer
# cuts "wachtwoorden" to "wachtwoor" but leaves "wachtwoord", and "problemen" and
# "probleem" apart: words a service desk sees every day.
ALGORITHMS = {"nl": "dutch_porter", "fr": "french", "en": "english"}
WORD = re.compile(r"\w+", re.UNICODE)
# Longer "words" are hashes, base64 or URLs run together: never useful to search on.
MAX_WORD = 40
_stemmers = {language: Stemmer.Stemmer(name) for language, name in ALGORITHMS.items()}


def strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The lower-cased words of ``text``, accents kept (the stemmers need them)."""
    return [w for w in WORD.findall((text or "").casefold()) if len(w) <= MAX_WORD]


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The search term for one lower-cased word: its stem without accents, or "" for a
    stop word or a lone letter."""
    if len(word) < 2 and not word.isdigit():
        return ""
    plain = strip_accents(word)
    if plain in STOPWORDS[language]:
        return ""
    return strip_accents(_stemmers[language].stemWord(word)).replace("_", "")


def terms(text: str, language: str) -> list[str]:
    """The search terms of ``text`` in ``language``, in order, repeats kept."""
    language = language if language in ALGORITHMS else "en"
    return [t for t in (stem(w, language) for w in words(text)) if t]


def query_terms(text: str, languages: Iterable[str]) -> Counter[str]:
    """The terms of a query with how often each was asked. A query for several languages
    asks for each language's stem of every word."""
    counts: Counter[str] = Counter()
    for language in dict.fromkeys(languages):
        for term, n in Counter(terms(text, language)).items():
            counts[term] = max(counts[term], n)
    return counts


def prefix_of(text: str, language: str) -> str:
    """The unfinished last word of a search-as-you-type query, as a term prefix."""
    found = words(text)
    if not found or (text and not text[-1].isalnum()):
        return ""
    word = found[-1]
    return stem(word, language if language in ALGORITHMS else "en") or strip_accents(word)
