"""Highlighted snippets: the passage of a text that holds most of the query's terms,
HTML-escaped, with the matching words wrapped in <mark>."""

import re
from html import escape

from loket.search.analysis import stem, strip_accents

TOKEN = re.compile(r"\w+|\W+", re.UNICODE)
MARKDOWN = re.compile(r"[#*_`>|~]+|!?\[([^\]]*)\]\([^)]*\)")
WINDOW = 30  # words


def plain(text: str) -> str:
    """Markdown reduced to readable text: link texts kept, markup characters dropped."""
    return " ".join(MARKDOWN.sub(lambda m: m.group(1) or " ", text or "").split())


def _matches(word: str, terms: set[str], prefixes: tuple[str, ...], language: str) -> bool:
    lowered = word.casefold()
    term = stem(lowered, language)
    if term and term in terms:
        return True
    return bool(prefixes) and strip_accents(lowered).startswith(prefixes)


def snippet(
    text: str, terms: set[str], *, language: str, prefixes: tuple[str, ...] = (), size: int = 0
) -> str:
    """About ``size`` (default 30) words of ``text`` around the best cluster of matches."""
    size = size or WINDOW
    tokens = TOKEN.findall(plain(text)[:20_000])
    word_at = [i for i, t in enumerate(tokens) if t[0].isalnum() or t[0] == "_"]
    seen: dict[str, bool] = {}
    hits = []
    for i in word_at:
        word = tokens[i]
        if word not in seen:
            seen[word] = _matches(word, terms, prefixes, language)
        hits.append(seen[word])
    best, best_count = 0, -1
    for start in range(0, max(1, len(word_at) - size + 1), max(1, size // 3)):
        count = len(
            {
                tokens[word_at[j]].casefold()
                for j in range(start, start + size)
                if j < len(hits) and hits[j]
            }
        )
        if count > best_count:
            best, best_count = start, count
    if not word_at:
        return ""
    first = word_at[best]
    last_word = min(best + size, len(word_at)) - 1
    last = word_at[last_word]
    out = []
    marked = {word_at[j] for j in range(best, last_word + 1) if hits[j]}
    for i in range(first, last + 1):
        piece = escape(tokens[i])
        out.append(f"<mark>{piece}</mark>" if i in marked else piece)
    prefix = "… " if best > 0 else ""
    suffix = " …" if last_word < len(word_at) - 1 else ""
    return prefix + "".join(out) + suffix
