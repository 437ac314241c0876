"""Demo checklists, called by loket.core.demo.guidance: three routine tests in nl/fr/en
and a few partly ticked checklists on open demo tickets."""

from datetime import timedelta

from loket.checklists import services
from loket.checklists.definitions import add_item, create_template
from loket.checklists.models import ChecklistTemplate, ItemState
from loket.tickets.models import OPEN_STATUSES, Channel, Ticket, TicketType
from loket.tickets.services import create_ticket

# (nl, fr, en) texts; a fourth element names the result to record (nl, fr, en).
LAPTOP = {
    "title": (
        "Nieuwe laptop klaar voor gebruik",
        "Nouvel ordinateur portable prêt à l'emploi",
        "New laptop ready for use",
    ),
    "description": (
        "Voor elke laptop die we aan een nieuwe of bestaande medewerker geven.",
        "Pour chaque ordinateur portable remis à un collaborateur.",
        "For every laptop we hand to a new or existing employee.",
    ),
    "items": [
        (
            "Serienummer genoteerd",
            "Numéro de série noté",
            "Serial number recorded",
            ("serienummer", "numéro de série", "serial number"),
        ),
        (
            "Windows-updates geïnstalleerd en herstart",
            "Mises à jour Windows installées et redémarré",
            "Windows updates installed and restarted",
        ),
        (
            "BitLocker-versleuteling actief",
            "Chiffrement BitLocker actif",
            "BitLocker encryption active",
        ),
        (
            "Aangemeld met de account van de gebruiker",
            "Connecté avec le compte de l'utilisateur",
            "Signed in with the user's account",
        ),
        (
            "Outlook en Teams geopend en gesynchroniseerd",
            "Outlook et Teams ouverts et synchronisés",
            "Outlook and Teams opened and synchronised",
        ),
        (
            "Wifi LOKET-CORP en VPN getest",
            "Wi-Fi LOKET-CORP et VPN testés",
            "Wi-Fi LOKET-CORP and VPN tested",
        ),
        (
            "Standaardprinter ingesteld en testpagina afgedrukt",
            "Imprimante par défaut configurée et page de test imprimée",
            "Default printer set and test page printed",
        ),
        (
            "Laptop en lader overhandigd, ontvangst getekend",
            "Ordinateur et chargeur remis, réception signée",
            "Laptop and charger handed over, receipt signed",
        ),
    ],
}
PRINTER = {
    "title": ("Printer routinetest", "Test de routine imprimante", "Printer routine test"),
    "description": (
        "De vaste controles voordat we een printerprobleem doorsturen.",
        "Les contrôles habituels avant de transmettre un problème d'imprimante.",
        "The usual checks before we pass on a printer problem.",
    ),
    "items": [
        (
            "Printer staat aan en toont geen foutmelding",
            "L'imprimante est allumée, sans message d'erreur",
            "Printer is on and shows no error",
            ("melding op het scherm", "message à l'écran", "message on the display"),
        ),
        (
            "Papier en toner gecontroleerd",
            "Papier et toner vérifiés",
            "Paper and toner checked",
        ),
        (
            "Afdrukwachtrij op de pc leeggemaakt",
            "File d'impression vidée sur le PC",
            "Print queue on the PC cleared",
        ),
        (
            "Testpagina afgedrukt vanaf de printer zelf",
            "Page de test imprimée depuis l'imprimante",
            "Test page printed from the printer itself",
        ),
        (
            "Testafdruk vanaf de pc van de gebruiker",
            "Impression de test depuis le PC de l'utilisateur",
            "Test print from the user's PC",
        ),
    ],
}
ACCOUNT = {
    "title": (
        "Nieuwe medewerker: account",
        "Nouveau collaborateur : compte",
        "New employee account",
    ),
    "description": (
        "Alles wat een nieuwe medewerker op de eerste dag nodig heeft.",
        "Tout ce dont un nouveau collaborateur a besoin le premier jour.",
        "Everything a new employee needs on their first day.",
    ),
    "items": [
        (
            "Identiteit en startdatum bevestigd door de leidinggevende",
            "Identité et date d'entrée confirmées par le responsable",
            "Identity and start date confirmed by the manager",
        ),
        (
            "Account aangemaakt",
            "Compte créé",
            "Account created",
            ("gebruikersnaam", "nom d'utilisateur", "user name"),
        ),
        (
            "Mailbox en licenties toegekend",
            "Boîte mail et licences attribuées",
            "Mailbox and licences assigned",
        ),
        (
            "Groepen en gedeelde mappen volgens de functie",
            "Groupes et dossiers partagés selon la fonction",
            "Groups and shared folders for the job",
        ),
        (
            "MFA ingesteld met de gebruiker",
            "MFA configurée avec l'utilisateur",
            "MFA set up with the user",
        ),
        (
            "Tijdelijk wachtwoord veilig bezorgd",
            "Mot de passe temporaire remis en sécurité",
            "Temporary password handed over securely",
        ),
    ],
}


def _template(spec: dict, *, owner, categories, types=(), required=False) -> ChecklistTemplate:
    title, description = spec["title"], spec["description"]
    template = create_template(
        acting_user=owner,
        title_nl=title[0],
        title_fr=title[1],
        title_en=title[2],
        description_nl=description[0],
        description_fr=description[1],
        description_en=description[2],
        categories=categories,
        ticket_types=list(types),
        required=required,
    )
    for texts in spec["items"]:
        result = texts[3] if len(texts) > 3 else ("", "", "")
        add_item(
            template,
            acting_user=owner,
            text_nl=texts[0],
            text_fr=texts[1],
            text_en=texts[2],
            result_nl=result[0],
            result_fr=result[1],
            result_en=result[2],
        )
    return template


def _tick_some(checklist, user, at, states: list[str], results: dict[int, str]) -> None:
    for position, (item, state) in enumerate(zip(checklist.items.all(), states, strict=False)):
        at += timedelta(minutes=2)
        services.tick(item, state=state, result=results.get(position, ""), acting_user=user, now=at)


def build(desk, now) -> int:
    """Create the demo checklists; return how many were made (templates and checklists)."""
    supervisor = desk.staff["supervisor"]
    laptop = _template(
        LAPTOP,
        owner=supervisor,
        categories=[desk.categories["hardware.laptop"]],
        types=[TicketType.SERVICE_REQUEST],
        required=True,
    )
    printer = _template(PRINTER, owner=supervisor, categories=[desk.categories["printing"]])
    account = _template(
        ACCOUNT,
        owner=supervisor,
        categories=[desk.categories["account"]],
        types=[TicketType.SERVICE_REQUEST],
    )
    made = 3
    done, na = ItemState.DONE, ItemState.NOT_APPLICABLE
    printing = (
        Ticket.objects.filter(status__in=OPEN_STATUSES, category=desk.categories["printing"])
        .order_by("-created_at")
        .first()
    )
    plans = [
        (printer, printing, [done, done, na], {0: "OK"}),
        (
            laptop,
            _request(desk, now, "hardware.laptop", NEW_LAPTOP),
            [done, done, done],
            {0: "5CG3417XQ"},
        ),
        (account, _request(desk, now, "account", NEW_ACCOUNT), [done, done], {1: "j.peeters"}),
    ]
    for template, ticket, states, results in plans:
        if ticket is None:
            continue
        agent = ticket.assignee or desk.staff["agent"]
        # Ticked a while ago: the last tick is well before now.
        at = min(max(ticket.created_at, now - timedelta(hours=2)), now - timedelta(minutes=30))
        checklist = (
            services.ensure_required(ticket, acting_user=agent, now=at)
            or [services.add_checklist(ticket, template, acting_user=agent, now=at)]
        )[0]
        _tick_some(checklist, agent, at, states, results)
        made += 1
    return made


NEW_LAPTOP = {
    "nl": "Laptop klaarmaken voor nieuwe collega (start maandag)",
    "fr": "Préparer un ordinateur portable pour un nouveau collègue (lundi)",
    "en": "Prepare a laptop for a new colleague (starts Monday)",
}
NEW_ACCOUNT = {
    "nl": "Account voor nieuwe medewerker Jan Peeters",
    "fr": "Compte pour le nouveau collaborateur Jan Peeters",
    "en": "Account for new employee Jan Peeters",
}


def _request(desk, now, category: str, subjects: dict[str, str]) -> Ticket:
    """An open service request of a demo customer, taken by the demo agent."""
    customer = desk.customers.get("customer")
    contact = customer.contact if customer is not None else desk.contacts[0]
    return create_ticket(
        acting_user=desk.staff["agent"],
        subject=subjects.get(contact.language, subjects["en"]),
        contact=contact,
        category=desk.categories[category],
        type=TicketType.SERVICE_REQUEST,
        channel=Channel.EMAIL,
        team=desk.teams["first_line"],
        assignee=desk.staff["agent"],
        now=now - timedelta(hours=3),
    )
