"""The demo's knowledge base and known problems, written through the knowledge and
problems services after the tickets exist.

About twenty first-line articles in nl/fr/en (a few in two languages, one only in
English to show the fallback), most published by the supervisor, two in review, one
draft, one flagged "needs update", one with two versions; three known problems (an
active one with a public notice, a known error with a workaround, a resolved one) with
matching demo tickets linked; two resolved tickets flagged "needs article".
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q

from loket.accounts.models import User
from loket.core.demo.articles_access import ACCESS
from loket.core.demo.articles_email import EMAIL
from loket.core.demo.articles_workplace import WORKPLACE
from loket.core.demo.timeline import Desk
from loket.knowledge import services as kb
from loket.knowledge import usage
from loket.knowledge.models import Article
from loket.problems import services as problems
from loket.problems.models import KnownProblem, ProblemStatus
from loket.tickets.models import OPEN_STATUSES, Status, Ticket

ARTICLES = WORKPLACE + EMAIL + ACCESS
# First-line agents write; the network and security specialists are named reviewers of
# the articles in their field (besides the supervisor, who publishes).
AUTHORS = {"network": "agent", "security": "lotte", "account": "lotte", "email": "mehdi"}
REVIEWERS = {"network": ["jonas"], "security": ["thomas"]}
NEEDS_UPDATE = {
    "teams-camera": "Teams heeft een nieuwe versie: het menu heet nu 'Instellingen > "
    "Apparaten en audio', de schermafbeeldingen kloppen niet meer."
}
FEEDBACK = {  # key -> (helpful, language, comment)
    "vpn-connect": [
        (True, "nl", "De klok van mijn laptop stond verkeerd, nu werkt het."),
        (True, "fr", ""),
        (False, "nl", "Ik krijg geen melding op mijn gsm."),
        (True, "en", ""),
    ],
    "password-reset": [(True, "nl", ""), (True, "fr", "Très clair, merci !"), (True, "nl", "")],
    "printer-offline": [(True, "nl", ""), (False, "fr", "L'imprimante reste hors ligne.")],
    "mailbox-full": [(True, "nl", "Zoeken op grootte was de tip die ik nodig had.")],
    "teams-camera": [(False, "nl", "Het menu ziet er bij mij anders uit.")],
    "mfa-new-phone": [(True, "en", ""), (True, "fr", "")],
}
VIEWS = {"vpn-connect": 180, "password-reset": 240, "printer-offline": 95, "mailbox-full": 120}


@dataclass(frozen=True)
class KnowledgeSummary:
    articles: int
    problems: int


def build_knowledge(rng: random.Random, desk: Desk, now: datetime) -> KnowledgeSummary:
    """Write the articles, problems and links; returns how many of each exist."""
    staff = desk.staff
    articles = {row["key"]: _write_article(rng, row, desk, now) for row in ARTICLES}
    _second_version(articles["password-reset"], staff["supervisor"], now)
    for key, reason in NEEDS_UPDATE.items():
        kb.flag_needs_update(articles[key], acting_user=staff["agent"], reason=reason)
    _reader_activity(rng, articles, desk, now)
    _build_problems(articles, desk, now)
    _request_articles(desk, now)
    return KnowledgeSummary(articles=Article.objects.count(), problems=KnownProblem.objects.count())


def _write_article(rng: random.Random, row: dict, desk: Desk, now: datetime) -> Article:
    top = row["category"].split(".")[0]
    author = desk.staff[AUTHORS.get(top, rng.choice(["agent", "lotte", "mehdi"]))]
    supervisor = desk.staff["supervisor"]
    written = now - timedelta(days=rng.randint(60, 170), hours=rng.randint(0, 8))
    article = kb.create_article(
        acting_user=author,
        translations=_first_draft(row) if row["key"] == "password-reset" else row["texts"],
        type=row["type"],
        audience=row["audience"],
        category=desk.categories[row["category"]],
        tags=row["tags"],
        reviewers=[desk.staff[name] for name in REVIEWERS.get(top, []) if name != author.username],
        now=written,
    )
    if row["state"] == "draft":
        return article
    submitted = written + timedelta(hours=rng.randint(1, 48))
    article = kb.submit_for_review(article, acting_user=author, now=submitted)
    if row["state"] == "published":
        article = kb.publish_article(
            article,
            acting_user=supervisor,
            note="Eerste versie",
            now=submitted + timedelta(hours=rng.randint(2, 72)),
        )
    return article


def _first_draft(row: dict) -> dict:
    """The password article as first published: 12 characters and no step 5, so that
    the second version has a difference worth showing."""
    texts = {}
    for language, text in row["texts"].items():
        body = text["body"].split("\n5. ")[0].replace("14", "12") + "\n"
        texts[language] = {**text, "body": body}
    return texts


def _second_version(article: Article, supervisor: User, now: datetime) -> None:
    row = next(r for r in ARTICLES if r["key"] == "password-reset")
    kb.update_article(
        article,
        acting_user=supervisor,
        translations=row["texts"],
        tags=[*row["tags"], "vpn"],
        note="Nieuw wachtwoordbeleid (14 tekens); aanmelden via VPN toegevoegd",
        now=now - timedelta(days=12),
    )


def _reader_activity(
    rng: random.Random, articles: dict[str, Article], desk: Desk, now: datetime
) -> None:
    """Views and "did this help?" answers on the published public articles, and a few
    articles used on the tickets they answer."""
    customer = desk.customers["customer"]
    for key, article in articles.items():
        if article.status != "published":
            continue
        for _ in range(VIEWS.get(key, rng.randint(3, 60))):
            usage.record_view(article)
        for helpful, language, comment in FEEDBACK.get(key, []):
            usage.record_feedback(
                article,
                helpful=helpful,
                language=language,
                comment=comment,
                user=customer if language == customer.language and comment else None,
                now=now - timedelta(days=rng.randint(1, 40), minutes=rng.randint(0, 600)),
            )
    for key, words in (("out-of-office", ["afwezig", "absence", "out-of-office"]),):
        for ticket in _tickets_about(words, statuses=[Status.RESOLVED, Status.CLOSED])[:4]:
            usage.link_article(
                ticket,
                articles[key],
                acting_user=ticket.assignee or desk.staff["agent"],
                now=ticket.resolved_at or ticket.created_at,
            )


def _tickets_about(words: list[str], *, statuses=(), category=None) -> list[Ticket]:
    """Demo tickets whose subject holds one of ``words``, newest first."""
    match = Q()
    for word in words:
        match |= Q(subject__icontains=word)
    tickets = Ticket.objects.filter(match).select_related("assignee")
    if statuses:
        tickets = tickets.filter(status__in=statuses)
    if category is not None:
        tickets = tickets.filter(category=category)
    return list(tickets.order_by("-created_at", "-pk"))


def _build_problems(articles: dict[str, Article], desk: Desk, now: datetime) -> None:
    supervisor, jonas, elise = (desk.staff[u] for u in ("supervisor", "jonas", "elise"))
    cats = desk.categories
    vpn = problems.create_problem(
        acting_user=jonas,
        title="VPN: trage verbinding en onderbrekingen sinds de update van dinsdag",
        symptoms="Sinds de uitrol van VPN-client 7.4 op dinsdag melden thuiswerkers een trage "
        "verbinding, haperende Teams-gesprekken, time-outs bij verificatie en "
        "verbindingen die wegvallen.",
        cause="Vermoedelijk de nieuwe versie van de VPN-client (MTU-instelling); in onderzoek "
        "met de leverancier.",
        workaround="Bestanden via OneDrive/SharePoint in de browser openen, Teams zonder VPN "
        "gebruiken, of de server vpn2.loket.example kiezen (nog zonder update).",
        status=ProblemStatus.INVESTIGATING,
        categories=[cats["network.vpn"]],
        affected_services="VPN, netwerkschijven",
        public_notice=True,
        notices={
            "nl": "VPN: trage verbinding sinds de update van dinsdag. We werken aan een "
            "oplossing; gebruik intussen OneDrive in de browser of de server "
            "vpn2.loket.example. U hoeft dit niet te melden.",
            "fr": "VPN : connexion lente depuis la mise à jour de mardi. Nous travaillons à "
            "une solution ; utilisez en attendant OneDrive dans le navigateur ou le serveur "
            "vpn2.loket.example. Inutile de le signaler.",
            "en": "VPN: slow connection since Tuesday's update. We are working on a fix; "
            "meanwhile use OneDrive in the browser or the server vpn2.loket.example. No "
            "need to report it.",
        },
        article=articles["vpn-slow"],
        now=now - timedelta(days=3, hours=2),
    )
    _link(vpn, cats["network.vpn"], ["VPN"], jonas, limit=6)
    office = problems.create_problem(
        acting_user=elise,
        title="Office-toepassingen crashen bij openen van bestanden (PDF Export 4.2)",
        symptoms="Excel, Word of Outlook sluit zonder melding telkens een bestand geopend "
        "wordt; alleen op werkplekken met de invoegtoepassing PDF Export 4.2.",
        cause="PDF Export 4.2 is niet compatibel met de laatste Office-update.",
        workaround="Invoegtoepassing PDF Export uitschakelen via Bestand > Opties > "
        "Invoegtoepassingen > COM-invoegtoepassingen (zie het kennisartikel).",
        status=ProblemStatus.KNOWN_ERROR,
        categories=[cats["software.office"]],
        affected_services="Microsoft 365 (Excel, Word, Outlook)",
        article=articles["office-addin-crash"],
        now=now - timedelta(days=21),
    )
    _link(office, cats["software.office"], ["crash", "plante"], elise, limit=4)
    printers = problems.create_problem(
        acting_user=supervisor,
        title="Multifunctionele printers drukken blanco pagina's na stuurprogramma-update",
        symptoms="Afdrukken vanaf pc's komen blanco uit de multifunctionele printers; kopiëren "
        "werkt wel.",
        cause="Een defect stuurprogrammapakket werd via het softwarecentrum uitgerold.",
        workaround="Printer verwijderen en opnieuw toevoegen met het vorige stuurprogramma.",
        status=ProblemStatus.KNOWN_ERROR,
        categories=[cats["printing"]],
        affected_services="Printen",
        article=articles["blank-pages"],
        now=now - timedelta(days=75),
    )
    resolved = now - timedelta(days=60)
    _link(
        printers,
        cats["printing"],
        ["blanco", "blanches", "blank"],
        supervisor,
        limit=3,
        statuses=[Status.RESOLVED, Status.CLOSED],
        before=resolved,
    )
    problems.resolve_problem(
        printers,
        acting_user=supervisor,
        resolution="Gecorrigeerd stuurprogrammapakket uitgerold naar alle werkplekken.",
        resolve_tickets=False,
        notify=False,
        now=resolved,
    )


def _link(
    problem: KnownProblem,
    category,
    words: list[str],
    user: User,
    *,
    limit: int,
    statuses=(),
    before: datetime | None = None,
) -> None:
    """Link the newest matching tickets, open ones first."""
    found = [
        t
        for t in _tickets_about(words, category=category, statuses=statuses)
        if before is None or t.created_at < before
    ]
    chosen = [t for t in found if t.status in OPEN_STATUSES][:limit]
    chosen += [t for t in found if t not in chosen][: limit - len(chosen)]
    for ticket in chosen:
        problems.link_ticket(
            ticket, problem, acting_user=user, now=max(problem.created_at, ticket.created_at)
        )


def _request_articles(desk: Desk, now: datetime) -> None:
    """Two resolved tickets about things the knowledge base has no article for yet."""
    supervisor = desk.staff["supervisor"]
    wanted = [
        (
            ["boeken", "comptabilisation", "posting"],
            "Terugkerende boekingsfout: een artikel voor eerste lijn zou een escalatie besparen.",
        ),
        (
            ["verhuis", "déménagement", "move"],
            "Vaak gestelde vraag over verhuizen: FAQ-artikel voor klanten.",
        ),
    ]
    for words, reason in wanted:
        found = _tickets_about(words, statuses=[Status.RESOLVED, Status.CLOSED])
        if found:
            ticket = found[0]
            usage.request_article(
                ticket,
                acting_user=ticket.assignee or supervisor,
                reason=reason,
                now=ticket.resolved_at or now,
            )
