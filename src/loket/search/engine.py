"""The one search service: the knowledge base, the portal, similar tickets and the
suggestions all rank through ``search()``.

Two ways to ask:
- ``mode="all"`` is the search box: every word must occur (in any of the asked
  languages' forms), the unfinished last word as a prefix. If nothing has every word,
  it answers with the documents that have most of them, and offers a spelling
  correction from the vocabulary.
- ``mode="any"`` is for long, noisy text (a ticket being typed, a customer's question):
  the terms that tell documents apart most (highest inverse document frequency, asked
  most often) are kept, at most ``MAX_TERMS``, and documents are ranked on them.

Ranking is BM25-like on both databases: SQLite's FTS5 ``bm25()`` with the title
weighted above the text, and on PostgreSQL a sum over the kept terms of
idf × ``ts_rank`` (a saturating term frequency, normalised by document length) with the
same weights. See docs/search.md and docs/decisions/0004.
"""

import difflib
import math
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

from loket.search.analysis import LANGUAGES, prefix_of, query_terms, stem, strip_accents, words
from loket.search.models import SearchWord
from loket.search.snippets import snippet

MAX_TERMS = 16
MAX_QUERY_WORDS = 300
# Terms found in more than this share of documents hardly tell them apart.
COMMON = 0.5
# Document frequencies are counted up to this many; beyond it a term is "common" anyway.
DF_CAP = 5000
TITLE_WEIGHT = 2.0
BODY_WEIGHT = 1.0
# ts_rank's weights, in its order {D, C, B, A}: text (B) below title (A).
PG_WEIGHTS = f"{{0.1, 0.2, {round(BODY_WEIGHT / TITLE_WEIGHT, 3)}, 1.0}}"
# PostgreSQL: ts_rank's flag 32 saturates each term's rank (rank / (rank + 1)), as BM25's
# k1 does; the sum is divided by 1 + LENGTH_DAMPING × ln(1 + distinct terms), a gentle
# length normalisation (BM25's b): long texts match many words by chance, but manual
# pages and long solutions must still win when they are the answer.
PG_SATURATE = 32
# PostgreSQL ranks at most about this many documents for a long text (see _selective).
CANDIDATES = 2000
LENGTH_DAMPING = 0.5


@dataclass(slots=True)
class Hit:
    """One found document."""

    entry_id: int
    kind: str
    object_id: int
    language: str
    title: str
    score: float
    snippet: str = ""


@dataclass(slots=True)
class Results:
    """What a search found; ``broadened`` when no document had every word and the
    hits have only some; ``correction`` a spelling the vocabulary suggests."""

    hits: list[Hit] = field(default_factory=list)
    broadened: bool = False
    correction: str = ""
    terms: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Filters:
    kind: str
    languages: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    categories: tuple[int, ...] = ()
    exclude_objects: tuple[int, ...] = ()

    def sql(self, alias: str = "e") -> tuple[str, list]:
        clauses = [f"{alias}.kind = %s"]
        params: list[object] = [self.kind]
        values: tuple[object, ...]
        for column, values in (
            ("language", self.languages),
            ("audience", self.audiences),
            ("status", self.statuses),
            ("category_id", self.categories),
        ):
            if values:
                clauses.append(f"{alias}.{column} IN ({', '.join(['%s'] * len(values))})")
                params.extend(values)
        if self.exclude_objects:
            marks = ", ".join(["%s"] * len(self.exclude_objects))
            clauses.append(f"{alias}.object_id NOT IN ({marks})")
            params.extend(self.exclude_objects)
        return " AND ".join(clauses), params


# --- document frequencies -----------------------------------------------------------

# A term found nowhere may appear any moment: its zero is kept only this long.
ZERO_SECONDS = 60
_df_cache: dict[tuple[str, str, str], tuple[int, float]] = {}


def _match_one() -> str:
    if connection.vendor == "postgresql":
        return "e.document @@ to_tsquery('simple', %s)"
    return "e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"


def _term_query(term: str, *, prefix: bool = False) -> str:
    if connection.vendor == "postgresql":
        return f"'{term}'" + (":*" if prefix else "")
    return f'"{term}"' + ("*" if prefix else "")


def document_frequencies(kind: str, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
    """How many documents of ``kind`` there are, and how many hold each term (counted up
    to ``DF_CAP``). Counts are kept for a while per process (``SEARCH_DF_CACHE_SECONDS``):
    they change slowly, and counting them is what costs time. A zero is kept only
    ``ZERO_SECONDS``, and writing an article or a known problem forgets that kind's
    counts in this process, so new words are soon searchable everywhere.
    """
    ttl = getattr(settings, "SEARCH_DF_CACHE_SECONDS", 600)
    now = time.monotonic()
    alias = connection.alias
    known: dict[str, int] = {}
    missing: list[str] = []
    for term in terms:
        cached = _df_cache.get((alias, kind, term))
        if cached and cached[1] > now:
            known[term] = cached[0]
        else:
            missing.append(term)
    # The number of documents is kept like the terms' counts (under the term "").
    counted = _df_cache.get((alias, kind, ""))
    if not missing and counted and counted[1] > now:
        return counted[0], known
    parts = ["SELECT count(*) FROM search_searchentry WHERE kind = %s"]
    params: list = [kind]
    for term in missing:
        parts.append(
            "SELECT count(*) FROM (SELECT 1 FROM search_searchentry e "
            f"WHERE e.kind = %s AND {_match_one()} LIMIT {DF_CAP}) t"
        )
        params.extend([kind, _term_query(term)])
    sql = "SELECT " + ", ".join(f"({p})" for p in parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    total = row[0]
    if ttl:
        _df_cache[(alias, kind, "")] = (total, now + ttl)
    for term, df in zip(missing, row[1:], strict=True):
        known[term] = df
        if ttl:
            _df_cache[(alias, kind, term)] = (df, now + (ttl if df else min(ttl, ZERO_SECONDS)))
    if len(_df_cache) > 100_000:
        _df_cache.clear()
    return total, known


def forget_counts(kind: str) -> None:
    """Drop this process's kept counts for ``kind`` (after a change to its documents)."""
    for key in [key for key in _df_cache if key[1] == kind]:
        _df_cache.pop(key, None)


def idf(total: int, df: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def weigh(asked: Counter[str], total: int, frequencies: dict[str, int]) -> dict[str, float]:
    """The query's most telling terms with their weights (idf, more for a term asked
    more often), at most ``MAX_TERMS``; common terms are dropped when rarer ones exist."""
    weighted = {
        term: idf(total, frequencies.get(term, 0)) * (1 + math.log(count))
        for term, count in asked.items()
        if frequencies.get(term, 0) > 0
    }
    telling = {
        t: w for t, w in weighted.items() if frequencies[t] <= max(1, COMMON * total)
    } or weighted
    best = sorted(telling.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS]
    return dict(best)


# --- ranking ------------------------------------------------------------------------
# A query is either weighted terms (any of them may match) or groups (every group must
# match: a group is one word's forms in the asked languages; a prefix group matches
# words starting with its forms).


@dataclass(slots=True)
class Group:
    forms: tuple[str, ...]
    prefix: bool = False


def _sqlite_group(group: Group) -> str:
    star = "*" if group.prefix else ""
    return "(" + " OR ".join(f'"{form}"{star}' for form in group.forms) + ")"


def _rank_sqlite(weighted, groups, filters, limit, counts) -> tuple[str, list]:
    if groups:
        match = " AND ".join(_sqlite_group(g) for g in groups)
    else:
        # FTS5's bm25() already weighs each term by its idf and sums over the query's
        # phrases: a term asked more often is repeated (1 + ln count, rounded), so that
        # its weight is the same as on PostgreSQL without counting the idf twice.
        parts = []
        for term in weighted:
            parts.extend([f'"{term}"'] * max(1, round(1 + math.log(counts.get(term, 1)))))
        match = " OR ".join(parts)
    where, params = filters.sql("e")
    sql = (
        f"SELECT e.id, -bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score "
        "FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
        f"WHERE search_fts MATCH %s AND {where} ORDER BY score DESC, e.id LIMIT %s"
    )
    return sql, [match, *params, limit]


def _selective(weighted: dict[str, float], frequencies: dict[str, int]) -> list[str]:
    """The terms a document must hold one of to be ranked at all: the rarest, as long as
    together they are in at most ``CANDIDATES`` documents (at least one term). All
    weighed terms still count in the score; a document with only common words of the
    text would rank low anyway, and PostgreSQL computes the score row by row."""
    chosen: list[str] = []
    reach = 0
    for term in sorted(weighted, key=lambda t: (frequencies.get(t, 0), t)):
        reach += frequencies.get(term, 0)
        if chosen and reach > CANDIDATES:
            break
        chosen.append(term)
    return chosen


def _rank_postgresql(weighted, groups, filters, limit, frequencies) -> tuple[str, list]:
    if groups:
        match = " & ".join(
            "(" + " | ".join(_term_query(f, prefix=g.prefix) for f in g.forms) + ")" for g in groups
        )
        scored = {_term_query(f, prefix=g.prefix): 1.0 for g in groups for f in g.forms}
    else:
        match = " | ".join(_term_query(t) for t in _selective(weighted, frequencies))
        scored = {_term_query(t): w for t, w in weighted.items()}
    score = " + ".join(
        f"%s * ts_rank('{PG_WEIGHTS}', e.document, to_tsquery('simple', %s), {PG_SATURATE})"
        for _ in scored
    )
    score_params: list = []
    for query, weight in scored.items():
        score_params.extend([weight, query])
    where, params = filters.sql("e")
    sql = (
        f"SELECT e.id, ({score}) / (1 + %s * ln(1 + length(e.document))) AS score "
        "FROM search_searchentry e "
        f"WHERE e.document @@ to_tsquery('simple', %s) AND {where} "
        "ORDER BY score DESC, e.id LIMIT %s"
    )
    return sql, [*score_params, LENGTH_DAMPING, match, *params, limit]


def _rank(
    filters: Filters, limit: int, *, weighted=None, groups=None, counts=None, frequencies=None
) -> list[tuple]:
    """The best ``limit`` entries, each as (id, kind, object_id, language, title, body,
    score): ranked in a subquery, so that only the rows kept are read whole."""
    if not weighted and not groups:
        return []
    if connection.vendor == "postgresql":
        sql, params = _rank_postgresql(
            weighted or {}, groups or [], filters, limit, frequencies or {}
        )
    else:
        sql, params = _rank_sqlite(weighted or {}, groups or [], filters, limit, counts or {})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, e.kind, e.object_id, e.language, e.title, e.body, ranked.score "
            f"FROM ({sql}) ranked JOIN search_searchentry e ON e.id = ranked.id "
            "ORDER BY ranked.score DESC, e.id",
            params,
        )
        return cursor.fetchall()


# --- the service --------------------------------------------------------------------


def correct(text: str) -> str:
    """The query with each unknown word replaced by the closest known word, or ""."""
    changed, out = False, []
    for word in words(text)[:12]:
        plain = strip_accents(word)
        if len(plain) < 4 or any(c.isdigit() for c in plain):
            out.append(word)
            continue
        if SearchWord.objects.filter(term=plain).exists():
            out.append(word)
            continue
        nearby = SearchWord.objects.filter(
            term__startswith=plain[0], term__gte=plain[:2], term__lt=plain[:2] + "\uffff"
        ).values_list("word", flat=True)[:5000]
        close = difflib.get_close_matches(plain, list(nearby), n=1, cutoff=0.75)
        if close:
            out.append(close[0])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else ""


def search(
    text: str,
    *,
    kind: str,
    languages: Sequence[str] = (),
    mode: str = "all",
    audiences: Sequence[str] = (),
    statuses: Sequence[str] = (),
    categories: Sequence[int] = (),
    exclude_objects: Sequence[int] = (),
    limit: int = 10,
    snippets: bool = True,
) -> Results:
    """Rank documents of ``kind`` for ``text``; see the module's docstring."""
    asked_languages = tuple(lang for lang in languages if lang in LANGUAGES) or LANGUAGES
    filters = Filters(
        kind=kind,
        languages=tuple(languages),
        audiences=tuple(audiences),
        statuses=tuple(statuses),
        categories=tuple(categories),
        exclude_objects=tuple(exclude_objects),
    )
    text = " ".join((text or "").split()[:MAX_QUERY_WORDS]) + (
        " " if (text or "")[-1:].isspace() else ""
    )
    limit = max(1, min(limit, 100))
    results = Results()
    if mode == "all":
        _search_every_word(text, asked_languages, filters, limit, results)
    else:
        asked = query_terms(text, asked_languages)
        total, frequencies = document_frequencies(kind, asked)
        results.terms = weigh(asked, total, frequencies)
        ranked = _rank(
            filters, limit, weighted=results.terms, counts=asked, frequencies=frequencies
        )
        results.hits = _hits(ranked)
    if snippets:
        _add_snippets(results, text, asked_languages, mode)
    return results


def groups_of(text: str, languages: Sequence[str]) -> list[Group]:
    """One group per word asked (its stems in the asked languages); the last word, when
    the text does not end with a space, as a prefix group."""
    asked = words(text)[:12]
    typing = bool(asked) and bool(text) and not text[-1].isspace()
    groups = []
    for position, word in enumerate(asked):
        if typing and position == len(asked) - 1:
            forms = {prefix_of(word, lang) for lang in languages} - {""}
            if forms:
                groups.append(Group(tuple(sorted(forms)), prefix=True))
            continue
        forms = {stem(word, lang) for lang in languages} - {""}
        if forms and all(g.forms != tuple(sorted(forms)) for g in groups):
            groups.append(Group(tuple(sorted(forms))))
    return groups


def _search_every_word(text, languages, filters, limit, results) -> None:
    groups = groups_of(text, languages)
    ranked = _rank(filters, limit, groups=groups)
    results.terms = {form: 1.0 for g in groups if not g.prefix for form in g.forms}
    if not ranked and groups:
        results.correction = correct(text)
        asked = query_terms(text, languages)
        total, frequencies = document_frequencies(filters.kind, asked)
        weighted = weigh(asked, total, frequencies)
        ranked = _rank(filters, limit, weighted=weighted, counts=asked, frequencies=frequencies)
        results.terms = weighted
        results.broadened = bool(ranked)
    results.hits = _hits(ranked)


def _hits(ranked: list[tuple]) -> list[Hit]:
    hits = []
    for entry_id, kind, object_id, language, title, body, score in ranked:
        hit = Hit(entry_id, kind, object_id, language, title, float(score))
        hit.snippet = body  # replaced by the highlighted passage in _add_snippets
        hits.append(hit)
    return hits


def highlight(hits: Sequence[Hit], terms: dict[str, float]) -> None:
    """Cut the highlighted passage for hits found with ``snippets=False``: for callers
    that keep only a few of many hits."""
    for hit in hits:
        hit.snippet = snippet(hit.snippet, set(terms), language=hit.language)


def _add_snippets(results: Results, text: str, languages, mode: str) -> None:
    prefixes = tuple(p for p in (prefix_of(text, lang) for lang in languages) if p)
    for hit in results.hits:
        terms = set(results.terms)
        hit.snippet = snippet(
            hit.snippet, terms, language=hit.language, prefixes=prefixes if mode == "all" else ()
        )
