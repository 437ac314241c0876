"""Write the search index. Each app calls these from its services, in the same
transaction as the change, so search never shows what the database does not hold."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from loket.search.analysis import strip_accents, terms, words
from loket.search.engine import forget_counts
from loket.search.models import Kind, SearchEntry, SearchWord

# What is kept of a text to cut snippets from, and to find its terms in.
MAX_BODY = 20_000


@dataclass(slots=True)
class Document:
    """One searchable text as an app hands it to the index."""

    kind: str
    object_id: int
    language: str
    title: str
    body: str = ""
    audience: str = ""
    status: str = ""
    category_id: int | None = None


def _entry(document: Document, now: datetime) -> SearchEntry:
    body = (document.body or "")[:MAX_BODY]
    return SearchEntry(
        kind=document.kind,
        object_id=document.object_id,
        language=document.language,
        audience=document.audience,
        status=document.status,
        category_id=document.category_id,
        title=document.title[:300],
        body=body,
        title_terms=" ".join(terms(document.title, document.language)),
        body_terms=" ".join(terms(body, document.language)),
        updated_at=now,
    )


def put(documents: Iterable[Document], *, learn_words: bool = False) -> None:
    """Index ``documents``, replacing what the index held for the same object and
    language. With ``learn_words``, their words feed the "did you mean" vocabulary."""
    now = timezone.now()
    entries = [_entry(d, now) for d in documents]
    if not entries:
        return
    with transaction.atomic():
        for entry in entries:
            SearchEntry.objects.update_or_create(
                kind=entry.kind,
                object_id=entry.object_id,
                language=entry.language,
                defaults={
                    f: getattr(entry, f)
                    for f in (
                        "audience",
                        "status",
                        "category_id",
                        "title",
                        "body",
                        "title_terms",
                        "body_terms",
                        "updated_at",
                    )
                },
            )
        if learn_words:
            learn(f"{e.title} {e.body}" for e in entries)
    # Articles and problems change seldom and matter at once; tickets change all the
    # time and a minute-old count is good enough for them.
    for kind in {e.kind for e in entries} - {Kind.TICKET}:
        forget_counts(kind)


def put_many(documents: Iterable[Document], *, batch_size: int = 1000) -> int:
    """Index many new objects at once (a re-index or a bulk load): no lookups for
    existing rows, so only for objects not yet in the index."""
    now = timezone.now()
    batch: list[SearchEntry] = []
    count = 0
    for document in documents:
        batch.append(_entry(document, now))
        if len(batch) >= batch_size:
            SearchEntry.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    if batch:
        SearchEntry.objects.bulk_create(batch)
        count += len(batch)
    return count


def drop(kind: str, object_id: int, *, keep_languages: Iterable[str] = ()) -> None:
    """Remove an object from the index (except the languages in ``keep_languages``)."""
    SearchEntry.objects.filter(kind=kind, object_id=object_id).exclude(
        language__in=list(keep_languages)
    ).delete()


def learn(texts: Iterable[str]) -> None:
    """Add the words of ``texts`` to the vocabulary "did you mean" draws from."""
    found = {
        strip_accents(word)
        for text in texts
        for word in words(text)
        if len(word) >= 4 and not any(c.isdigit() for c in word)
    }
    if found:
        SearchWord.objects.bulk_create(
            [SearchWord(term=w, word=w) for w in sorted(found)], ignore_conflicts=True
        )
