"""What demo tickets are about: categories and scenarios with their texts in nl/fr/en.

A scenario is one kind of call the desk gets. Its texts may use the slots {app},
{device}, {room}, {code}, {site} and {n}, filled in per ticket.
"""

# key, parent key, nl, fr, en
CATEGORIES = [
    ("hardware", None, "Hardware", "Matériel", "Hardware"),
    ("hardware.laptop", "hardware", "Laptop", "Ordinateur portable", "Laptop"),
    (
        "hardware.screen",
        "hardware",
        "Scherm en randapparatuur",
        "Écran et périphériques",
        "Screen and peripherals",
    ),
    ("software", None, "Software", "Logiciels", "Software"),
    ("software.office", "software", "Kantoortoepassingen", "Bureautique", "Office applications"),
    (
        "software.business",
        "software",
        "Bedrijfstoepassingen",
        "Applications métier",
        "Business applications",
    ),
    ("network", None, "Netwerk", "Réseau", "Network"),
    ("network.wifi", "network", "Wifi", "Wi-Fi", "Wi-Fi"),
    ("network.vpn", "network", "VPN en thuiswerk", "VPN et télétravail", "VPN and remote work"),
    ("account", None, "Account & toegang", "Compte & accès", "Account & access"),
    ("account.password", "account", "Wachtwoord", "Mot de passe", "Password"),
    ("printing", None, "Printen", "Impression", "Printing"),
    ("email", None, "E-mail", "E-mail", "E-mail"),
    ("security", None, "Beveiliging", "Sécurité", "Security"),
    ("other", None, "Andere", "Autre", "Other"),
]

APPS = [
    "Outlook",
    "Teams",
    "Excel",
    "Word",
    "SAP",
    "Exact Online",
    "Odoo",
    "Citrix",
    "OneDrive",
    "SharePoint",
    "Adobe Reader",
    "Chrome",
]
DEVICES = ["laptop", "Dell Latitude", "HP EliteBook", "Lenovo ThinkPad", "Surface"]
ROOMS = ["0.14", "1.03", "2.21", "B-105", "A-012", "3.07"]
SITES = ["Gent", "Antwerpen", "Namur", "Liège", "Leuven", "Brussel"]

SCENARIOS = [
    {
        "category": "hardware.laptop",
        "type": "incident",
        "escalate": "second_line",
        "impact": (2, 3),
        "urgency": (1, 3),
        "code": "solved",
        "subject": {
            "nl": "Laptop start niet meer op",
            "fr": "L'ordinateur portable ne démarre plus",
            "en": "Laptop no longer boots",
        },
        "description": {
            "nl": "Mijn {device} blijft hangen op het logo na de update van vannacht. Ik heb "
            "hem al twee keer herstart. Ik moet vandaag nog offertes versturen.",
            "fr": "Mon {device} reste bloqué sur le logo depuis la mise à jour de cette nuit. "
            "Je l'ai déjà redémarré deux fois. Je dois envoyer des offres aujourd'hui.",
            "en": "My {device} hangs on the logo since last night's update. I restarted it "
            "twice already. I need to send out quotes today.",
        },
        "reason": {
            "nl": "Hardwarediagnose nodig, niet op afstand op te lossen.",
            "fr": "Diagnostic matériel nécessaire, pas soluble à distance.",
            "en": "Needs a hardware diagnosis, cannot be fixed remotely.",
        },
        "resolution": {
            "nl": "SSD vervangen en image opnieuw geïnstalleerd; gegevens hersteld uit OneDrive.",
            "fr": "SSD remplacé et image réinstallée ; données restaurées depuis OneDrive.",
            "en": "Replaced the SSD and reinstalled the image; data restored from OneDrive.",
        },
    },
    {
        "category": "hardware.screen",
        "type": "incident",
        "escalate": None,
        "impact": (3, 3),
        "urgency": (2, 3),
        "code": "first-contact",
        "subject": {
            "nl": "Tweede scherm geeft geen beeld",
            "fr": "Le deuxième écran reste noir",
            "en": "Second monitor shows no picture",
        },
        "description": {
            "nl": "Sinds ik in lokaal {room} zit, blijft mijn tweede scherm zwart. Het docking "
            "station lijkt wel stroom te hebben.",
            "fr": "Depuis que je suis au local {room}, mon deuxième écran reste noir. La "
            "station d'accueil semble pourtant alimentée.",
            "en": "Since I moved to room {room} my second monitor stays black. The docking "
            "station does seem to have power.",
        },
        "reason": {"nl": "", "fr": "", "en": ""},
        "resolution": {
            "nl": "Kabel zat in de verkeerde poort van het dock; samen omgestoken.",
            "fr": "Le câble était branché sur le mauvais port ; rebranché ensemble.",
            "en": "The cable was in the wrong dock port; moved it together.",
        },
    },
    {
        "category": "software.office",
        "type": "incident",
        "escalate": "second_line",
        "impact": (3, 3),
        "urgency": (2, 3),
        "code": "workaround",
        "subject": {
            "nl": "{app} crasht bij openen van bestanden",
            "fr": "{app} plante à l'ouverture des fichiers",
            "en": "{app} crashes when opening files",
        },
        "description": {
            "nl": "Telkens ik een bestand open in {app}, sluit het programma zonder melding. "
            "Collega's hebben het probleem niet.",
            "fr": "Chaque fois que j'ouvre un fichier dans {app}, le programme se ferme sans "
            "message. Mes collègues n'ont pas le problème.",
            "en": "Every time I open a file in {app}, the program closes without a message. "
            "My colleagues do not have the problem.",
        },
        "reason": {
            "nl": "Herinstallatie en profielherstel vereisen adminrechten op de werkplek.",
            "fr": "Réinstallation et réparation du profil : droits admin nécessaires.",
            "en": "Reinstall and profile repair need admin rights on the workstation.",
        },
        "resolution": {
            "nl": "Invoegtoepassing uitgeschakeld die de crash veroorzaakte; "
            "definitieve fix volgt met de volgende update.",
            "fr": "Complément désactivé, il provoquait le plantage ; correctif "
            "définitif avec la prochaine mise à jour.",
            "en": "Disabled the add-in causing the crash; the permanent fix comes "
            "with the next update.",
        },
    },
    {
        "category": "software.business",
        "type": "incident",
        "escalate": "applications",
        "impact": (1, 2),
        "urgency": (1, 2),
        "code": "solved",
        "subject": {
            "nl": "Foutmelding {code} in {app} bij het boeken",
            "fr": "Erreur {code} dans {app} lors de la comptabilisation",
            "en": "Error {code} in {app} when posting",
        },
        "description": {
            "nl": "Bij het boeken van facturen in {app} krijgen we foutcode {code}. Het hele "
            "team van {n} mensen zit vast, de maandafsluiting is morgen.",
            "fr": "En comptabilisant les factures dans {app}, nous recevons le code d'erreur "
            "{code}. Toute l'équipe de {n} personnes est bloquée, la clôture est demain.",
            "en": "When posting invoices in {app} we get error code {code}. The whole team of "
            "{n} people is stuck and month-end closing is tomorrow.",
        },
        "reason": {
            "nl": "Fout zit in de applicatie zelf; functioneel beheer nodig.",
            "fr": "L'erreur vient de l'application ; gestion fonctionnelle nécessaire.",
            "en": "The error is in the application itself; needs application support.",
        },
        "resolution": {
            "nl": "Vastgelopen boekingsbatch vrijgegeven en rechten op het dagboek hersteld.",
            "fr": "Lot de comptabilisation bloqué libéré et droits sur le journal rétablis.",
            "en": "Released the stuck posting batch and restored rights on the journal.",
        },
    },
    {
        "category": "software",
        "type": "service_request",
        "escalate": "second_line",
        "impact": (3, 3),
        "urgency": (3, 3),
        "code": "solved",
        "subject": {
            "nl": "Installatie van {app} aangevraagd",
            "fr": "Demande d'installation de {app}",
            "en": "Request to install {app}",
        },
        "description": {
            "nl": "Voor mijn nieuwe taken heb ik {app} nodig op mijn {device}. Mijn "
            "diensthoofd heeft dit goedgekeurd.",
            "fr": "Pour mes nouvelles tâches, j'ai besoin de {app} sur mon {device}. Mon chef "
            "de service a donné son accord.",
            "en": "For my new tasks I need {app} on my {device}. My manager approved it.",
        },
        "reason": {
            "nl": "Software-uitrol gebeurt door 2de lijn.",
            "fr": "Le déploiement de logiciels est fait par la 2e ligne.",
            "en": "Software roll-out is done by second line.",
        },
        "resolution": {
            "nl": "{app} uitgerold via het softwarecentrum.",
            "fr": "{app} déployé via le centre logiciel.",
            "en": "{app} deployed through the software centre.",
        },
    },
    {
        "category": "network.wifi",
        "type": "incident",
        "escalate": "network",
        "impact": (2, 3),
        "urgency": (2, 3),
        "code": "solved",
        "subject": {
            "nl": "Wifi valt steeds weg in vergaderzaal {room}",
            "fr": "Le Wi-Fi coupe sans cesse en salle {room}",
            "en": "Wi-Fi keeps dropping in meeting room {room}",
        },
        "description": {
            "nl": "In vergaderzaal {room} op site {site} valt de wifi om de paar minuten weg. "
            "Videogesprekken worden telkens onderbroken.",
            "fr": "Dans la salle {room} du site de {site}, le Wi-Fi coupe toutes les quelques "
            "minutes. Les appels vidéo sont interrompus.",
            "en": "In meeting room {room} at the {site} site the Wi-Fi drops every few "
            "minutes. Video calls keep getting cut off.",
        },
        "reason": {
            "nl": "Toegangspunt lijkt defect; netwerkteam moet ter plaatse meten.",
            "fr": "Le point d'accès semble défectueux ; l'équipe réseau doit mesurer sur place.",
            "en": "Access point seems faulty; the network team must measure on site.",
        },
        "resolution": {
            "nl": "Defect toegangspunt vervangen en kanaalplan aangepast.",
            "fr": "Point d'accès défectueux remplacé et plan de canaux adapté.",
            "en": "Replaced the faulty access point and adjusted the channel plan.",
        },
    },
    {
        "category": "network.vpn",
        "type": "incident",
        "escalate": "network",
        "impact": (2, 3),
        "urgency": (1, 2),
        "code": "solved",
        "subject": {
            "nl": "VPN maakt geen verbinding vanop thuiswerk",
            "fr": "Le VPN ne se connecte pas en télétravail",
            "en": "VPN will not connect when working from home",
        },
        "description": {
            "nl": "Vanop thuiswerk maakt de VPN-client geen verbinding meer: 'time-out bij "
            "verificatie'. Thuis-internet werkt wel.",
            "fr": "En télétravail, le client VPN ne se connecte plus : « délai dépassé lors "
            "de l'authentification ». Internet fonctionne à la maison.",
            "en": "Working from home, the VPN client no longer connects: 'authentication "
            "timed out'. Home internet works fine.",
        },
        "reason": {
            "nl": "Certificaat op de VPN-gateway lijkt verlopen; netwerkbeheer nodig.",
            "fr": "Le certificat de la passerelle VPN semble expiré ; gestion réseau nécessaire.",
            "en": "Certificate on the VPN gateway looks expired; needs network admins.",
        },
        "resolution": {
            "nl": "Gatewaycertificaat vernieuwd; verbinding getest met de klant.",
            "fr": "Certificat de la passerelle renouvelé ; connexion testée avec le client.",
            "en": "Renewed the gateway certificate; tested the connection with the customer.",
        },
    },
    {
        "category": "account.password",
        "type": "service_request",
        "escalate": None,
        "impact": (3, 3),
        "urgency": (1, 2),
        "code": "first-contact",
        "subject": {
            "nl": "Wachtwoord vergeten, account geblokkeerd",
            "fr": "Mot de passe oublié, compte bloqué",
            "en": "Forgot password, account locked",
        },
        "description": {
            "nl": "Na mijn verlof ben ik mijn wachtwoord vergeten en na drie pogingen is mijn "
            "account geblokkeerd.",
            "fr": "Après mes congés, j'ai oublié mon mot de passe et après trois essais mon "
            "compte est bloqué.",
            "en": "After my holiday I forgot my password and after three attempts my account "
            "is locked.",
        },
        "reason": {"nl": "", "fr": "", "en": ""},
        "resolution": {
            "nl": "Identiteit gecontroleerd via terugbelnummer, account "
            "gedeblokkeerd en tijdelijk wachtwoord gegeven.",
            "fr": "Identité vérifiée par rappel, compte débloqué et mot de passe "
            "temporaire communiqué.",
            "en": "Verified identity by call-back, unlocked the account and gave a "
            "temporary password.",
        },
    },
    {
        "category": "account",
        "type": "service_request",
        "escalate": "second_line",
        "impact": (3, 3),
        "urgency": (2, 3),
        "code": "solved",
        "subject": {
            "nl": "Toegang tot gedeelde map voor nieuwe collega",
            "fr": "Accès au dossier partagé pour un nouveau collègue",
            "en": "Access to shared folder for a new colleague",
        },
        "description": {
            "nl": "Onze nieuwe collega start maandag en heeft toegang nodig tot de map "
            "'Dossiers {site}' en tot {app}.",
            "fr": "Notre nouveau collègue commence lundi et a besoin d'accéder au dossier "
            "« Dossiers {site} » et à {app}.",
            "en": "Our new colleague starts on Monday and needs access to the 'Files {site}' "
            "folder and to {app}.",
        },
        "reason": {
            "nl": "Rechten op bestandsserver worden door 2de lijn toegekend.",
            "fr": "Les droits sur le serveur de fichiers sont accordés par la 2e ligne.",
            "en": "File server rights are granted by second line.",
        },
        "resolution": {
            "nl": "Gebruiker toegevoegd aan de juiste groepen; toegang bevestigd.",
            "fr": "Utilisateur ajouté aux bons groupes ; accès confirmé.",
            "en": "Added the user to the right groups; access confirmed.",
        },
    },
    {
        "category": "printing",
        "type": "incident",
        "escalate": None,
        "impact": (3, 3),
        "urgency": (2, 3),
        "code": "first-contact",
        "subject": {
            "nl": "Printer op de {room} drukt blanco pagina's af",
            "fr": "L'imprimante du {room} imprime des pages blanches",
            "en": "Printer at {room} prints blank pages",
        },
        "description": {
            "nl": "De multifunctionele printer bij lokaal {room} drukt enkel blanco pagina's "
            "af. Kopiëren werkt wel.",
            "fr": "L'imprimante multifonction près du local {room} n'imprime que des pages "
            "blanches. La copie fonctionne.",
            "en": "The multifunction printer near room {room} only prints blank pages. "
            "Copying works.",
        },
        "reason": {"nl": "", "fr": "", "en": ""},
        "resolution": {
            "nl": "Printerstuurprogramma opnieuw geïnstalleerd; testpagina OK.",
            "fr": "Pilote d'imprimante réinstallé ; page de test OK.",
            "en": "Reinstalled the printer driver; test page OK.",
        },
    },
    {
        "category": "printing",
        "type": "incident",
        "escalate": "second_line",
        "impact": (2, 3),
        "urgency": (2, 3),
        "code": "referred",
        "subject": {
            "nl": "Papierstoring blijft terugkomen",
            "fr": "Bourrage papier à répétition",
            "en": "Paper jam keeps coming back",
        },
        "description": {
            "nl": "Lade 2 van de printer op site {site} geeft om de tien pagina's een "
            "papierstoring. We hebben al nieuw papier geprobeerd.",
            "fr": "Le bac 2 de l'imprimante du site de {site} fait un bourrage toutes les dix "
            "pages. Nous avons déjà essayé du papier neuf.",
            "en": "Tray 2 of the printer at the {site} site jams every ten pages. We already "
            "tried new paper.",
        },
        "reason": {
            "nl": "Mechanisch defect; technicus van de leverancier moet langskomen.",
            "fr": "Défaut mécanique ; le technicien du fournisseur doit passer.",
            "en": "Mechanical fault; the vendor's technician must come by.",
        },
        "resolution": {
            "nl": "Leverancier heeft de invoerrollen vervangen.",
            "fr": "Le fournisseur a remplacé les rouleaux d'entraînement.",
            "en": "The vendor replaced the feed rollers.",
        },
    },
    {
        "category": "email",
        "type": "incident",
        "escalate": "second_line",
        "impact": (2, 3),
        "urgency": (2, 3),
        "code": "solved",
        "subject": {
            "nl": "Mailbox vol, kan geen mails meer versturen",
            "fr": "Boîte mail pleine, impossible d'envoyer",
            "en": "Mailbox full, cannot send e-mail",
        },
        "description": {
            "nl": "{app} meldt dat mijn postvak vol is. Ik kan niets meer versturen en "
            "verwacht vandaag belangrijke antwoorden.",
            "fr": "{app} indique que ma boîte est pleine. Je ne peux plus rien envoyer et "
            "j'attends des réponses importantes aujourd'hui.",
            "en": "{app} says my mailbox is full. I cannot send anything and I expect "
            "important replies today.",
        },
        "reason": {
            "nl": "Quotum verhogen of archief activeren kan enkel 2de lijn.",
            "fr": "Seule la 2e ligne peut augmenter le quota ou activer l'archive.",
            "en": "Only second line can raise the quota or enable the archive.",
        },
        "resolution": {
            "nl": "Online archief geactiveerd en bewaarbeleid ingesteld.",
            "fr": "Archive en ligne activée et stratégie de rétention configurée.",
            "en": "Enabled the online archive and set a retention policy.",
        },
    },
    {
        "category": "email",
        "type": "question",
        "escalate": None,
        "impact": (3, 3),
        "urgency": (3, 3),
        "code": "knowledge-article",
        "subject": {
            "nl": "Afwezigheidsmelding instellen",
            "fr": "Configurer le message d'absence",
            "en": "How to set an out-of-office reply",
        },
        "description": {
            "nl": "Hoe stel ik een afwezigheidsmelding in, ook op mijn smartphone?",
            "fr": "Comment configurer un message d'absence, aussi sur mon smartphone ?",
            "en": "How do I set an out-of-office reply, also on my smartphone?",
        },
        "reason": {"nl": "", "fr": "", "en": ""},
        "resolution": {
            "nl": "Stappen overlopen en link naar het kennisartikel gestuurd.",
            "fr": "Étapes parcourues et lien vers l'article envoyé.",
            "en": "Walked through the steps and sent the knowledge article link.",
        },
    },
    {
        "category": "security",
        "type": "incident",
        "escalate": "security",
        "impact": (1, 2),
        "urgency": (1, 1),
        "code": "solved",
        "subject": {
            "nl": "Verdachte mail met bijlage geopend",
            "fr": "Mail suspect avec pièce jointe ouvert",
            "en": "Opened a suspicious e-mail attachment",
        },
        "description": {
            "nl": "Ik heb per ongeluk een bijlage geopend van een mail die van de bank leek te "
            "komen. Daarna vroeg een venster mijn wachtwoord.",
            "fr": "J'ai ouvert par erreur une pièce jointe d'un mail qui semblait venir de la "
            "banque. Ensuite une fenêtre m'a demandé mon mot de passe.",
            "en": "I accidentally opened an attachment from a mail that looked like it came "
            "from the bank. Then a window asked for my password.",
        },
        "reason": {
            "nl": "Mogelijke phishing met ingegeven wachtwoord: securityteam "
            "onmiddellijk inschakelen.",
            "fr": "Hameçonnage possible avec mot de passe saisi : équipe sécurité immédiatement.",
            "en": "Possible phishing with a password entered: security team right away.",
        },
        "resolution": {
            "nl": "Wachtwoord gereset, sessies ingetrokken, toestel gescand: geen "
            "besmetting gevonden.",
            "fr": "Mot de passe réinitialisé, sessions révoquées, appareil analysé "
            ": aucune infection.",
            "en": "Reset the password, revoked sessions, scanned the device: no infection found.",
        },
    },
    {
        "category": "security",
        "type": "service_request",
        "escalate": "security",
        "impact": (3, 3),
        "urgency": (2, 3),
        "code": "solved",
        "subject": {
            "nl": "Nieuwe smartphone koppelen aan tweestapsverificatie",
            "fr": "Associer un nouveau smartphone à l'authentification à deux facteurs",
            "en": "Link a new smartphone to two-factor authentication",
        },
        "description": {
            "nl": "Ik heb een nieuwe gsm en kan niet meer inloggen omdat de "
            "authenticator-app op de oude stond.",
            "fr": "J'ai un nouveau GSM et je ne peux plus me connecter car l'application "
            "d'authentification était sur l'ancien.",
            "en": "I have a new phone and cannot log in because the authenticator app was on "
            "the old one.",
        },
        "reason": {
            "nl": "MFA-reset vereist identiteitscontrole door security.",
            "fr": "La réinitialisation MFA exige un contrôle d'identité par la sécurité.",
            "en": "An MFA reset needs an identity check by security.",
        },
        "resolution": {
            "nl": "Identiteit gecontroleerd, MFA gereset en nieuwe gsm gekoppeld.",
            "fr": "Identité vérifiée, MFA réinitialisé et nouveau GSM associé.",
            "en": "Checked identity, reset MFA and linked the new phone.",
        },
    },
    {
        "category": "other",
        "type": "complaint",
        "escalate": None,
        "impact": (3, 3),
        "urgency": (3, 3),
        "code": "solved",
        "subject": {
            "nl": "Klacht over wachttijd aan de telefoon",
            "fr": "Plainte sur le temps d'attente au téléphone",
            "en": "Complaint about waiting time on the phone",
        },
        "description": {
            "nl": "Ik heb gisteren {n} minuten in de wachtrij gehangen voor een eenvoudige "
            "vraag. Dat kan beter.",
            "fr": "Hier j'ai attendu {n} minutes en ligne pour une simple question. Ce n'est "
            "pas acceptable.",
            "en": "Yesterday I waited {n} minutes in the queue for a simple question. That "
            "can be better.",
        },
        "reason": {"nl": "", "fr": "", "en": ""},
        "resolution": {
            "nl": "Excuses aangeboden en uitgelegd dat er extra bezetting komt op maandagochtend.",
            "fr": "Excuses présentées ; renfort prévu le lundi matin.",
            "en": "Apologised and explained that extra staff is planned on Monday mornings.",
        },
    },
    {
        "category": "other",
        "type": "question",
        "escalate": None,
        "impact": (3, 3),
        "urgency": (3, 3),
        "code": "first-contact",
        "subject": {
            "nl": "Vraag over de verhuis naar site {site}",
            "fr": "Question sur le déménagement vers le site de {site}",
            "en": "Question about the move to the {site} site",
        },
        "description": {
            "nl": "Wie zorgt voor het verhuizen van mijn pc en telefoon naar site {site}?",
            "fr": "Qui s'occupe de déménager mon PC et mon téléphone vers le site de {site} ?",
            "en": "Who takes care of moving my PC and phone to the {site} site?",
        },
        "reason": {"nl": "", "fr": "", "en": ""},
        "resolution": {
            "nl": "Uitgelegd dat de facilitaire dienst de verhuis plant; "
            "aanvraagformulier doorgestuurd.",
            "fr": "Expliqué que les services généraux planifient le "
            "déménagement ; formulaire envoyé.",
            "en": "Explained that facilities plan the move; sent the request form.",
        },
    },
]

# Timeline texts, per language.
ASK_DETAILS = {
    "nl": [
        "Kunt u een schermafdruk van de foutmelding sturen?",
        "Sinds wanneer doet het probleem zich voor, en bij welke collega's nog?",
        "Wil u het toestel eens volledig afsluiten en opnieuw starten en laten weten of "
        "het probleem blijft?",
    ],
    "fr": [
        "Pouvez-vous nous envoyer une capture d'écran du message d'erreur ?",
        "Depuis quand le problème se produit-il, et chez quels collègues ?",
        "Pouvez-vous éteindre complètement l'appareil, le redémarrer et nous dire si le "
        "problème persiste ?",
    ],
    "en": [
        "Could you send us a screenshot of the error message?",
        "Since when does the problem occur, and for which colleagues?",
        "Could you shut the device down completely, restart it and tell us whether the "
        "problem remains?",
    ],
}
CUSTOMER_ANSWERS = {
    "nl": [
        "Klant belt terug: probleem blijft na herstart, schermafdruk volgt per mail.",
        "Klant bevestigt dat ook twee collega's het probleem hebben.",
        "Klant belt terug met de gevraagde info.",
    ],
    "fr": [
        "Le client rappelle : le problème persiste après redémarrage, capture envoyée par mail.",
        "Le client confirme que deux collègues ont aussi le problème.",
        "Le client rappelle avec les informations demandées.",
    ],
    "en": [
        "Customer calls back: the problem remains after a restart, screenshot follows by mail.",
        "Customer confirms two colleagues have the problem too.",
        "Customer calls back with the requested information.",
    ],
}
NOTES = {
    "nl": [
        "Logboeken bekeken: geen fouten aan serverzijde.",
        "Bekend probleem bij andere klanten na de laatste update.",
        "Op afstand verbonden, probleem gereproduceerd.",
    ],
    "fr": [
        "Journaux consultés : pas d'erreur côté serveur.",
        "Problème connu chez d'autres clients depuis la dernière mise à jour.",
        "Connecté à distance, problème reproduit.",
    ],
    "en": [
        "Checked the logs: no server-side errors.",
        "Known problem at other customers since the last update.",
        "Connected remotely, reproduced the problem.",
    ],
}
SPECIALIST_REPLIES = {
    "nl": [
        "Wij hebben uw ticket overgenomen en bekijken het vandaag nog.",
        "We plannen een tussenkomst; past morgenvoormiddag?",
    ],
    "fr": [
        "Nous avons repris votre ticket et l'examinons aujourd'hui.",
        "Nous planifions une intervention ; demain matin vous convient-il ?",
    ],
    "en": [
        "We have taken over your ticket and will look at it today.",
        "We are planning an intervention; would tomorrow morning suit you?",
    ],
}
THIRD_PARTY = {
    "nl": "Wachten op de leverancier (onderdeel besteld).",
    "fr": "En attente du fournisseur (pièce commandée).",
    "en": "Waiting for the vendor (part ordered).",
}
RESOLVED_REPLY = {
    "nl": "Uw melding is opgelost: {resolution} Laat het ons weten als het probleem terugkomt.",
    "fr": "Votre demande est résolue : {resolution} N'hésitez pas à nous recontacter si le "
    "problème revient.",
    "en": "Your request is resolved: {resolution} Let us know if the problem comes back.",
}
REOPEN_REASON = {
    "nl": "Klant meldt dat het probleem terug is.",
    "fr": "Le client signale que le problème est revenu.",
    "en": "Customer reports the problem is back.",
}
