"""Demo data for scenarios, called by ``loket.core.demo.guidance``: three published
scenarios (printer, log-in with identity check, network), a few runs on demo tickets
(completed and left with a reason) and improvement proposals, so that the list, the
statistics and the proposals pages have something to show."""

import random
from datetime import datetime, timedelta

from loket.knowledge.models import ArticleStatus, ArticleTranslation
from loket.scenarios import authoring, demo_trees
from loket.scenarios.models import (
    Proposal,
    RunOutcome,
    RunStatus,
    RunStep,
    Scenario,
    ScenarioRun,
    ScenarioVersion,
)
from loket.scenarios.stats import in_language
from loket.scenarios.validation import validate
from loket.tickets.models import Ticket

SCENARIOS = [
    {
        "tree": demo_trees.printer,
        "titles": {
            "nl": "Printer drukt niet af",
            "fr": "L'imprimante n'imprime pas",
            "en": "Printer does not print",
        },
        "category": "printing",
        "keywords": "printer, afdrukken, imprimante, imprimer, print, toner, papier, spooler",
    },
    {
        "tree": demo_trees.login,
        "titles": {
            "nl": "Kan niet aanmelden / wachtwoord resetten (met identiteitscontrole)",
            "fr": "Connexion impossible / réinitialiser le mot de passe (avec vérification d'identité)",
            "en": "Cannot log in / password reset (with identity check)",
        },
        "category": "account.password",
        "keywords": "wachtwoord, aanmelden, geblokkeerd, mot de passe, bloqué, password, "
        "locked, login, MFA",
    },
    {
        "tree": demo_trees.network,
        "titles": {
            "nl": "Geen netwerk / wifi",
            "fr": "Pas de réseau / Wi-Fi",
            "en": "No network / Wi-Fi",
        },
        "category": "network.wifi",
        "keywords": "wifi, netwerk, internet, réseau, wi-fi, network, verbinding, connexion",
    },
]
ARTICLES = {  # refs key -> English title of a published demo article
    "article_print_queue": "Print queue stuck: restart the spooler",
    "article_password": "Forgot your password: set a new one yourself",
    "article_mfa": "Link a new smartphone to two-factor authentication (MFA)",
    "article_wifi": "Wi-Fi: connecting to eduroam or the guest network",
}
# Paths walked by the demo runs: the (step, answer) pairs the agent gave, then the actions
# that follow; with a reason, the agent left the scenario at the next step (a deviation).
RUNS = {
    "printing": [
        ([("power", "on-ok"), ("queue", "pass"), ("test-page", "pass")], ""),
        (
            [("power", "on-ok"), ("queue", "fail")],
            "De klant gebruikt een netwerkprinter van een andere afdeling; via hun beheerder.",
        ),
        ([("power", "error"), ("paper-toner", "fail")], ""),
        (
            [
                ("power", "on-ok"),
                ("queue", "fail"),
                ("spooler", "done"),
                ("article-spooler", "link_article"),
                ("after-spooler", "pass"),
            ],
            "",
        ),
        (
            [
                ("power", "off"),
                ("power-cable", "done"),
                ("powered-now", "yes"),
                ("queue", "pass"),
                ("test-page", "pass"),
            ],
            "",
        ),
    ],
    "account.password": [
        (
            [
                ("id-details", "match"),
                ("id-code", "pass"),
                ("problem", "forgot"),
                ("locked", "pass"),
                ("reset", "done"),
                ("article-reset", "link_article"),
                ("login-ok", "pass"),
            ],
            "",
        ),
        (
            [("id-details", "match"), ("id-code", "pass"), ("problem", "mfa")],
            "Klant heeft zijn oude gsm nog; MFA kon gewoon overgezet worden.",
        ),
        ([("id-details", "no-match")], ""),
    ],
    "network.wifi": [
        ([("scope", "only-me"), ("connection", "wifi"), ("airplane", "fixed")], ""),
        (
            [("scope", "only-me"), ("connection", "wifi")],
            "Laptop ziet geen enkel netwerk: wifikaart defect, meteen naar werkplek.",
        ),
        ([("scope", "site"), ("known-problems", "fail")], ""),
    ],
}
# Other reasons agents gave for leaving, so the statistics show a few.
MORE_REASONS = {
    "printing": [
        "Printer van de klant is een privétoestel thuis; geen ondersteuning, doorverwezen.",
        "Klant moest dringend weg; later opnieuw bellen.",
    ],
    "account.password": [
        "Klant belde voor een collega; die belt zelf terug.",
        "Aanmelden lukte plots weer voor we iets wijzigden.",
    ],
    "network.wifi": [
        "Klant zit in een hotel: wifi van het hotel, geen bedrijfsnetwerk.",
        "Het ging om de VPN, niet om de wifi: VPN-scenario nodig.",
    ],
}
PROPOSALS = {
    "printing": (
        "queue",
        "Vraag eerst of het om een netwerkprinter van een andere afdeling gaat; dan hoort het "
        "ticket bij hun beheerder.",
    ),
    "network.wifi": (
        "airplane",
        "Voeg een stap toe: ziet de laptop nog andere wifinetwerken? Zo niet, meteen naar werkplek.",
    ),
}


def _refs(desk) -> dict:
    refs = {key: desk.teams[key].pk for key in ("second_line", "network", "security")}
    titles = (
        ArticleTranslation.objects.filter(
            language="en",
            title__in=ARTICLES.values(),
            article__status=ArticleStatus.PUBLISHED,
        )
        .order_by("article_id")
        .values_list("title", "article_id")
    )
    found = dict(titles)
    for key, title in ARTICLES.items():
        refs[key] = found.get(title)
    return refs


def build(desk, now) -> int:
    """Create the demo scenarios (those not there yet, by Dutch title); return how many
    demo scenarios there are."""
    supervisor = desk.staff["supervisor"]
    refs = _refs(desk)
    rng = random.Random(5)
    made = 0
    for row in SCENARIOS:
        if Scenario.objects.filter(title_nl=row["titles"]["nl"]).exists():
            made += 1
            continue
        tree = row["tree"](refs)
        problems = validate(tree)
        if problems:  # a demo that does not validate is a bug: say which
            raise ValueError(f"demo scenario {row['titles']['en']}: {problems}")
        created = now - timedelta(days=120)
        scenario = authoring.create_scenario(
            titles=row["titles"],
            owner=supervisor,
            categories=[desk.categories[row["category"]]],
            keywords=row["keywords"],
            acting_user=supervisor,
            now=created,
        )
        draft = authoring.draft_for(scenario, acting_user=supervisor, now=created)
        authoring.save_draft(draft, tree=tree, acting_user=supervisor, now=created)
        version = authoring.publish(
            draft, note="Eerste versie", acting_user=supervisor, now=created + timedelta(days=1)
        )
        _runs(rng, desk, version, row["category"], now)
        made += 1
    return made


def _runs(rng: random.Random, desk, version: ScenarioVersion, category_key: str, now) -> None:
    """Runs on earlier demo tickets of the scenario's category (or any, if there are none)."""
    category = desk.categories[category_key]
    tickets = list(
        Ticket.objects.filter(category=category, created_at__gte=version.published_at)
        .select_related("contact", "assignee")
        .order_by("created_at")[:40]
    )
    if not tickets:
        return
    steps = {s["id"]: s for s in version.tree["steps"]}
    agents = desk.agents() or [desk.staff["supervisor"]]
    plans = RUNS[category_key]
    last_run = None
    for n, ticket in enumerate(rng.sample(tickets, min(len(tickets), 3 * len(plans)))):
        path, reason = plans[n % len(plans)]
        if reason:
            reason = ([reason, *MORE_REASONS[category_key]])[n // len(plans) % 3]
        agent = ticket.assignee if ticket.assignee and ticket.assignee.is_staff_member else None
        last_run = _run(ticket, version, steps, path, reason, agent or rng.choice(agents))
    text = PROPOSALS.get(category_key)
    if text and last_run is not None:
        Proposal.objects.create(
            scenario=version.scenario,
            version=version,
            step_id=text[0],
            run=last_run,
            text=text[1],
            author=last_run.agent,
            created_at=min(last_run.ended_at or now, now),
        )


def _next(step: dict, answer: str) -> str:
    if step["kind"] == "question":
        return next(o["next"] for o in step["options"] if o["id"] == answer)
    if step["kind"] == "check":
        return step["outcomes"][answer]
    return step.get("next") or ""


def _finish(steps: dict, path: list, reason: str) -> tuple[list, str, str, str]:
    """Follow ``path``, then the actions after it, to where the run ends:
    (the steps taken, status, outcome, end step)."""
    last_id, last_answer = path[-1]
    current = _next(steps[last_id], last_answer)
    if reason:
        return path, RunStatus.LEFT, RunOutcome.LEFT, current
    path = list(path)
    while current:
        step = steps[current]
        kind = step["action"]["type"]  # the demo paths end in actions
        path.append((current, kind))
        if kind in ("resolve", "escalate"):
            outcome = RunOutcome.RESOLVED if kind == "resolve" else RunOutcome.ESCALATED
            return path, RunStatus.COMPLETED, outcome, current
        if not step.get("next"):
            return path, RunStatus.COMPLETED, RunOutcome.ENDED, current
        current = step["next"]
    raise ValueError("a demo path leads nowhere")


def _answer_label(step: dict, answer: str) -> str:
    if step["kind"] == "question":
        for option in step["options"]:
            if option["id"] == answer:
                return in_language(option["label"], "nl")
    return {"pass": "geslaagd", "fail": "mislukt", "not_possible": "niet mogelijk"}.get(answer, "")


def _run(ticket, version, steps, path, reason, agent) -> ScenarioRun:
    path, status, outcome, end_step = _finish(steps, path, reason)
    started: datetime = ticket.created_at + timedelta(minutes=1)
    contact = ticket.contact
    run = ScenarioRun.objects.create(
        ticket=ticket,
        version=version,
        agent=agent,
        language=(contact.language if contact else "") or "nl",
        profile=(contact.profile if contact else "") or "",
        status=status,
        outcome=outcome,
        end_step=end_step,
        current_step="",
        deviation_reason=reason,
        started_at=started,
        ended_at=started + timedelta(minutes=len(path) + 1),
    )
    taken = []
    for n, (step_id, answer) in enumerate(path):
        step = steps[step_id]
        if step["kind"] == "instruction":
            answer = "done"
        elif step["kind"] == "action":
            answer = step["action"]["type"]
        title = in_language(step["title"], "nl")
        label = _answer_label(step, answer)
        taken.append(
            RunStep(
                run=run,
                step_id=step_id,
                kind=step["kind"],
                answer=answer,
                summary=f"{title}: {label}" if label else title,
                at=started + timedelta(minutes=n + 1),
            )
        )
    RunStep.objects.bulk_create(taken)
    return run
