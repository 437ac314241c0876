"""Search quality on real retrieval sets, next to a plain BM25 baseline.

    .venv/bin/python bench/search_quality.py --database sqlite
    .venv/bin/python bench/search_quality.py --database postgres
    .venv/bin/python bench/search_quality.py --database postgres --split test   # once, at the end

The sets live in ``../shared/eval-data/`` (read there, never copied into the repository):

- dellqa-solution-retrieval: 1,901 accepted solutions from Dell's support forum, and the
  forum questions that led to them (one relevant solution each);
- emanual-s10-section-retrieval: the 451 sections of a phone's manual, and 49 questions
  mapped to a section (reported for the split and for all 49, the set is tiny).

Every document becomes a public, published English article through Loket's own
services (``knowledge.services.create_article`` and ``publish_article``, which index it)
in a fresh database: a SQLite file under /tmp, or the PostgreSQL database ``lk_bench``
(dropped and re-created). Each question then goes through the code path of the
suggestions panel: ``knowledge.search.find_articles(staff user, question,
languages=["en"], mode="any")`` (``search.suggestions.suggest`` asks the same function,
with a smaller limit; here the limit is 100 for Recall@100).

The baseline is BM25Okapi from rank_bm25 (default k1, b) over lower-cased ``\\w+`` tokens
of the same texts (dellqa: the solution; emanual: path + text), as in the data sets'
READMEs, on the same split.

``--fast`` writes the articles with bulk inserts and ``index.put_many`` (the same rows
and index entries, minutes faster) for tuning loops; reported figures come without it.
Results: bench/results/search_quality_<database>.json (one key per split), a markdown
table on stdout.
"""

import argparse
import csv
import json
import math
import os
import re
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("LOKET_EVAL_DATA", REPO.parent / "shared" / "eval-data"))
SETS = {
    "dellqa": DATA / "dellqa-solution-retrieval",
    "emanual": DATA / "emanual-s10-section-retrieval",
}
PG_SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "lk_bench"
SQLITE_FILE = Path("/tmp/lk_bench_search_quality.sqlite3")
TOKEN = re.compile(r"\w+")
LIMIT = 100


# --- data ---------------------------------------------------------------------------


def load_set(name: str, split: str) -> tuple[list[dict], list[dict]]:
    """Documents ({key, title, body, baseline}) and questions ({text, gold, split})."""
    csv.field_size_limit(10**9)
    folder = SETS[name]
    if name == "dellqa":
        with open(folder / "documents.csv", newline="", encoding="utf-8") as f:
            docs = [
                # Forum posts have no title; a neutral label keeps the text in the body,
                # where the baseline sees it too.
                {"key": d["doc_id"], "title": f"DellQA {d['doc_id']}", "body": d["text"]}
                for d in csv.DictReader(f)
            ]
        for d in docs:
            d["baseline"] = d["body"]
        with open(folder / "questions.csv", newline="", encoding="utf-8") as f:
            questions = [
                {"text": q["question"], "gold": q["doc_id"], "split": q["split"]}
                for q in csv.DictReader(f)
            ]
    else:
        with open(folder / "sections.csv", newline="", encoding="utf-8") as f:
            docs = [
                {
                    "key": s["section_id"],
                    "title": s["title"],
                    "body": f"{s['path']}\n\n{s['text']}",
                    "baseline": f"{s['path']} {s['text']}",
                }
                for s in csv.DictReader(f)
            ]
        with open(folder / "questions.csv", newline="", encoding="utf-8") as f:
            questions = [
                {"text": q["question"], "gold": q["section_id"], "split": q["split"]}
                for q in csv.DictReader(f)
                if q["section_id"]
            ]
    if split != "all":
        questions = [q for q in questions if q["split"] == split]
    return docs, questions


# --- metrics ------------------------------------------------------------------------


def metrics(rankings: list[list[str]], golds: list[str]) -> dict:
    n = len(golds)
    mrr = ndcg = r1 = r10 = r100 = 0.0
    for ranked, gold in zip(rankings, golds, strict=True):
        if gold in ranked[:LIMIT]:
            rank = ranked.index(gold) + 1
            r100 += 1
            if rank <= 10:
                mrr += 1 / rank
                ndcg += 1 / math.log2(rank + 1)  # one relevant document: IDCG = 1
                r10 += 1
            r1 += rank == 1
    return {
        "questions": n,
        "ndcg@10": round(ndcg / n, 3),
        "mrr@10": round(mrr / n, 3),
        "recall@1": round(r1 / n, 3),
        "recall@10": round(r10 / n, 3),
        "recall@100": round(r100 / n, 3),
    }


def bm25_rankings(docs: list[dict], questions: list[dict]) -> list[list[str]]:
    from rank_bm25 import BM25Okapi

    bm25 = BM25Okapi([TOKEN.findall(d["baseline"].lower()) for d in docs])
    keys = [d["key"] for d in docs]
    out = []
    for q in questions:
        scores = bm25.get_scores(TOKEN.findall(q["text"].lower()))
        order = sorted(range(len(keys)), key=lambda i: -scores[i])[:LIMIT]
        out.append([keys[i] for i in order])
    return out


# --- Loket --------------------------------------------------------------------------


def fresh_database(database: str) -> str:
    if database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_FILE}"
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DATABASE}")
    return f"{PG_SERVER}/{PG_DATABASE}"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    os.environ.setdefault("SECRET_KEY", "loket-benchmark-only")
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def clear_articles() -> None:
    """Empty the knowledge base and the index between two sets (a bench reset, not a
    service: nothing else lives in this database)."""
    from loket.knowledge.models import Article
    from loket.search import engine
    from loket.search.models import SearchEntry, SearchWord

    Article.objects.all().delete()
    SearchEntry.objects.all().delete()
    SearchWord.objects.all().delete()
    engine._df_cache.clear()


def load_through_services(docs: list[dict], user) -> dict[int, str]:
    from loket.knowledge.services import create_article, publish_article

    keys = {}
    for d in docs:
        article = create_article(
            acting_user=user,
            translations={"en": {"title": d["title"][:200], "summary": "", "body": d["body"]}},
            type="solution",
            audience="public",
        )
        publish_article(article, acting_user=user)
        keys[article.pk] = d["key"]
    return keys


def load_fast(docs: list[dict], user) -> dict[int, str]:
    """The rows the services would write, in bulk, and the same index entries."""
    from django.db import transaction
    from django.utils import timezone

    from loket.knowledge.models import Article, ArticleTranslation
    from loket.search import index
    from loket.search.models import Kind

    now = timezone.now()
    with transaction.atomic():
        articles = Article.objects.bulk_create(
            Article(
                type="solution",
                audience="public",
                status="published",
                author=user,
                published_at=now,
                version=1,
                created_at=now,
                updated_at=now,
            )
            for _ in docs
        )
        ArticleTranslation.objects.bulk_create(
            ArticleTranslation(
                article=a, language="en", title=d["title"][:200], summary="", body=d["body"]
            )
            for a, d in zip(articles, docs, strict=True)
        )
        index.put_many(
            index.Document(
                kind=Kind.ARTICLE,
                object_id=a.pk,
                language="en",
                title=d["title"][:200],
                body=f"\n\n{d['body']}",
                audience="public",
                status="published",
            )
            for a, d in zip(articles, docs, strict=True)
        )
    return {a.pk: d["key"] for a, d in zip(articles, docs, strict=True)}


def loket_rankings(questions: list[dict], user, keys: dict[int, str]):
    from loket.knowledge.search import find_articles

    rankings, seconds = [], []
    for q in questions:
        started = time.perf_counter()
        found = find_articles(user, q["text"], languages=["en"], mode="any", limit=LIMIT)
        seconds.append(time.perf_counter() - started)
        rankings.append([keys.get(h.article.pk, "") for h in found.hits])
    return rankings, seconds


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


# --- main ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument("--sets", default="dellqa,emanual")
    parser.add_argument("--fast", action="store_true", help="bulk load (tuning only)")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON")
    args = parser.parse_args()
    names = [n for n in args.sets.split(",") if n]
    missing = [str(SETS[n]) for n in names if not SETS[n].is_dir()]
    if missing:
        print(f"skipped: evaluation data not found ({', '.join(missing)})")
        return
    setup_django(fresh_database(args.database))
    from django.db import connection

    from loket.accounts.services import create_user

    user = create_user(username="bench-quality", role="admin")
    try:
        import loket.knowledge.services

        path = "fast" if args.fast else "services"
    except ImportError:
        path = "fast"
    if path == "fast" and not args.fast:
        print("note: loket.knowledge.services is missing; loading in bulk (--fast)")
    results: dict = {}
    rows = []
    for name in names:
        clear_articles()
        docs, _ = load_set(name, "all")
        started = time.perf_counter()
        keys = (load_fast if path == "fast" else load_through_services)(docs, user)
        load_seconds = round(time.perf_counter() - started, 1)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        splits = [args.split] + (["all"] if name == "emanual" else [])
        for split in splits:
            _, questions = load_set(name, split)
            golds = [q["gold"] for q in questions]
            ranked, seconds = loket_rankings(questions, user, keys)
            loket = metrics(ranked, golds)
            loket["p50_ms"] = round(statistics.median(seconds) * 1000, 1)
            loket["p95_ms"] = round(percentile(seconds, 95) * 1000, 1)
            baseline = metrics(bm25_rankings(docs, questions), golds)
            results[f"{name}/{split}"] = {
                "documents": len(docs),
                "load_seconds": load_seconds,
                "loket": loket,
                "bm25": baseline,
            }
            for system, m in (("Loket", loket), ("BM25 (rank_bm25)", baseline)):
                rows.append(
                    f"| {name} | {split} ({m['questions']}) | {system} | {m['ndcg@10']:.3f} | "
                    f"{m['mrr@10']:.3f} | {m['recall@1']:.3f} | {m['recall@10']:.3f} | "
                    f"{m['recall@100']:.3f} |"
                )
            print(
                f"{name}/{split}: loket nDCG@10 {loket['ndcg@10']:.3f} MRR@10 {loket['mrr@10']:.3f}"
                f" | bm25 nDCG@10 {baseline['ndcg@10']:.3f} MRR@10 {baseline['mrr@10']:.3f}"
                f" | p95 {loket['p95_ms']} ms",
                file=sys.stderr,
            )
    print(f"\nDatabase: {connection.vendor}; articles loaded via {path}; code path find_articles")
    print("\n| set | split (questions) | system | nDCG@10 | MRR@10 | R@1 | R@10 | R@100 |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    if args.no_write or args.sets != "dellqa,emanual":
        return
    out = REPO / "bench" / "results" / f"search_quality_{args.database}.json"
    previous = json.loads(out.read_text()) if out.exists() else {}
    previous.setdefault("runs", {})
    previous["runs"][args.split] = {
        "date": datetime.now(tz=UTC).date().isoformat(),
        "database": connection.vendor,
        "loaded_via": path,
        "code_path": "loket.knowledge.search.find_articles(staff, q, languages=['en'], "
        "mode='any', limit=100)",
        "results": results,
    }
    out.write_text(json.dumps(previous, indent=1) + "\n")
    print(f"\nwritten {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
