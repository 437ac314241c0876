"""Demo data for complaints, called by loket.core.demo.guidance.

Eight complaints on demo tickets of different organisations, categories and months, in
each contact's language: some followed up (satisfied, not satisfied, unreachable), one
answered and waiting for its follow-up, two open and one overdue — so the counts page,
the ticket banners and the supervisors' notifications have something to show.
"""

from datetime import datetime, timedelta

from loket.complaints import services
from loket.complaints.models import Complaint
from loket.tickets.models import Status, Ticket

# (paraphrase, desired outcome, subject) per language.
STORIES: list[dict[str, tuple[str, str, str]]] = [
    {
        "nl": (
            "Er werd twee keer beloofd terug te bellen over de printer, maar niemand belde.",
            "Vandaag nog teruggebeld worden en een werkende printer tegen vrijdag.",
            "delay",
        ),
        "fr": (
            "On a promis deux fois de rappeler pour l'imprimante, personne n'a rappelé.",
            "Être rappelé aujourd'hui et une imprimante qui fonctionne d'ici vendredi.",
            "delay",
        ),
        "en": (
            "We were promised a callback about the printer twice; nobody called back.",
            "A call back today and a working printer by Friday.",
            "delay",
        ),
    },
    {
        "nl": (
            "De technicus was kortaf aan de telefoon en hing op voor het probleem opgelost was.",
            "Excuses en iemand die het probleem rustig afwerkt.",
            "behaviour",
        ),
        "fr": (
            "Le technicien a été sec au téléphone et a raccroché avant la fin.",
            "Des excuses et quelqu'un qui termine le dépannage calmement.",
            "behaviour",
        ),
        "en": (
            "The technician was curt on the phone and hung up before it was solved.",
            "An apology and someone who finishes the job calmly.",
            "behaviour",
        ),
    },
    {
        "nl": (
            "De laptop kwam na herstelling terug met hetzelfde defect; drie dagen zonder toestel.",
            "Een vervangtoestel tot de laptop echt hersteld is.",
            "quality",
        ),
        "fr": (
            "Le portable est revenu de réparation avec le même défaut ; trois jours sans appareil.",
            "Un appareil de remplacement jusqu'à la vraie réparation.",
            "quality",
        ),
        "en": (
            "The laptop came back from repair with the same fault; three days without a device.",
            "A loan device until the laptop is really repaired.",
            "quality",
        ),
    },
    {
        "nl": (
            "Al een week geen toegang tot de gedeelde map; elke keer een ander antwoord gekregen.",
            "Eén vaste contactpersoon en toegang vandaag.",
            "service",
        ),
        "fr": (
            "Pas d'accès au dossier partagé depuis une semaine ; chaque fois une autre réponse.",
            "Un seul interlocuteur et l'accès aujourd'hui.",
            "service",
        ),
        "en": (
            "No access to the shared folder for a week; a different answer every time.",
            "One contact person and access today.",
            "service",
        ),
    },
    {
        "nl": (
            "Al een week geen nieuws over de melding, hoewel er beterschap beloofd werd.",
            "Vandaag een stand van zaken en een datum waarop het opgelost is.",
            "delay",
        ),
        "fr": (
            "Aucune nouvelle depuis une semaine malgré les promesses.",
            "Un point de la situation aujourd'hui et une date de résolution.",
            "delay",
        ),
        "en": (
            "No news about the request for a week, despite promises.",
            "An update today and a date by which it is solved.",
            "delay",
        ),
    },
]
GENERAL_STORIES = (1, 4)  # fit any ticket: how someone was treated, waiting without news

# What happens after registering, oldest first: the newest are still open.
PLAN = [
    ("yes", 170),
    ("no", 140),
    ("unreachable", 110),
    ("yes", 75),
    ("overdue", 12),
    ("answered", 6),
    ("open", 2),
    ("open", 0.3),
]
OUTCOMES = {
    "nl": "Excuses aangeboden; het probleem is opgelost en we bellen voortaan binnen het uur terug.",
    "fr": "Excuses présentées ; le problème est résolu et nous rappelons désormais dans l'heure.",
    "en": "Apologised; the problem is solved and we now call back within the hour.",
}
NOT_SATISFIED = {
    "nl": "Vindt de oplossing te laat; wil een gesprek met de leidinggevende.",
    "fr": "Trouve la solution trop tardive ; souhaite parler au responsable.",
    "en": "Finds the solution too late; wants to talk to the supervisor.",
}


# Which story fits a ticket, by words in its category's English name.
STORY_WORDS = (
    (0, ("print",)),
    (2, ("laptop", "hardware", "screen", "monitor", "peripheral", "device")),
    (3, ("account", "password", "access", "file", "share")),
)


def _story_for(ticket: Ticket, index: int) -> int:
    category = ticket.category
    names = ""
    while category is not None:
        names += " " + (category.name_en or category.name_nl).lower()
        category = category.parent
    for story, words in STORY_WORDS:
        if any(word in names for word in words):
            return story
    return GENERAL_STORIES[index % len(GENERAL_STORIES)]


def _candidates() -> list[Ticket]:
    """Tickets not closed, with a contact and an organisation, newest first."""
    return list(
        Ticket.objects.exclude(status=Status.CLOSED)
        .filter(contact__isnull=False, organisation__isnull=False, complaint__isnull=True)
        .select_related("contact", "organisation", "category__parent")
        .order_by("-created_at", "-pk")
    )


def _pick(
    candidates: list[Ticket],
    before: datetime,
    used: set[int],
    organisations: set[int],
    *,
    still_open: bool,
) -> Ticket | None:
    """The newest unused candidate created before ``before``, of an organisation not yet
    used if possible, and open when ``still_open`` (a complaint awaiting its answer)."""
    fitting = [t for t in candidates if t.pk not in used and t.created_at < before]
    fitting.sort(key=lambda t: (still_open and not t.is_open, t.organisation_id in organisations))
    return fitting[0] if fitting else None


def build(desk, now) -> int:
    """Create the demo complaints; return how many were made."""
    if Complaint.objects.exists():
        return 0
    agents = desk.agents() or [desk.staff["agent"]]
    supervisor = desk.staff.get("supervisor")
    candidates = _candidates()
    used: set[int] = set()
    organisations: set[int] = set()
    made = 0
    for index, (fate, days_ago) in enumerate(PLAN):
        registered = now - timedelta(days=days_ago)
        waiting = fate in ("open", "overdue")
        ticket = _pick(
            candidates, registered - timedelta(hours=1), used, organisations, still_open=waiting
        )
        if ticket is None:
            continue
        used.add(ticket.pk)
        organisations.add(ticket.organisation_id)
        language = ticket.contact.language if ticket.contact.language in STORIES[0] else "nl"
        paraphrase, outcome, subject = STORIES[_story_for(ticket, index)][language]
        agent = ticket.assignee if ticket.assignee and ticket.assignee.is_staff_member else None
        agent = agent or agents[index % len(agents)]
        complaint = services.register_complaint(
            ticket,
            paraphrase=paraphrase,
            paraphrase_confirmed=True,
            desired_outcome=outcome,
            subject=subject,
            acting_user=agent,
            now=registered,
        ).complaint
        made += 1
        if waiting:
            continue
        answered = registered + timedelta(days=2)
        services.record_answer(
            complaint, outcome=OUTCOMES[language], acting_user=supervisor or agent, now=answered
        )
        if fate == "answered":
            continue
        services.record_follow_up(
            complaint,
            satisfied=fate,
            note=NOT_SATISFIED[language] if fate == "no" else "",
            acting_user=agent,
            now=answered + timedelta(days=1),
        )
    return made
