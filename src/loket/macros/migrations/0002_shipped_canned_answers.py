"""Ship the canned answers every desk needs, among them ``complaint-acknowledgement``
(the complaint flow inserts it). Texts in nl ("u"), fr ("vous") and en; the novice
variants explain the next steps plainly."""

from django.db import migrations
from django.utils import timezone

COMPLAINT_NL = """Beste {contact_name},

Hartelijk dank dat u de tijd neemt om ons te laten weten dat u niet tevreden bent. Het spijt ons oprecht dat wij niet aan uw verwachtingen hebben voldaan.

Wij nemen uw klacht ernstig. Ze is geregistreerd onder ticketnummer {ticket_number} en een leidinggevende bekijkt ze persoonlijk. U krijgt {due_time} een antwoord van ons over wat wij eraan doen.

Wilt u intussen nog iets toevoegen? Antwoord dan gerust op dit bericht.

Met vriendelijke groet,
{agent_name}
Servicedesk"""

COMPLAINT_NL_NOVICE = """Beste {contact_name},

Dank u wel om ons te vertellen wat er misgelopen is. Het spijt ons echt dat u hier last van had.

Wat gebeurt er nu?
1. Uw klacht staat bij ons genoteerd onder nummer {ticket_number}.
2. Een verantwoordelijke leest ze persoonlijk na.
3. U hoort {due_time} van ons wat wij eraan doen.

U hoeft zelf niets te doen. Wilt u nog iets vertellen? Antwoord dan gewoon op dit bericht, of bel ons en noem het nummer {ticket_number}.

Met vriendelijke groet,
{agent_name}"""

COMPLAINT_FR = """Bonjour {contact_name},

Merci d'avoir pris le temps de nous faire part de votre mécontentement. Nous regrettons sincèrement de ne pas avoir répondu à vos attentes.

Nous prenons votre plainte très au sérieux. Elle est enregistrée sous le numéro de ticket {ticket_number} et un responsable l'examine personnellement. Vous recevrez notre réponse {due_time}, avec les mesures que nous prenons.

Si vous souhaitez ajouter quelque chose entre-temps, il vous suffit de répondre à ce message.

Veuillez agréer nos salutations distinguées,
{agent_name}
Service desk"""

COMPLAINT_FR_NOVICE = """Bonjour {contact_name},

Merci de nous avoir expliqué ce qui s'est mal passé. Nous sommes vraiment désolés pour ce désagrément.

Que se passe-t-il maintenant ?
1. Votre plainte est enregistrée sous le numéro {ticket_number}.
2. Un responsable la lit personnellement.
3. Vous aurez de nos nouvelles {due_time}.

Vous n'avez rien à faire. Vous souhaitez ajouter quelque chose ? Répondez simplement à ce message, ou appelez-nous en donnant le numéro {ticket_number}.

Cordialement,
{agent_name}"""

COMPLAINT_EN = """Dear {contact_name},

Thank you for taking the time to tell us that you are not satisfied. We are sincerely sorry that we did not meet your expectations.

We take your complaint seriously. It is registered under ticket number {ticket_number} and a supervisor is looking into it personally. You will hear from us {due_time} about what we are doing about it.

If you would like to add anything in the meantime, simply reply to this message.

Kind regards,
{agent_name}
Service desk"""

COMPLAINT_EN_NOVICE = """Dear {contact_name},

Thank you for telling us what went wrong. We are really sorry for the trouble this caused you.

What happens now?
1. Your complaint is recorded under number {ticket_number}.
2. A supervisor reads it personally.
3. You will hear from us {due_time} about what we are doing about it.

You do not need to do anything. Want to tell us more? Just reply to this message, or call us and mention the number {ticket_number}.

Kind regards,
{agent_name}"""

WAITING_NL = """Beste {contact_name},

Om uw melding {ticket_number} ({ticket_subject}) verder te behandelen, hebben wij nog wat informatie van u nodig:

…

Zodra wij uw antwoord hebben, gaan wij meteen verder.

Met vriendelijke groet,
{agent_name}"""

WAITING_FR = """Bonjour {contact_name},

Pour poursuivre le traitement de votre demande {ticket_number} ({ticket_subject}), nous avons besoin de quelques informations complémentaires :

…

Dès réception de votre réponse, nous reprenons le dossier.

Cordialement,
{agent_name}"""

WAITING_EN = """Dear {contact_name},

To continue with your request {ticket_number} ({ticket_subject}), we need a little more information from you:

…

As soon as we have your answer, we will carry on.

Kind regards,
{agent_name}"""

RESOLVED_NL = """Beste {contact_name},

Wij denken dat uw melding {ticket_number} ({ticket_subject}) nu opgelost is.

Wilt u even bevestigen dat alles weer werkt? Werkt het nog niet zoals het hoort, antwoord dan op dit bericht en wij zoeken verder.

Met vriendelijke groet,
{agent_name}"""

RESOLVED_FR = """Bonjour {contact_name},

Nous pensons que votre demande {ticket_number} ({ticket_subject}) est maintenant résolue.

Pourriez-vous nous confirmer que tout fonctionne à nouveau ? Si ce n'est pas le cas, répondez à ce message et nous poursuivrons nos recherches.

Cordialement,
{agent_name}"""

RESOLVED_EN = """Dear {contact_name},

We believe your request {ticket_number} ({ticket_subject}) is now resolved.

Could you confirm that everything works again? If it does not, reply to this message and we will keep looking.

Kind regards,
{agent_name}"""

REMOTE_NL = """Beste {contact_name},

Om uw melding {ticket_number} sneller op te lossen, willen wij graag via een sessie op afstand meekijken op uw computer.

Dat doen wij alleen met uw toestemming. U ziet op elk moment wat wij doen, en u kunt de sessie altijd zelf beëindigen. Sluit vooraf vertrouwelijke documenten.

Gaat u akkoord? Laat het ons weten door op dit bericht te antwoorden.

Met vriendelijke groet,
{agent_name}"""

REMOTE_NL_NOVICE = """Beste {contact_name},

Wij willen u graag helpen door even op uw scherm mee te kijken, van op afstand. Zo moet u niet alles zelf uitleggen.

Zo werkt het:
1. U geeft ons eerst toestemming. Zonder uw toestemming kijken wij niet mee.
2. U ziet op uw scherm alles wat wij doen.
3. U kunt op elk moment zeggen dat wij moeten stoppen, of het venster zelf sluiten.

Sluit vooraf documenten of e-mails die wij niet mogen zien.

Is dat goed voor u? Antwoord dan met "akkoord" op dit bericht (nummer {ticket_number}).

Met vriendelijke groet,
{agent_name}"""

REMOTE_FR = """Bonjour {contact_name},

Pour résoudre plus rapidement votre demande {ticket_number}, nous souhaiterions prendre la main à distance sur votre ordinateur.

Nous ne le faisons qu'avec votre accord. Vous voyez à tout moment ce que nous faisons, et vous pouvez mettre fin à la session vous-même quand vous le souhaitez. Fermez au préalable vos documents confidentiels.

Êtes-vous d'accord ? Faites-le-nous savoir en répondant à ce message.

Cordialement,
{agent_name}"""

REMOTE_EN = """Dear {contact_name},

To solve your request {ticket_number} faster, we would like to look at your computer through a remote session.

We only do so with your consent. You can see everything we do at all times, and you can end the session yourself whenever you wish. Please close any confidential documents first.

Do you agree? Let us know by replying to this message.

Kind regards,
{agent_name}"""

SHIPPED = [
    {
        "key": "complaint-acknowledgement",
        "titles": ("Klacht: ontvangstbevestiging", "Plainte : accusé de réception", "Complaint: acknowledgement"),
        "set_status": "",
        "texts": {
            ("nl", ""): COMPLAINT_NL,
            ("nl", "novice"): COMPLAINT_NL_NOVICE,
            ("fr", ""): COMPLAINT_FR,
            ("fr", "novice"): COMPLAINT_FR_NOVICE,
            ("en", ""): COMPLAINT_EN,
            ("en", "novice"): COMPLAINT_EN_NOVICE,
        },
    },
    {
        "key": "waiting-for-your-answer",
        "titles": ("Wachten op uw antwoord", "En attente de votre réponse", "Waiting for your answer"),
        "set_status": "waiting_customer",
        "texts": {("nl", ""): WAITING_NL, ("fr", ""): WAITING_FR, ("en", ""): WAITING_EN},
    },
    {
        "key": "resolved-please-confirm",
        "titles": ("Opgelost: graag bevestiging", "Résolu : merci de confirmer", "Resolved: please confirm"),
        "set_status": "",
        "texts": {("nl", ""): RESOLVED_NL, ("fr", ""): RESOLVED_FR, ("en", ""): RESOLVED_EN},
    },
    {
        "key": "remote-session-consent-request",
        "titles": (
            "Toestemming voor sessie op afstand",
            "Accord pour une session à distance",
            "Consent for a remote session",
        ),
        "set_status": "",
        "texts": {
            ("nl", ""): REMOTE_NL,
            ("nl", "novice"): REMOTE_NL_NOVICE,
            ("fr", ""): REMOTE_FR,
            ("en", ""): REMOTE_EN,
        },
    },
]


def create(apps, schema_editor):
    Macro = apps.get_model("macros", "Macro")
    MacroText = apps.get_model("macros", "MacroText")
    now = timezone.now()
    for item in SHIPPED:
        if Macro.objects.filter(key=item["key"]).exists():
            continue
        title_nl, title_fr, title_en = item["titles"]
        macro = Macro.objects.create(
            key=item["key"],
            title_nl=title_nl,
            title_fr=title_fr,
            title_en=title_en,
            kind="reply",
            set_status=item["set_status"],
            created_at=now,
            updated_at=now,
        )
        MacroText.objects.bulk_create(
            MacroText(macro=macro, language=language, profile=profile, body=body, updated_at=now)
            for (language, profile), body in item["texts"].items()
        )


def remove(apps, schema_editor):
    Macro = apps.get_model("macros", "Macro")
    Macro.objects.filter(key__in=[item["key"] for item in SHIPPED]).delete()


class Migration(migrations.Migration):
    dependencies = [("macros", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
