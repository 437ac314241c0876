"""Latency of a suggestion query on a desk with 50,000 tickets and 5,000 articles.

    .venv/bin/python bench/search_latency.py                       # PostgreSQL lk_bench
    .venv/bin/python bench/search_latency.py --tickets 50000 --articles 5000 --queries 500

Seeds a fresh PostgreSQL database (``lk_bench``, dropped and re-created; ``--database
sqlite`` for a file under /tmp) with IT-support tickets and articles generated from
templates (Dutch, French and English, many devices, applications, error codes, places
and phrasings), 40 known problems, then indexes them with ``loket search-reindex``.
Tickets are bulk-inserted like bench/seed.py does; articles are bulk-inserted too and
indexed by the command through the knowledge app's ``index_article``.

Then it times ``loket.search.suggestions.suggest(agent, text, language=…)`` — the
articles, similar tickets and known problems the suggestions panel asks for — over 500
unseen ticket texts (half short like a subject, half long like a description),
after 50 warm-up queries, and reports p50/p95/p99, the index build time and the
table and index sizes. ``--cold`` turns the document-frequency cache off (every query
counts its terms' frequencies). Results: bench/results/search_latency_<database>.json.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "lk_bench"
SQLITE_FILE = Path("/tmp/lk_bench_search_latency.sqlite3")

# --- text generation ----------------------------------------------------------------

THINGS = {
    "en": [
        "printer",
        "laptop",
        "docking station",
        "second monitor",
        "VPN client",
        "Outlook",
        "Teams",
        "SharePoint site",
        "OneDrive sync",
        "Excel macro",
        "scanner",
        "desk phone",
        "headset",
        "Citrix session",
        "badge reader",
        "Wi-Fi",
        "shared drive",
        "SAP",
        "mailbox",
        "calendar",
        "password",
        "MFA app",
        "keyboard",
        "mouse",
        "webcam",
        "label printer",
        "ERP report",
        "time registration app",
        "intranet",
        "projector",
    ],
    "nl": [
        "printer",
        "laptop",
        "dockingstation",
        "tweede scherm",
        "VPN-verbinding",
        "Outlook",
        "Teams",
        "SharePoint-site",
        "OneDrive-synchronisatie",
        "Excel-macro",
        "scanner",
        "vaste telefoon",
        "headset",
        "Citrix-sessie",
        "badgelezer",
        "wifi",
        "netwerkschijf",
        "SAP",
        "mailbox",
        "agenda",
        "wachtwoord",
        "authenticator-app",
        "toetsenbord",
        "muis",
        "webcam",
        "etikettenprinter",
        "ERP-rapport",
        "tijdsregistratie",
        "intranet",
        "beamer",
    ],
    "fr": [
        "imprimante",
        "ordinateur portable",
        "station d'accueil",
        "deuxième écran",
        "connexion VPN",
        "Outlook",
        "Teams",
        "site SharePoint",
        "synchronisation OneDrive",
        "macro Excel",
        "scanner",
        "téléphone fixe",
        "casque",
        "session Citrix",
        "lecteur de badge",
        "wifi",
        "lecteur réseau",
        "SAP",
        "boîte mail",
        "calendrier",
        "mot de passe",
        "application d'authentification",
        "clavier",
        "souris",
        "webcam",
        "imprimante d'étiquettes",
        "rapport ERP",
        "pointage",
        "intranet",
        "projecteur",
    ],
}
PROBLEMS = {
    "en": [
        "does not start",
        "is very slow since this morning",
        "keeps disconnecting",
        "shows error {code}",
        "asks for my password again and again",
        "is locked",
        "does not print in colour",
        "freezes after the update",
        "cannot be found",
        "gives an access denied message",
        "is not syncing",
        "makes a strange noise",
        "stopped working after the Windows update",
        "is full",
        "no longer connects",
    ],
    "nl": [
        "start niet op",
        "is sinds vanochtend heel traag",
        "valt telkens weg",
        "geeft foutmelding {code}",
        "vraagt steeds opnieuw mijn wachtwoord",
        "is geblokkeerd",
        "print niet meer in kleur",
        "loopt vast na de update",
        "wordt niet gevonden",
        "geeft toegang geweigerd",
        "synchroniseert niet",
        "maakt een vreemd geluid",
        "werkt niet meer na de Windows-update",
        "zit vol",
        "maakt geen verbinding meer",
    ],
    "fr": [
        "ne démarre pas",
        "est très lent depuis ce matin",
        "se déconnecte sans arrêt",
        "affiche l'erreur {code}",
        "redemande sans cesse mon mot de passe",
        "est bloqué",
        "n'imprime plus en couleur",
        "se fige après la mise à jour",
        "est introuvable",
        "indique accès refusé",
        "ne se synchronise pas",
        "fait un bruit bizarre",
        "ne fonctionne plus depuis la mise à jour Windows",
        "est plein",
        "ne se connecte plus",
    ],
}
OPENERS = {
    "en": ["Hello,", "Hi team,", "Good morning,", "Dear helpdesk,", ""],
    "nl": ["Hallo,", "Beste servicedesk,", "Goedemorgen,", "Dag collega's,", ""],
    "fr": ["Bonjour,", "Bonjour l'équipe,", "Madame, Monsieur,", "Salut,", ""],
}
DETAILS = {
    "en": [
        "It happens on the {place} floor in building {building}.",
        "I already restarted it twice.",
        "My colleague {name} has the same problem.",
        "I need it for the {meeting} meeting at {hour} o'clock.",
        "The message says: {code} - operation failed.",
        "It worked fine yesterday afternoon.",
        "I tried another cable and another socket.",
        "This blocks the whole {team} team.",
        "Asset tag {asset}, user {user}.",
        "Could someone call me back on extension {ext}?",
    ],
    "nl": [
        "Het gebeurt op de {place} verdieping in gebouw {building}.",
        "Ik heb hem al twee keer herstart.",
        "Mijn collega {name} heeft hetzelfde probleem.",
        "Ik heb het nodig voor de {meeting}-vergadering om {hour} uur.",
        "De melding zegt: {code} - bewerking mislukt.",
        "Gisterennamiddag werkte alles nog.",
        "Ik heb een andere kabel en een ander stopcontact geprobeerd.",
        "Dit blokkeert het hele {team}-team.",
        "Inventarisnummer {asset}, gebruiker {user}.",
        "Kan iemand mij terugbellen op toestel {ext}?",
    ],
    "fr": [
        "Cela se produit au {place} étage du bâtiment {building}.",
        "Je l'ai déjà redémarré deux fois.",
        "Mon collègue {name} a le même problème.",
        "J'en ai besoin pour la réunion {meeting} à {hour} heures.",
        "Le message indique : {code} - opération échouée.",
        "Hier après-midi tout fonctionnait encore.",
        "J'ai essayé un autre câble et une autre prise.",
        "Cela bloque toute l'équipe {team}.",
        "Numéro d'inventaire {asset}, utilisateur {user}.",
        "Quelqu'un peut-il me rappeler au poste {ext} ?",
    ],
}
RESOLUTIONS = {
    "en": [
        "Reinstalled the driver.",
        "Reset the password and MFA.",
        "Replaced the cable.",
        "Cleared the cache and re-synced.",
        "Updated the firmware.",
        "Restarted the service.",
    ],
    "nl": [
        "Stuurprogramma opnieuw geïnstalleerd.",
        "Wachtwoord en MFA gereset.",
        "Kabel vervangen.",
        "Cache gewist en opnieuw gesynchroniseerd.",
        "Firmware bijgewerkt.",
        "Dienst herstart.",
    ],
    "fr": [
        "Pilote réinstallé.",
        "Mot de passe et MFA réinitialisés.",
        "Câble remplacé.",
        "Cache vidé et resynchronisé.",
        "Micrologiciel mis à jour.",
        "Service redémarré.",
    ],
}
NAMES = [
    "An",
    "Bram",
    "Chloé",
    "Dirk",
    "Elise",
    "Farid",
    "Greet",
    "Hugo",
    "Inès",
    "Jan",
    "Karim",
    "Lotte",
    "Marc",
    "Nora",
    "Olivier",
    "Pieter",
    "Rania",
    "Sofie",
    "Tom",
]
PLACES = ["first", "second", "third", "fourth", "fifth"]
TEAMS_ = ["finance", "logistics", "sales", "HR", "planning", "warehouse", "legal", "IT"]
MEETINGS = ["board", "weekly", "budget", "customer", "safety", "project"]


def fill(template: str, rng: random.Random) -> str:
    return template.format(
        code=f"0x{rng.randrange(16**5):05X}" if rng.random() < 0.5 else f"E{rng.randrange(9999)}",
        place=rng.choice(PLACES),
        building=rng.choice("ABCDEFGH") + str(rng.randrange(1, 9)),
        name=rng.choice(NAMES),
        meeting=rng.choice(MEETINGS),
        hour=rng.randrange(8, 18),
        team=rng.choice(TEAMS_),
        asset=f"BE-{rng.randrange(100000):05d}",
        user=f"u{rng.randrange(99999):05d}",
        ext=rng.randrange(1000, 9999),
    )


def ticket_text(rng: random.Random, language: str, *, long: bool = True) -> tuple[str, str]:
    thing, problem = rng.choice(THINGS[language]), rng.choice(PROBLEMS[language])
    subject = f"{thing} {fill(problem, rng)}"
    if not long:
        return subject, ""
    parts = [rng.choice(OPENERS[language]), f"{thing[0].upper()}{thing[1:]} {fill(problem, rng)}."]
    for template in rng.sample(DETAILS[language], rng.randrange(1, 6)):
        parts.append(fill(template, rng))
    if rng.random() < 0.3:
        other = rng.choice(THINGS[language])
        parts.append(f"{other[0].upper()}{other[1:]} {fill(rng.choice(PROBLEMS[language]), rng)}.")
    return subject, " ".join(p for p in parts if p)


def article_text(rng: random.Random, language: str) -> tuple[str, str, str]:
    thing, problem = rng.choice(THINGS[language]), rng.choice(PROBLEMS[language])
    title = f"{thing[0].upper()}{thing[1:]} {fill(problem, rng)}"
    steps = rng.sample(RESOLUTIONS[language], 3)
    body = "\n".join(
        [
            f"## {title}",
            fill(rng.choice(DETAILS[language]), rng),
            *[f"{i}. {step}" for i, step in enumerate(steps, start=1)],
            fill(rng.choice(DETAILS[language]), rng),
        ]
    )
    return title, steps[0], body


# --- seeding ------------------------------------------------------------------------


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


def seed(n_tickets: int, n_articles: int, rng: random.Random) -> dict:
    sys.path.insert(0, str(REPO / "bench"))
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from loket.knowledge.models import Article, ArticleTranslation
    from loket.problems.services import create_problem
    from loket.tickets.models import Category, ResolutionCode, Ticket
    from seed import BulkWriter, drop_secondary_indexes, setup_desk

    corpus = SimpleNamespace(
        N_AGENTS=4, COMPANIES=["Acme Logistics", "Brouwerij Bertem", "Cimenterie Liège"]
    )
    started = time.perf_counter()
    now = datetime.now(tz=UTC).replace(microsecond=0)
    categories = [
        Category.objects.create(name_nl=n, name_fr=n, name_en=n)
        for n in ("Hardware", "Software", "Network", "Account")
    ]
    with transaction.atomic():
        teams, agents, people, _token = setup_desk(corpus, 600)
        indexes = drop_secondary_indexes(connection, [Ticket])
        solved = ResolutionCode.objects.get(code="solved").pk
        writer = BulkWriter(connection, Ticket)
        for i in range(1, n_tickets + 1):
            contact = people[rng.randrange(len(people))]
            subject, description = ticket_text(rng, contact.language)
            created = now - timedelta(minutes=rng.randrange(60 * 24 * 700))
            closed = rng.random() < 0.8
            writer.add(
                id=i,
                number=f"{created.year}-{i:06d}",
                type="incident",
                channel="email",
                subject=subject[:200],
                description=description,
                contact_id=contact.pk,
                organisation_id=contact.organisation_id,
                impact=2,
                urgency=2,
                priority="P3",
                status="closed" if closed else "open",
                team_id=teams[i % len(teams)].pk,
                assignee_id=agents[i % len(agents)].pk,
                category_id=categories[i % len(categories)].pk,
                resolution=rng.choice(RESOLUTIONS[contact.language]) if closed else "",
                resolution_code_id=solved if closed else None,
                version=1,
                created_at=created,
                updated_at=created,
                resolved_at=created + timedelta(hours=3) if closed else None,
                closed_at=created + timedelta(days=3) if closed else None,
            )
        writer.flush()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in indexes:
                cursor.execute(sql)
            if connection.vendor == "postgresql":
                for sql in connection.ops.sequence_reset_sql(no_style(), [Ticket]):
                    cursor.execute(sql)
        stamp = timezone.now()
        articles = Article.objects.bulk_create(
            Article(
                type="solution",
                audience="public" if i % 2 else "internal",
                status="published" if i % 10 else "draft",
                category=categories[i % len(categories)],
                author=agents[0],
                published_at=stamp,
                version=1,
                created_at=stamp,
                updated_at=stamp,
            )
            for i in range(n_articles)
        )
        translations = []
        for i, article in enumerate(articles):
            for language in ("nl", "fr", "en")[: 1 + i % 3]:
                title, summary, body = article_text(rng, language)
                translations.append(
                    ArticleTranslation(
                        article=article, language=language, title=title, summary=summary, body=body
                    )
                )
        ArticleTranslation.objects.bulk_create(translations, batch_size=2000)
    admin = agents[0]
    for i in range(40):
        language = ("nl", "fr", "en")[i % 3]
        subject, description = ticket_text(rng, language)
        create_problem(
            acting_user=admin,
            title=subject[:200],
            symptoms=description,
            status="known_error" if i % 2 else "investigating",
            categories=[categories[i % len(categories)]],
        )
    seed_seconds = time.perf_counter() - started
    started = time.perf_counter()
    from django.core.management import call_command

    call_command("search_reindex", kind="ticket")
    call_command("search_reindex", kind="article")
    index_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "tickets": n_tickets,
        "articles": n_articles,
        "article_translations": len(translations),
        "problems": 40,
        "seed_seconds": round(seed_seconds, 1),
        "index_seconds": round(index_seconds, 1),
        "agent": agents[1].pk,
    }


def sizes() -> dict:
    from django.db import connection

    if connection.vendor != "postgresql":
        return {"database_bytes": SQLITE_FILE.stat().st_size}
    out = {}
    with connection.cursor() as cursor:
        for name in (
            "search_searchentry",
            "search_entry_document",
            "search_searchword",
            "tickets_ticket",
        ):
            cursor.execute("SELECT pg_total_relation_size(%s)", [name])
            out[name] = cursor.fetchone()[0]
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(agent_id: int, queries: int, rng: random.Random, *, cold: bool) -> dict:
    from django.conf import settings

    from loket.accounts.models import User
    from loket.search import engine
    from loket.search.suggestions import suggest

    agent = User.objects.get(pk=agent_id)
    texts = []
    for i in range(queries + 50):
        language = rng.choice(("nl", "fr", "en"))
        subject, description = ticket_text(rng, language, long=i % 2 == 0)
        texts.append((language, f"{subject}\n{description}".strip()))
    if cold:
        settings.SEARCH_DF_CACHE_SECONDS = 0
    engine._df_cache.clear()
    for language, text in texts[:50]:
        suggest(agent, text, language=language)
    seconds, found = [], 0
    by_length = {"short": [], "long": []}
    for i, (language, text) in enumerate(texts[50:]):
        started = time.perf_counter()
        result = suggest(agent, text, language=language)
        elapsed = time.perf_counter() - started
        seconds.append(elapsed)
        by_length["long" if i % 2 == 0 else "short"].append(elapsed)
        found += bool(result.articles) + bool(result.tickets)

    def ms(values):
        return {
            "p50_ms": round(percentile(values, 50) * 1000, 1),
            "p95_ms": round(percentile(values, 95) * 1000, 1),
            "p99_ms": round(percentile(values, 99) * 1000, 1),
            "mean_ms": round(statistics.mean(values) * 1000, 1),
        }

    return {
        "queries": queries,
        "df_cache": not cold,
        **ms(seconds),
        "short": ms(by_length["short"]),
        "long": ms(by_length["long"]),
        "with_articles_or_tickets": found,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--tickets", type=int, default=50_000)
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--reuse", action="store_true", help="measure the last seeded database")
    parser.add_argument("--cold", action="store_true", help="no document-frequency cache")
    args = parser.parse_args()
    if args.reuse:
        url = (
            f"sqlite:///{SQLITE_FILE}"
            if args.database == "sqlite"
            else f"{PG_SERVER}/{PG_DATABASE}"
        )
    else:
        url = fresh_database(args.database)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    os.environ.setdefault("SECRET_KEY", "loket-benchmark-only")
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    out = REPO / "bench" / "results" / f"search_latency_{args.database}.json"
    state = Path(f"/tmp/lk_bench_search_latency_{args.database}.json")
    if args.reuse:
        seeded = json.loads(state.read_text())
    else:
        call_command("migrate", verbosity=0)
        seeded = seed(args.tickets, args.articles, random.Random(4))
        state.write_text(json.dumps(seeded))
        print(
            f"seeded {seeded['tickets']} tickets, {seeded['articles']} articles in "
            f"{seeded['seed_seconds']} s; index built in {seeded['index_seconds']} s"
        )
    result = {
        "date": datetime.now(tz=UTC).date().isoformat(),
        "database": connection.vendor,
        "seeded": seeded,
        "sizes_bytes": sizes(),
        "suggest": measure(seeded["agent"], args.queries, random.Random(5), cold=args.cold),
    }
    s = result["suggest"]
    print(
        f"suggest over {s['queries']} texts ({'cold' if args.cold else 'warm'} df cache): "
        f"p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, p99 {s['p99_ms']} ms "
        f"(short p95 {s['short']['p95_ms']}, long p95 {s['long']['p95_ms']})"
    )
    print("sizes:", {k: f"{v / 2**20:.1f} MiB" for k, v in result["sizes_bytes"].items()})
    previous = json.loads(out.read_text()) if out.exists() else {}
    previous["cold" if args.cold else "warm"] = result
    out.write_text(json.dumps(previous, indent=1) + "\n")


if __name__ == "__main__":
    main()
