"""Demo canned answers for a Belgian first-line desk, called by loket.core.demo.guidance.

The migration already ships complaint-acknowledgement, waiting-for-your-answer,
resolved-please-confirm and remote-session-consent-request; these come on top. Keys are
stable: the scenario demo inserts printer-driver-reinstalled and password-reset-done.
"""

from loket.macros.models import Macro
from loket.macros.services import create_macro

SIGN = {"nl": "Met vriendelijke groet,", "fr": "Cordialement,", "en": "Kind regards,"}


def _signed(text: str, language: str) -> str:
    return f"{text}\n\n{SIGN[language]}\n{{agent_name}}"


MACROS: list[dict] = [
    {
        "key": "ticket-received",
        "titles": ("Melding ontvangen", "Demande bien reçue", "Request received"),
        "categories": [],
        "texts": {
            ("nl", ""): "Beste {contact_name},\n\nWij hebben uw melding goed ontvangen onder "
            "nummer {ticket_number} ({ticket_subject}). U hoort {due_time} van ons.",
            ("fr", ""): "Bonjour {contact_name},\n\nNous avons bien reçu votre demande sous le "
            "numéro {ticket_number} ({ticket_subject}). Vous aurez de nos nouvelles {due_time}.",
            ("en", ""): "Dear {contact_name},\n\nWe have received your request under number "
            "{ticket_number} ({ticket_subject}). You will hear from us {due_time}.",
        },
    },
    {
        "key": "password-reset-done",
        "titles": ("Wachtwoord opnieuw ingesteld", "Mot de passe réinitialisé", "Password reset"),
        "categories": ["account.password", "account"],
        "texts": {
            ("nl", ""): "Beste {contact_name},\n\nUw wachtwoord is opnieuw ingesteld. U krijgt "
            "het tijdelijke wachtwoord via sms. Bij de eerste aanmelding kiest u zelf een nieuw "
            "wachtwoord van minstens 12 tekens.",
            ("nl", "novice"): "Beste {contact_first_name},\n\nUw wachtwoord is vernieuwd. Zo "
            "meldt u zich opnieuw aan:\n1. U krijgt zo meteen een sms met een tijdelijk "
            "wachtwoord.\n2. Typ uw gebruikersnaam en dat tijdelijke wachtwoord.\n3. De computer "
            "vraagt u daarna een nieuw wachtwoord te kiezen: minstens 12 tekens, bijvoorbeeld "
            "drie woorden na elkaar.\n\nLukt het niet? Bel ons en noem het nummer "
            "{ticket_number}.",
            ("nl", "it_professional"): "Beste {contact_name},\n\nReset uitgevoerd; de actieve "
            "sessies en tokens zijn ingetrokken. Het tijdelijke wachtwoord komt per sms; "
            "wijziging verplicht bij de volgende aanmelding (min. 12 tekens). MFA-registratie "
            "blijft behouden.",
            ("fr", ""): "Bonjour {contact_name},\n\nVotre mot de passe a été réinitialisé. Vous "
            "recevrez le mot de passe temporaire par SMS. Lors de votre première connexion, vous "
            "choisirez un nouveau mot de passe d'au moins 12 caractères.",
            ("fr", "novice"): "Bonjour {contact_first_name},\n\nVotre mot de passe a été "
            "renouvelé. Pour vous reconnecter :\n1. Vous allez recevoir un SMS avec un mot de "
            "passe temporaire.\n2. Tapez votre nom d'utilisateur et ce mot de passe temporaire."
            "\n3. L'ordinateur vous demandera ensuite d'en choisir un nouveau : au moins 12 "
            "caractères, par exemple trois mots à la suite.\n\nUn souci ? Appelez-nous en "
            "donnant le numéro {ticket_number}.",
            ("en", ""): "Dear {contact_name},\n\nYour password has been reset. You will receive "
            "the temporary password by text message. When you first sign in, you choose a new "
            "password of at least 12 characters.",
            ("en", "it_professional"): "Dear {contact_name},\n\nReset done; active sessions and "
            "tokens were revoked. Temporary password sent by SMS; change enforced at next "
            "sign-in (min. 12 characters). MFA registration kept.",
        },
    },
    {
        "key": "printer-driver-reinstalled",
        "titles": (
            "Printerstuurprogramma opnieuw geïnstalleerd",
            "Pilote d'imprimante réinstallé",
            "Printer driver reinstalled",
        ),
        "categories": ["printing"],
        "texts": {
            ("nl", ""): "Beste {contact_name},\n\nWij hebben het stuurprogramma van uw printer "
            "opnieuw geïnstalleerd en een testpagina afgedrukt. Printen zou weer moeten lukken.",
            ("nl", "novice"): "Beste {contact_first_name},\n\nUw printer werkt weer. Wij hebben "
            "het programmaatje dat uw computer met de printer laat praten opnieuw geplaatst.\n\n"
            "Probeer het even: open een document en kies Afdrukken. Komt er niets uit? Zet de "
            "printer dan uit en weer aan, en bel ons met het nummer {ticket_number}.",
            ("nl", "it_professional"): "Beste {contact_name},\n\nDriverpakket verwijderd "
            "(incl. printerwachtrij en poort) en de recentste versie van de printserver opnieuw "
            "gekoppeld; testpagina OK.",
            ("fr", ""): "Bonjour {contact_name},\n\nNous avons réinstallé le pilote de votre "
            "imprimante et imprimé une page de test. L'impression devrait de nouveau fonctionner.",
            ("fr", "novice"): "Bonjour {contact_first_name},\n\nVotre imprimante fonctionne à "
            "nouveau. Nous avons réinstallé le petit programme qui permet à votre ordinateur de "
            "parler à l'imprimante.\n\nEssayez : ouvrez un document et choisissez Imprimer. Rien "
            "ne sort ? Éteignez puis rallumez l'imprimante, et appelez-nous avec le numéro "
            "{ticket_number}.",
            ("en", ""): "Dear {contact_name},\n\nWe reinstalled your printer's driver and printed "
            "a test page. Printing should work again.",
            ("en", "it_professional"): "Dear {contact_name},\n\nDriver package removed (queue and "
            "port included) and the print server's latest version re-mapped; test page OK.",
        },
    },
    {
        "key": "wifi-profile-reset",
        "titles": ("Wifi-profiel hersteld", "Profil Wi-Fi réinitialisé", "Wi-Fi profile reset"),
        "categories": ["network.wifi", "network"],
        "texts": {
            ("nl", ""): "Beste {contact_name},\n\nWij hebben het wifi-profiel op uw toestel "
            "verwijderd en opnieuw ingesteld. Kies het netwerk opnieuw en meld u aan met uw "
            "gewone gebruikersnaam en wachtwoord.",
            ("fr", ""): "Bonjour {contact_name},\n\nNous avons supprimé puis reconfiguré le profil "
            "Wi-Fi de votre appareil. Sélectionnez à nouveau le réseau et connectez-vous avec "
            "votre nom d'utilisateur et votre mot de passe habituels.",
            ("en", ""): "Dear {contact_name},\n\nWe removed and set up the Wi-Fi profile on your "
            "device again. Choose the network once more and sign in with your usual user name "
            "and password.",
        },
    },
    {
        "key": "mailbox-almost-full",
        "titles": ("Mailbox bijna vol", "Boîte mail presque pleine", "Mailbox almost full"),
        "categories": ["email"],
        "texts": {
            ("nl", ""): "Beste {contact_name},\n\nUw mailbox is bijna vol, waardoor u binnenkort "
            "geen berichten meer kunt versturen. Verwijder grote bijlagen of oude berichten, en "
            "leeg daarna de map Verwijderde items.",
            ("fr", ""): "Bonjour {contact_name},\n\nVotre boîte mail est presque pleine : vous ne "
            "pourrez bientôt plus envoyer de messages. Supprimez les pièces jointes volumineuses "
            "ou les anciens messages, puis videz le dossier Éléments supprimés.",
            ("en", ""): "Dear {contact_name},\n\nYour mailbox is almost full, so you will soon no "
            "longer be able to send messages. Delete large attachments or old messages, then "
            "empty the Deleted Items folder.",
        },
    },
    {
        "key": "escalated-to-second-line",
        "titles": (
            "Doorgegeven aan de tweede lijn",
            "Transmis au deuxième niveau",
            "Passed to second line",
        ),
        "categories": [],
        "texts": {
            ("nl", ""): "Beste {contact_name},\n\nUw melding {ticket_number} vraagt een "
            "specialist. Wij hebben ze doorgegeven aan onze collega's van de tweede lijn, die u "
            "{due_time} contacteren.",
            ("fr", ""): "Bonjour {contact_name},\n\nVotre demande {ticket_number} nécessite un "
            "spécialiste. Nous l'avons transmise à nos collègues du deuxième niveau, qui vous "
            "contacteront {due_time}.",
            ("en", ""): "Dear {contact_name},\n\nYour request {ticket_number} needs a specialist. "
            "We have passed it to our second-line colleagues, who will contact you {due_time}.",
        },
    },
    {
        "key": "callback-no-answer",
        "titles": (
            "Teruggebeld, geen antwoord",
            "Rappel sans réponse",
            "Called back, no answer",
        ),
        "kind": "note",
        "set_status": "waiting_customer",
        "categories": [],
        "texts": {
            ("nl", ""): "Teruggebeld naar {contact_name}: geen antwoord. Voicemail ingesproken "
            "met het ticketnummer {ticket_number}.",
            ("fr", ""): "Rappel de {contact_name} : pas de réponse. Message laissé sur la "
            "messagerie avec le numéro de ticket {ticket_number}.",
            ("en", ""): "Called {contact_name} back: no answer. Left a voicemail with ticket "
            "number {ticket_number}.",
        },
    },
    {
        "key": "new-laptop-ready",
        "titles": ("Nieuwe laptop klaar", "Nouveau portable prêt", "New laptop ready"),
        "categories": ["hardware.laptop", "hardware"],
        "set_type": "service_request",
        "texts": {
            ("nl", ""): "Beste {contact_name},\n\nUw nieuwe laptop is klaar voor gebruik: alle "
            "toepassingen zijn geïnstalleerd en uw bestanden staan erop. U kunt hem ophalen aan "
            "de balie van de servicedesk; breng uw oude laptop mee.",
            ("fr", ""): "Bonjour {contact_name},\n\nVotre nouveau portable est prêt : toutes les "
            "applications sont installées et vos fichiers y sont copiés. Vous pouvez le retirer "
            "au guichet du service desk ; apportez votre ancien portable.",
            ("en", ""): "Dear {contact_name},\n\nYour new laptop is ready: every application is "
            "installed and your files are on it. You can collect it at the service desk counter; "
            "please bring your old laptop.",
        },
    },
]


def build(desk, now) -> int:
    """Create the demo macros that do not exist yet; return how many were made."""
    supervisor = desk.staff.get("supervisor")
    if supervisor is None:
        return 0
    existing = set(Macro.objects.values_list("key", flat=True))
    made = 0
    for item in MACROS:
        if item["key"] in existing:
            continue
        title_nl, title_fr, title_en = item["titles"]
        create_macro(
            acting_user=supervisor,
            key=item["key"],
            title_nl=title_nl,
            title_fr=title_fr,
            title_en=title_en,
            kind=item.get("kind", "reply"),
            categories=[desk.categories[k] for k in item["categories"] if k in desk.categories],
            set_type=item.get("set_type", ""),
            set_status=item.get("set_status", ""),
            texts={
                key: _signed(body, key[0]) if item.get("kind", "reply") == "reply" else body
                for key, body in item["texts"].items()
            },
            now=now,
        )
        made += 1
    return made
