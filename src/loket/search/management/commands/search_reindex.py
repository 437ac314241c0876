"""Rebuild the search index from the objects themselves.

    loket search-reindex                    every kind
    loket search-reindex --kind ticket      only tickets (article, ticket, problem, all)

Use it after restoring a backup, after a bulk import that bypassed the services, or after
a change to the analysis (stop words, stemming) that changes the stored terms. Each kind
is rebuilt in batches; what the index held for that kind is replaced. Tickets go in with
bulk inserts (many, and no "did you mean" words), articles too (their words feed the
vocabulary); known problems (few) through their app's own indexing function.
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from loket.search import engine, index
from loket.search.models import Kind, SearchEntry

KINDS = ("article", "ticket", "problem")


class Command(BaseCommand):
    help = "Rebuild the search index (articles, tickets, known problems) from the objects."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=[*KINDS, "all"], default="all")
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, kind: str, batch_size: int, **options):
        batch_size = max(1, batch_size)
        self.verbosity = options.get("verbosity", 1)
        for name in KINDS if kind == "all" else (kind,):
            started = time.perf_counter()
            count = getattr(self, f"_{name}s")(batch_size)
            seconds = time.perf_counter() - started
            self.stdout.write(f"{name}: {count} indexed in {seconds:.1f} s")
        engine._df_cache.clear()
        if connection.vendor == "postgresql":
            # A rebuild leaves every old row dead: reclaim them (VACUUM cannot run inside
            # a transaction, e.g. when called from a test) and refresh the statistics.
            vacuum = "" if connection.in_atomic_block else "VACUUM "
            with connection.cursor() as cursor:
                cursor.execute(f"{vacuum}ANALYZE search_searchentry")

    def _tickets(self, batch_size: int) -> int:
        from loket.search.tickets import documents
        from loket.tickets.models import Ticket

        tickets = Ticket.objects.select_related("contact").only(
            "pk",
            "subject",
            "description",
            "resolution",
            "status",
            "category_id",
            "contact__language",
        )
        count = 0
        with transaction.atomic():
            SearchEntry.objects.filter(kind=Kind.TICKET).delete()
            last = 0
            while True:
                batch = list(tickets.filter(pk__gt=last).order_by("pk")[:batch_size])
                if not batch:
                    break
                count += index.put_many(documents(batch), batch_size=batch_size)
                last = batch[-1].pk
                self._progress("ticket", count)
        return count

    def _articles(self, batch_size: int) -> int:
        from loket.knowledge.indexing import documents_of
        from loket.knowledge.models import Article

        count = 0
        with transaction.atomic():
            SearchEntry.objects.filter(kind=Kind.ARTICLE).delete()
            articles = Article.objects.prefetch_related("translations").order_by("pk")
            batch: list[index.Document] = []
            for article in articles.iterator(chunk_size=batch_size):
                batch.extend(documents_of(article))
                count += 1
                if len(batch) >= batch_size:
                    self._put_articles(batch)
                    batch = []
                    self._progress("article", count)
            self._put_articles(batch)
        return count

    def _put_articles(self, documents: list[index.Document]) -> None:
        index.put_many(documents)
        index.learn(f"{d.title} {d.body}" for d in documents)

    def _problems(self, batch_size: int) -> int:
        from loket.problems.models import KnownProblem
        from loket.problems.services import index_problem

        count = 0
        with transaction.atomic():
            SearchEntry.objects.filter(kind=Kind.PROBLEM).delete()
            for problem in KnownProblem.objects.iterator(chunk_size=batch_size):
                index_problem(problem)
                count += 1
        return count

    def _progress(self, name: str, count: int) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"  {name}: {count}")
