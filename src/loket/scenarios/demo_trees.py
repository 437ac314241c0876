"""The demo scenarios' trees, in Dutch, French and English (see ``demo.build``).

Written for first-line agents who may be new to the job: short titles, guidance that
says where to click, and texts to read to the caller with a simpler variant for novices.
``refs`` gives the database ids the actions need (teams, categories, articles).
"""


def L(nl: str, fr: str, en: str) -> dict[str, str]:
    return {"nl": nl, "fr": fr, "en": en}


def say(default: tuple[str, str, str], novice: tuple[str, str, str] | None = None) -> dict:
    texts: dict = L(*default)
    if novice:
        texts["novice"] = L(*novice)
    return texts


def question(step_id, title, options, *, text=None, say_=None) -> dict:
    step = {"id": step_id, "kind": "question", "title": L(*title), "options": []}
    for option_id, label, target in options:
        step["options"].append({"id": option_id, "label": L(*label), "next": target})
    return _extra(step, text, say_)


def instruction(step_id, title, next_id, *, text=None, say_=None) -> dict:
    step = {"id": step_id, "kind": "instruction", "title": L(*title), "next": next_id}
    return _extra(step, text, say_)


def check(step_id, title, passed, failed, not_possible, *, text=None, say_=None) -> dict:
    outcomes = {"pass": passed, "fail": failed, "not_possible": not_possible}
    step = {"id": step_id, "kind": "check", "title": L(*title), "outcomes": outcomes}
    return _extra(step, text, say_)


def action(step_id, title, what: dict, *, next_id="", text=None, say_=None) -> dict:
    step = {"id": step_id, "kind": "action", "title": L(*title), "action": what}
    if next_id:
        step["next"] = next_id
    return _extra(step, text, say_)


def _extra(step, text, say_):
    if text:
        step["text"] = L(*text)
    if say_:
        step["say"] = say_
    return step


def resolve(step_id, resolution, *, say_=None) -> dict:
    return action(
        step_id,
        ("Oplossen bij eerste contact", "Résoudre au premier contact", "Resolve at first contact"),
        {"type": "resolve", "code": "first-contact", "resolution": L(*resolution)},
        say_=say_,
    )


def escalate(step_id, team: int, reason, *, title=None, say_=None) -> dict:
    return action(
        step_id,
        title or ("Doorsturen naar tweede lijn", "Transférer en deuxième ligne", "Escalate"),
        {"type": "escalate", "team": team, "reason": L(*reason)},
        say_=say_,
    )


def link_or_skip(step_id, article: int | None, next_id: str, title) -> dict:
    """Link a knowledge article when the demo has it; else a plain instruction."""
    if article:
        return action(step_id, title, {"type": "link_article", "article": article}, next_id=next_id)
    return instruction(step_id, title, next_id)


ESCALATE_SAY = say(
    (
        "Ik geef uw melding door aan een collega-specialist. U krijgt een e-mail met het "
        "ticketnummer en we houden u op de hoogte.",
        "Je transmets votre demande à un collègue spécialisé. Vous recevez un e-mail avec le "
        "numéro de ticket et nous vous tenons informé.",
        "I am passing your request to a specialist colleague. You will get an e-mail with the "
        "ticket number and we will keep you informed.",
    )
)


def printer(refs: dict) -> dict:
    second = refs["second_line"]
    steps = [
        question(
            "power",
            (
                "Staat de printer aan, zonder foutmelding?",
                "L'imprimante est-elle allumée, sans message d'erreur ?",
                "Is the printer on, without an error message?",
            ),
            [
                (
                    "on-ok",
                    ("Aan, geen melding", "Allumée, pas de message", "On, no message"),
                    "queue",
                ),
                (
                    "off",
                    ("Uit of geen lampje", "Éteinte ou aucun voyant", "Off or no light"),
                    "power-cable",
                ),
                (
                    "error",
                    (
                        "Foutmelding op het scherm",
                        "Message d'erreur à l'écran",
                        "Error on its display",
                    ),
                    "paper-toner",
                ),
            ],
            say_=say(
                (
                    "Kunt u even naar de printer kijken? Brandt er een lampje, en staat er een "
                    "melding op het schermpje?",
                    "Pouvez-vous regarder l'imprimante ? Un voyant est-il allumé, et y a-t-il un "
                    "message sur le petit écran ?",
                    "Could you have a look at the printer? Is a light on, and is there a message "
                    "on its small screen?",
                ),
                (
                    "Kijkt u even naar de printer zelf. Ziet u ergens een klein lampje branden, "
                    "meestal bij de aan-knop? En staat er tekst op het schermpje?",
                    "Regardez l'imprimante elle-même. Voyez-vous une petite lumière allumée, "
                    "souvent près du bouton marche ? Et du texte sur le petit écran ?",
                    "Please look at the printer itself. Do you see a small light, usually near "
                    "the power button? And is there any text on its little screen?",
                ),
            ),
        ),
        instruction(
            "power-cable",
            (
                "Stroom en kabel laten nakijken",
                "Faire vérifier alimentation et câble",
                "Have power and cable checked",
            ),
            "powered-now",
            text=(
                "Laat de stekker en (bij een USB-printer) de kabel naar de pc controleren en de "
                "printer aanzetten. Wacht tot hij opgewarmd is (± 1 minuut).",
                "Faites vérifier la prise et (imprimante USB) le câble vers le PC, puis allumer "
                "l'imprimante. Attendez qu'elle soit prête (± 1 minute).",
                "Have the plug and (for a USB printer) the cable to the PC checked, and the "
                "printer switched on. Wait until it has warmed up (about a minute).",
            ),
            say_=say(
                (
                    "Wilt u nakijken of de stekker goed in het stopcontact zit en de printer "
                    "aanzetten?",
                    "Pouvez-vous vérifier que la prise est bien branchée et allumer l'imprimante ?",
                    "Could you check that the plug is firmly in the socket and switch the printer on?",
                ),
                (
                    "Volgt u even de stroomkabel van de printer naar het stopcontact en duwt u de "
                    "stekker goed aan. Druk daarna op de aan-knop, meestal een ronde knop met een "
                    "streepje.",
                    "Suivez le câble d'alimentation de l'imprimante jusqu'à la prise et enfoncez "
                    "bien la fiche. Appuyez ensuite sur le bouton marche, souvent un bouton rond "
                    "avec un trait.",
                    "Follow the printer's power cable to the wall socket and push the plug in "
                    "firmly. Then press the power button, usually a round button with a line.",
                ),
            ),
        ),
        question(
            "powered-now",
            (
                "Gaat de printer nu aan?",
                "L'imprimante s'allume-t-elle maintenant ?",
                "Does the printer switch on now?",
            ),
            [
                ("yes", ("Ja", "Oui", "Yes"), "queue"),
                ("no", ("Nee", "Non", "No"), "escalate-hardware"),
            ],
        ),
        check(
            "paper-toner",
            (
                "Papier, toner en papierstoring",
                "Papier, toner et bourrage",
                "Paper, toner and paper jam",
            ),
            "queue",
            "escalate-hardware",
            "callback-later",
            text=(
                "Laat de melding voorlezen. Papier op: lade bijvullen. Toner of inkt leeg: "
                "vervangen als er een reservepatroon is. Papierstoring: klepjes openen en het "
                "papier voorzichtig in de richting van de doorvoer uittrekken. "
                "Geslaagd = de melding is weg.",
                "Faites lire le message. Plus de papier : remplir le bac. Toner ou encre vide : "
                "remplacer s'il y a une cartouche de réserve. Bourrage : ouvrir les trappes et "
                "retirer doucement le papier dans le sens du passage. Réussi = le message a disparu.",
                "Have the message read out. Out of paper: refill the tray. Toner or ink empty: "
                "replace it if there is a spare. Paper jam: open the covers and gently pull the "
                "paper out in the feed direction. Passed = the message is gone.",
            ),
            say_=say(
                (
                    "Wat staat er precies op het schermpje? Dan lossen we dat samen op.",
                    "Que dit exactement le petit écran ? Nous allons régler cela ensemble.",
                    "What exactly does the little screen say? We will sort it out together.",
                )
            ),
        ),
        check(
            "queue",
            ("Afdrukwachtrij nakijken", "Vérifier la file d'impression", "Check the print queue"),
            "test-page",
            "spooler",
            "spooler",
            text=(
                "Laat de wachtrij openen: Start › Instellingen › Bluetooth en apparaten › Printers "
                "› [printer] › Afdrukwachtrij openen. Blijft een document op 'Fout' of "
                "'Afdrukken' hangen, laat dan alle documenten annuleren. "
                "Geslaagd = de wachtrij is leeg of loopt weer.",
                "Faites ouvrir la file : Démarrer › Paramètres › Bluetooth et appareils › "
                "Imprimantes › [imprimante] › Ouvrir la file d'attente. Si un document reste en "
                "« Erreur » ou « Impression », faites tout annuler. Réussi = la file est vide ou repart.",
                "Have the queue opened: Start › Settings › Bluetooth & devices › Printers › "
                "[printer] › Open print queue. If a document is stuck on 'Error' or 'Printing', "
                "have all documents cancelled. Passed = the queue is empty or moving again.",
            ),
            say_=say(
                (
                    "We kijken even welke documenten er op de printer wachten.",
                    "Nous allons regarder quels documents attendent l'imprimante.",
                    "Let's look at which documents are waiting for the printer.",
                ),
                (
                    "Klikt u linksonder op het Windows-logo en dan op het tandwiel 'Instellingen'. "
                    "Ik zeg u telkens waar u daarna op klikt.",
                    "Cliquez en bas à gauche sur le logo Windows, puis sur la roue dentée "
                    "« Paramètres ». Je vous guide pour la suite.",
                    "Click the Windows logo at the bottom left, then the cog wheel 'Settings'. "
                    "I will tell you where to click next.",
                ),
            ),
        ),
        check(
            "test-page",
            ("Testpagina afdrukken", "Imprimer une page de test", "Print a test page"),
            "resolve-first",
            "spooler",
            "spooler",
            text=(
                "Laat een testpagina afdrukken (in het printervenster: Testpagina afdrukken) of "
                "het document opnieuw afdrukken.",
                "Faites imprimer une page de test (fenêtre de l'imprimante : Imprimer une page de "
                "test) ou relancer le document.",
                "Have a test page printed (printer window: Print test page) or the document sent again.",
            ),
        ),
        instruction(
            "spooler",
            (
                "Afdrukspooler herstarten",
                "Redémarrer le spouleur d'impression",
                "Restart the print spooler",
            ),
            "article-spooler",
            text=(
                "Met beheerrechten, of via een overname van het scherm ná toestemming van de "
                "klant: services.msc › Afdrukspooler › Opnieuw starten. Zonder rechten: laat de "
                "pc herstarten.",
                "Avec des droits d'administration, ou par une prise en main à distance après "
                "accord du client : services.msc › Spouleur d'impression › Redémarrer. Sans "
                "droits : faites redémarrer le PC.",
                "With admin rights, or through a remote session after the customer's consent: "
                "services.msc › Print Spooler › Restart. Without rights: have the PC restarted.",
            ),
            say_=say(
                (
                    "Ik herstart nu het onderdeel van Windows dat de afdrukken regelt. Uw "
                    "documenten blijven bewaard.",
                    "Je redémarre le composant de Windows qui gère les impressions. Vos documents "
                    "restent enregistrés.",
                    "I am now restarting the part of Windows that handles printing. Your "
                    "documents are safe.",
                ),
                (
                    "Wilt u uw werk bewaren en de computer herstarten? Klik op het Windows-logo, "
                    "dan op de aan-knop en kies 'Opnieuw opstarten'.",
                    "Pouvez-vous enregistrer votre travail et redémarrer l'ordinateur ? Cliquez sur "
                    "le logo Windows, puis sur le bouton marche et choisissez « Redémarrer ».",
                    "Could you save your work and restart the computer? Click the Windows logo, "
                    "then the power button, and choose 'Restart'.",
                ),
            ),
        ),
        link_or_skip(
            "article-spooler",
            refs.get("article_print_queue"),
            "after-spooler",
            (
                "Artikel over de wachtrij koppelen",
                "Lier l'article sur la file",
                "Link the print queue article",
            ),
        ),
        check(
            "after-spooler",
            (
                "Testpagina na de herstart",
                "Page de test après le redémarrage",
                "Test page after the restart",
            ),
            "resolve-first",
            "driver",
            "escalate-second",
        ),
        instruction(
            "driver",
            ("Stuurprogramma opnieuw installeren", "Réinstaller le pilote", "Reinstall the driver"),
            "after-driver",
            text=(
                "Laat de printer verwijderen (Printers › [printer] › Verwijderen) en opnieuw "
                "toevoegen vanaf de printserver (\\\\print01); het stuurprogramma komt mee.",
                "Faites supprimer l'imprimante (Imprimantes › [imprimante] › Supprimer) puis la "
                "rajouter depuis le serveur d'impression (\\\\print01) ; le pilote suit.",
                "Have the printer removed (Printers › [printer] › Remove) and added again from "
                "the print server (\\\\print01); the driver comes with it.",
            ),
        ),
        check(
            "after-driver",
            (
                "Testpagina na de herinstallatie",
                "Page de test après réinstallation",
                "Test page after reinstalling",
            ),
            "resolve-driver",
            "escalate-second",
            "escalate-second",
        ),
        resolve(
            "resolve-first",
            (
                "De printer drukt weer af; opgelost tijdens het gesprek.",
                "L'imprimante imprime à nouveau ; résolu pendant l'appel.",
                "The printer prints again; solved during the call.",
            ),
            say_=say(
                (
                    "Fijn dat het weer werkt! Ik sluit uw melding af; werkt het morgen opnieuw "
                    "niet, bel ons dan gerust terug.",
                    "Parfait, cela fonctionne ! Je clôture votre demande ; si le problème revient, "
                    "rappelez-nous.",
                    "Glad it works again! I am closing your request; if it happens again, just call us back.",
                )
            ),
        ),
        resolve(
            "resolve-driver",
            (
                "Stuurprogramma opnieuw geïnstalleerd; de printer drukt weer af.",
                "Pilote réinstallé ; l'imprimante imprime à nouveau.",
                "Driver reinstalled; the printer prints again.",
            ),
        ),
        escalate(
            "escalate-hardware",
            second,
            (
                "Printer gaat niet aan of houdt een foutmelding; hardware ter plaatse nakijken.",
                "L'imprimante ne s'allume pas ou garde un message d'erreur ; vérifier le matériel sur place.",
                "Printer does not switch on or keeps an error; hardware to be checked on site.",
            ),
            title=("Doorsturen: hardware", "Transférer : matériel", "Escalate: hardware"),
            say_=ESCALATE_SAY,
        ),
        escalate(
            "escalate-second",
            second,
            (
                "Afdrukken lukt niet na herstart van de spooler en herinstallatie van het "
                "stuurprogramma.",
                "L'impression échoue après redémarrage du spouleur et réinstallation du pilote.",
                "Printing fails after restarting the spooler and reinstalling the driver.",
            ),
            say_=ESCALATE_SAY,
        ),
        action(
            "callback-later",
            ("Later terugbellen", "Rappeler plus tard", "Call back later"),
            {
                "type": "callback",
                "in_minutes": 30,
                "note": L(
                    "Klant was niet bij de printer: terugbellen om papier en toner na te kijken.",
                    "Client pas près de l'imprimante : rappeler pour vérifier papier et toner.",
                    "Customer was not at the printer: call back to check paper and toner.",
                ),
            },
            say_=say(
                (
                    "Geen probleem: ik bel u over een half uurtje terug, als u bij de printer bent.",
                    "Pas de souci : je vous rappelle dans une demi-heure, quand vous serez près de "
                    "l'imprimante.",
                    "No problem: I will call you back in half an hour, when you are at the printer.",
                )
            ),
        ),
    ]
    return {"start": "power", "steps": steps}


def login(refs: dict) -> dict:
    security = refs["security"]
    never = (
        "Vraag nooit naar het huidige wachtwoord. Lukt de identiteitscontrole niet, dan is er "
        "géén reset, ook niet als de beller aandringt.",
        "Ne demandez jamais le mot de passe actuel. Si la vérification d'identité échoue, "
        "aucune réinitialisation, même si l'appelant insiste.",
        "Never ask for the current password. If the identity check fails there is no reset, "
        "even if the caller insists.",
    )
    steps = [
        question(
            "id-details",
            (
                "Identiteit: kloppen personeelsnummer en geboortedatum?",
                "Identité : matricule et date de naissance corrects ?",
                "Identity: do staff number and date of birth match?",
            ),
            [
                ("match", ("Ja, beide kloppen", "Oui, les deux", "Yes, both match"), "id-code"),
                ("no-match", ("Nee of twijfel", "Non ou doute", "No, or in doubt"), "refuse"),
            ],
            text=never,
            say_=say(
                (
                    "Voor uw veiligheid stel ik eerst twee controlevragen. Wat is uw "
                    "personeelsnummer en uw geboortedatum?",
                    "Pour votre sécurité, je vous pose d'abord deux questions de contrôle. Quel est "
                    "votre matricule et votre date de naissance ?",
                    "For your security I will first ask two check questions. What is your staff "
                    "number and your date of birth?",
                ),
                (
                    "Ik moet eerst zeker weten dat u het echt bent, zo beschermen we uw gegevens. "
                    "Uw personeelsnummer staat op uw badge of loonbrief. Wilt u het even voorlezen, "
                    "en ook uw geboortedatum?",
                    "Je dois d'abord être sûr que c'est bien vous, pour protéger vos données. Votre "
                    "matricule figure sur votre badge ou votre fiche de paie. Pouvez-vous le lire, "
                    "ainsi que votre date de naissance ?",
                    "I first need to be sure it is really you; that is how we protect your data. "
                    "Your staff number is on your badge or payslip. Could you read it out, and "
                    "give me your date of birth?",
                ),
            ),
        ),
        check(
            "id-code",
            (
                "Verificatiecode via het gekende nummer",
                "Code de vérification via le numéro connu",
                "Verification code via the known number",
            ),
            "problem",
            "refuse",
            "refuse",
            text=(
                "Stuur een eenmalige code naar het gsm-nummer of e-mailadres dat al in het contact "
                "staat — nooit naar een nummer dat de beller nu opgeeft — en laat de code "
                "voorlezen. Geslaagd = de code klopt.",
                "Envoyez un code unique au numéro de GSM ou à l'adresse e-mail déjà enregistrés "
                "dans le contact — jamais à un numéro donné maintenant par l'appelant — et faites "
                "lire le code. Réussi = le code est correct.",
                "Send a one-time code to the mobile number or e-mail address already on the "
                "contact — never to a number the caller gives now — and have it read out. "
                "Passed = the code is right.",
            ),
            say_=say(
                (
                    "Ik stuur u nu een code per sms. Wilt u die voorlezen zodra u ze ontvangt?",
                    "Je vous envoie un code par SMS. Pouvez-vous me le lire dès réception ?",
                    "I am sending you a code by text message. Could you read it out when it arrives?",
                )
            ),
        ),
        question(
            "problem",
            ("Wat lukt er niet?", "Qu'est-ce qui ne fonctionne pas ?", "What does not work?"),
            [
                (
                    "forgot",
                    ("Wachtwoord vergeten", "Mot de passe oublié", "Forgot password"),
                    "locked",
                ),
                ("locked", ("Account geblokkeerd", "Compte bloqué", "Account locked"), "locked"),
                (
                    "mfa",
                    ("Nieuwe gsm / MFA-code", "Nouveau GSM / code MFA", "New phone / MFA code"),
                    "mfa",
                ),
            ],
        ),
        check(
            "locked",
            (
                "Is het account geblokkeerd? (beheerconsole)",
                "Le compte est-il bloqué ? (console d'administration)",
                "Is the account locked? (admin console)",
            ),
            "reset",
            "unlock",
            "escalate-accounts",
            text=(
                "Zoek de gebruiker in de beheerconsole. Geslaagd = niet geblokkeerd; "
                "mislukt = geblokkeerd; niet mogelijk = geen toegang tot de console.",
                "Cherchez l'utilisateur dans la console. Réussi = pas bloqué ; échoué = bloqué ; "
                "impossible = pas d'accès à la console.",
                "Look the user up in the admin console. Passed = not locked; failed = locked; "
                "not possible = no access to the console.",
            ),
        ),
        instruction(
            "unlock",
            ("Account deblokkeren", "Débloquer le compte", "Unlock the account"),
            "reset",
            text=(
                "Deblokkeer het account. Veel mislukte aanmeldpogingen die de klant niet zelf "
                "deed? Meld dat in een interne notitie: mogelijk misbruik.",
                "Débloquez le compte. Beaucoup d'échecs de connexion que le client n'a pas faits ? "
                "Signalez-le dans une note interne : abus possible.",
                "Unlock the account. Many failed sign-ins the customer did not make? Say so in "
                "an internal note: possible misuse.",
            ),
        ),
        instruction(
            "reset",
            (
                "Tijdelijk wachtwoord instellen",
                "Définir un mot de passe temporaire",
                "Set a temporary password",
            ),
            "article-reset",
            text=(
                "Stel een tijdelijk wachtwoord in met 'wijzigen bij volgende aanmelding'. Geef het "
                "mondeling of per sms naar het gekende nummer, nooit per e-mail, en zet het nooit "
                "in het ticket.",
                "Définissez un mot de passe temporaire avec « changer à la prochaine connexion ». "
                "Donnez-le oralement ou par SMS au numéro connu, jamais par e-mail, et jamais dans "
                "le ticket.",
                "Set a temporary password with 'change at next sign-in'. Give it by voice or by "
                "text to the known number, never by e-mail, and never put it in the ticket.",
            ),
            say_=say(
                (
                    "Ik geef u een tijdelijk wachtwoord. Bij het aanmelden vraagt de computer "
                    "meteen een nieuw: kies er één van minstens 14 tekens dat u nergens anders gebruikt.",
                    "Je vous donne un mot de passe temporaire. À la connexion, l'ordinateur en "
                    "demande aussitôt un nouveau : choisissez-en un d'au moins 14 caractères que "
                    "vous n'utilisez nulle part ailleurs.",
                    "I am giving you a temporary password. When you sign in, the computer asks for "
                    "a new one straight away: choose one of at least 14 characters that you use "
                    "nowhere else.",
                ),
                (
                    "Ik geef u zo een tijdelijk wachtwoord; neemt u pen en papier. Daarna vraagt "
                    "de computer u een eigen wachtwoord te kiezen. Een korte zin van vier woorden "
                    "is makkelijk te onthouden en toch veilig.",
                    "Je vais vous donner un mot de passe temporaire ; prenez de quoi écrire. Ensuite, "
                    "l'ordinateur vous demande d'en choisir un. Une petite phrase de quatre mots est "
                    "facile à retenir et sûre.",
                    "I will give you a temporary password in a moment; please take pen and paper. "
                    "Then the computer asks you to choose your own. A short sentence of four words "
                    "is easy to remember and still safe.",
                ),
            ),
        ),
        link_or_skip(
            "article-reset",
            refs.get("article_password"),
            "login-ok",
            (
                "Wachtwoordartikel koppelen",
                "Lier l'article mot de passe",
                "Link the password article",
            ),
        ),
        check(
            "login-ok",
            (
                "Aanmelden met het nieuwe wachtwoord",
                "Connexion avec le nouveau mot de passe",
                "Sign in with the new password",
            ),
            "resolve-reset",
            "escalate-accounts",
            "callback-login",
        ),
        instruction(
            "mfa",
            ("MFA opnieuw koppelen", "Réassocier la MFA", "Re-register MFA"),
            "article-mfa",
            text=(
                "Zet de MFA-registratie terug in de beheerconsole. De klant installeert de "
                "Authenticator-app op de nieuwe gsm en scant de QR-code bij de volgende aanmelding.",
                "Réinitialisez l'enregistrement MFA dans la console. Le client installe "
                "l'application Authenticator sur le nouveau GSM et scanne le QR code à la prochaine "
                "connexion.",
                "Reset the MFA registration in the admin console. The customer installs the "
                "Authenticator app on the new phone and scans the QR code at the next sign-in.",
            ),
            say_=say(
                (
                    "Installeert u de Authenticator-app op uw nieuwe gsm? Bij de volgende "
                    "aanmelding verschijnt een QR-code die u met de app scant.",
                    "Installez l'application Authenticator sur votre nouveau GSM. À la prochaine "
                    "connexion, un QR code s'affiche : scannez-le avec l'application.",
                    "Please install the Authenticator app on your new phone. At your next sign-in a "
                    "QR code appears; scan it with the app.",
                )
            ),
        ),
        link_or_skip(
            "article-mfa",
            refs.get("article_mfa"),
            "mfa-ok",
            ("MFA-artikel koppelen", "Lier l'article MFA", "Link the MFA article"),
        ),
        check(
            "mfa-ok",
            (
                "Aanmelden met de nieuwe gsm",
                "Connexion avec le nouveau GSM",
                "Sign in with the new phone",
            ),
            "resolve-mfa",
            "escalate-accounts",
            "callback-login",
        ),
        resolve(
            "resolve-reset",
            (
                "Identiteit gecontroleerd; tijdelijk wachtwoord gegeven, klant meldt zich weer aan.",
                "Identité vérifiée ; mot de passe temporaire donné, le client peut se connecter.",
                "Identity checked; temporary password given, the customer can sign in again.",
            ),
        ),
        resolve(
            "resolve-mfa",
            (
                "Identiteit gecontroleerd; MFA opnieuw gekoppeld aan de nieuwe gsm.",
                "Identité vérifiée ; MFA réassociée au nouveau GSM.",
                "Identity checked; MFA registered again on the new phone.",
            ),
        ),
        escalate(
            "refuse",
            security,
            (
                "Identiteit niet bevestigd: niets aan het account gewijzigd. Verificatie via de "
                "leidinggevende van de klant nodig.",
                "Identité non confirmée : rien n'a été modifié sur le compte. Vérification via le "
                "responsable du client nécessaire.",
                "Identity not confirmed: nothing changed on the account. Verification through the "
                "customer's manager needed.",
            ),
            title=("Weigeren en doorsturen", "Refuser et transférer", "Refuse and escalate"),
            say_=say(
                (
                    "Het spijt me: zonder bevestigde identiteit mag ik uw wachtwoord niet wijzigen, "
                    "dat is voor uw eigen veiligheid. Een collega van security neemt contact op "
                    "via uw leidinggevende.",
                    "Je suis désolé : sans identité confirmée, je ne peux pas modifier votre mot de "
                    "passe, c'est pour votre sécurité. Un collègue de la sécurité vous contactera "
                    "via votre responsable.",
                    "I am sorry: without a confirmed identity I may not change your password; it is "
                    "for your own safety. A colleague from security will contact you through your "
                    "manager.",
                )
            ),
        ),
        escalate(
            "escalate-accounts",
            security,
            (
                "Aanmelden lukt niet na reset of MFA-koppeling; identiteit wel bevestigd.",
                "La connexion échoue après réinitialisation ou MFA ; identité confirmée.",
                "Sign-in fails after the reset or MFA registration; identity confirmed.",
            ),
            say_=ESCALATE_SAY,
        ),
        action(
            "callback-login",
            ("Terugbellen na aanmelden", "Rappeler après connexion", "Call back after sign-in"),
            {
                "type": "callback",
                "in_minutes": 15,
                "note": L(
                    "Nagaan of het aanmelden gelukt is.",
                    "Vérifier que la connexion a réussi.",
                    "Check that signing in worked.",
                ),
            },
        ),
    ]
    return {"start": "id-details", "steps": steps}


def network(refs: dict) -> dict:
    net, second = refs["network"], refs["second_line"]
    steps = [
        question(
            "scope",
            (
                "Alleen de beller, of iedereen op de site?",
                "Seulement l'appelant, ou tout le site ?",
                "Only the caller, or the whole site?",
            ),
            [
                ("only-me", ("Alleen ik", "Seulement moi", "Only me"), "connection"),
                (
                    "site",
                    ("Ook collega's", "Aussi les collègues", "Colleagues too"),
                    "known-problems",
                ),
            ],
            say_=say(
                (
                    "Hebben uw collega's in de buurt wel netwerk?",
                    "Vos collègues à proximité ont-ils du réseau ?",
                    "Do your colleagues nearby have a network connection?",
                ),
                (
                    "Kunt u even aan een collega vragen of internet bij hen wel werkt?",
                    "Pouvez-vous demander à un collègue si internet fonctionne chez lui ?",
                    "Could you ask a colleague whether the internet works for them?",
                ),
            ),
        ),
        check(
            "known-problems",
            (
                "Gekend probleem voor deze site?",
                "Problème connu pour ce site ?",
                "Known problem for this site?",
            ),
            "link-problem",
            "site-priority",
            "site-priority",
            text=(
                "Kijk bij Problemen of er een storing loopt voor deze site of dit netwerk. "
                "Geslaagd = er is een gekend probleem.",
                "Regardez dans Problèmes si une panne est en cours pour ce site ou ce réseau. "
                "Réussi = il y a un problème connu.",
                "Look in Problems for an outage on this site or network. Passed = there is a "
                "known problem.",
            ),
        ),
        instruction(
            "link-problem",
            (
                "Ticket aan het probleem koppelen",
                "Lier le ticket au problème",
                "Link the ticket to the problem",
            ),
            "follow-outage",
            text=(
                "Koppel het ticket aan het gekende probleem (paneel 'Gekend probleem') en geef "
                "de omweg door als die er is.",
                "Liez le ticket au problème connu (panneau « Problème connu ») et donnez la "
                "solution de contournement s'il y en a une.",
                "Link the ticket to the known problem (panel 'Known problem') and pass on the "
                "workaround if there is one.",
            ),
            say_=say(
                (
                    "Er is een storing bekend; onze netwerkploeg werkt eraan. U krijgt bericht "
                    "zodra het opgelost is.",
                    "Une panne est connue ; notre équipe réseau y travaille. Vous serez prévenu dès "
                    "qu'elle est résolue.",
                    "There is a known outage; our network team is working on it. You will hear "
                    "from us as soon as it is fixed.",
                )
            ),
        ),
        action(
            "follow-outage",
            ("Opvolgen: terugbellen", "Suivi : rappeler", "Follow up: call back"),
            {
                "type": "callback",
                "in_minutes": 120,
                "note": L(
                    "Nagaan of de storing voorbij is en de klant weer netwerk heeft.",
                    "Vérifier que la panne est finie et que le client a du réseau.",
                    "Check that the outage is over and the customer is back online.",
                ),
            },
        ),
        action(
            "site-priority",
            ("Prioriteit: hele site", "Priorité : tout le site", "Priority: whole site"),
            {"type": "set_fields", "impact": 1, "urgency": 2, "ticket_type": "incident"},
            next_id="escalate-network",
        ),
        question(
            "connection",
            ("Kabel of wifi?", "Câble ou Wi-Fi ?", "Cable or Wi-Fi?"),
            [
                ("cable", ("Netwerkkabel", "Câble réseau", "Network cable"), "cable-check"),
                ("wifi", ("Wifi", "Wi-Fi", "Wi-Fi"), "airplane"),
            ],
        ),
        check(
            "cable-check",
            ("Kabel en poort nakijken", "Vérifier câble et prise", "Check cable and port"),
            "ip-check",
            "escalate-workplace",
            "ip-check",
            text=(
                "Zit de kabel stevig in laptop/dock en muur? Brandt het lampje naast de poort? "
                "Laat een andere kabel of poort proberen. Geslaagd = lampje brandt.",
                "Le câble est-il bien branché dans le portable/dock et au mur ? Le voyant près du "
                "port est-il allumé ? Essayer un autre câble ou port. Réussi = le voyant est allumé.",
                "Is the cable firmly in the laptop/dock and the wall? Is the light next to the "
                "port on? Try another cable or port. Passed = the light is on.",
            ),
        ),
        question(
            "airplane",
            (
                "Stond de vliegtuigmodus aan of wifi uit?",
                "Mode avion activé ou Wi-Fi désactivé ?",
                "Was airplane mode on or Wi-Fi off?",
            ),
            [
                (
                    "fixed",
                    (
                        "Ja, nu uit en het werkt",
                        "Oui, désactivé et ça marche",
                        "Yes, switched and it works",
                    ),
                    "resolve-airplane",
                ),
                (
                    "no",
                    ("Nee, of het helpt niet", "Non, ou ça n'aide pas", "No, or it does not help"),
                    "forget",
                ),
            ],
            text=(
                "Rechtsonder op het wifi-icoon: vliegtuigmodus uit, wifi aan. Sommige laptops "
                "hebben een toets met een antenne (Fn + F2…).",
                "En bas à droite, icône Wi-Fi : mode avion désactivé, Wi-Fi activé. Certains "
                "portables ont une touche avec une antenne (Fn + F2…).",
                "Bottom right, the Wi-Fi icon: airplane mode off, Wi-Fi on. Some laptops have a key "
                "with an antenna (Fn + F2…).",
            ),
            say_=say(
                (
                    "Klikt u rechtsonder op het wifi-icoon. Staat 'Vliegtuigmodus' aan?",
                    "Cliquez en bas à droite sur l'icône Wi-Fi. Le « Mode avion » est-il activé ?",
                    "Click the Wi-Fi icon at the bottom right. Is 'Airplane mode' on?",
                ),
                (
                    "Rechtsonder op het scherm, naast de klok, ziet u een klein symbool dat op een "
                    "waaier lijkt, of een vliegtuigje. Klikt u daarop?",
                    "En bas à droite de l'écran, près de l'horloge, il y a un petit symbole en "
                    "éventail, ou un petit avion. Pouvez-vous cliquer dessus ?",
                    "At the bottom right of the screen, next to the clock, there is a small "
                    "fan-shaped symbol, or a little plane. Could you click on it?",
                ),
            ),
        ),
        instruction(
            "forget",
            (
                "Netwerk vergeten en opnieuw verbinden",
                "Oublier le réseau et se reconnecter",
                "Forget the network and reconnect",
            ),
            "article-wifi",
            text=(
                "Instellingen › Netwerk en internet › Wifi › Bekende netwerken beheren › "
                "[netwerk] › Vergeten. Daarna opnieuw verbinden met de gegevens van de organisatie.",
                "Paramètres › Réseau et Internet › Wi-Fi › Gérer les réseaux connus › [réseau] › "
                "Oublier. Puis se reconnecter avec les identifiants de l'organisation.",
                "Settings › Network & internet › Wi-Fi › Manage known networks › [network] › "
                "Forget. Then connect again with the organisation's credentials.",
            ),
            say_=say(
                (
                    "We laten uw laptop het wifinetwerk even vergeten en maken dan een nieuwe "
                    "verbinding. Houdt u uw gebruikersnaam en wachtwoord bij de hand.",
                    "Nous allons faire oublier le réseau Wi-Fi à votre portable puis nous reconnecter. "
                    "Gardez votre identifiant et votre mot de passe à portée de main.",
                    "We will make your laptop forget the Wi-Fi network and then connect again. "
                    "Please keep your username and password at hand.",
                )
            ),
        ),
        link_or_skip(
            "article-wifi",
            refs.get("article_wifi"),
            "forget-ok",
            ("Wifi-artikel koppelen", "Lier l'article Wi-Fi", "Link the Wi-Fi article"),
        ),
        question(
            "forget-ok",
            (
                "Is er nu verbinding?",
                "Y a-t-il une connexion maintenant ?",
                "Is there a connection now?",
            ),
            [
                ("yes", ("Ja", "Oui", "Yes"), "resolve-wifi"),
                ("no", ("Nee", "Non", "No"), "ip-check"),
            ],
        ),
        check(
            "ip-check",
            ("IP-adres nakijken", "Vérifier l'adresse IP", "Check the IP address"),
            "escalate-network",
            "renew",
            "escalate-network",
            text=(
                "Laat 'ipconfig' uitvoeren (Opdrachtprompt). Begint het adres met 169.254, of is "
                "er geen adres, dan gaf de DHCP-server geen adres: mislukt. Geslaagd = een geldig "
                "adres, maar toch geen internet.",
                "Faites exécuter « ipconfig » (Invite de commandes). Une adresse en 169.254 ou "
                "aucune adresse : le serveur DHCP n'en a pas donné : échoué. Réussi = adresse "
                "valide mais toujours pas d'internet.",
                "Have 'ipconfig' run (Command Prompt). An address starting with 169.254, or none, "
                "means DHCP gave no address: failed. Passed = a valid address but still no internet.",
            ),
        ),
        instruction(
            "renew",
            ("Adres vernieuwen", "Renouveler l'adresse", "Renew the address"),
            "renew-ok",
            text=(
                "Laat 'ipconfig /release' en daarna 'ipconfig /renew' uitvoeren, of de laptop herstarten.",
                "Faites exécuter « ipconfig /release » puis « ipconfig /renew », ou redémarrer le portable.",
                "Have 'ipconfig /release' and then 'ipconfig /renew' run, or the laptop restarted.",
            ),
        ),
        question(
            "renew-ok",
            ("Werkt het netwerk nu?", "Le réseau fonctionne-t-il ?", "Does the network work now?"),
            [
                ("yes", ("Ja", "Oui", "Yes"), "resolve-wifi"),
                ("no", ("Nee", "Non", "No"), "escalate-network"),
            ],
        ),
        resolve(
            "resolve-airplane",
            (
                "Vliegtuigmodus stond aan; uitgezet, de verbinding werkt.",
                "Le mode avion était activé ; désactivé, la connexion fonctionne.",
                "Airplane mode was on; switched off, the connection works.",
            ),
        ),
        resolve(
            "resolve-wifi",
            (
                "Netwerkverbinding hersteld tijdens het gesprek.",
                "Connexion réseau rétablie pendant l'appel.",
                "Network connection restored during the call.",
            ),
        ),
        escalate(
            "escalate-network",
            net,
            (
                "Geen netwerk; eerstelijnscontroles gedaan (scope, verbinding, IP-adres).",
                "Pas de réseau ; contrôles de première ligne faits (portée, connexion, adresse IP).",
                "No network; first-line checks done (scope, connection, IP address).",
            ),
            title=("Doorsturen naar Netwerk", "Transférer à Réseau", "Escalate to Network"),
            say_=ESCALATE_SAY,
        ),
        escalate(
            "escalate-workplace",
            second,
            (
                "Bekabelde verbinding: geen link op poort of kabel; netwerkkaart of dock nakijken.",
                "Connexion filaire : aucun lien sur port ou câble ; vérifier carte réseau ou dock.",
                "Wired connection: no link on port or cable; check network card or dock.",
            ),
            say_=ESCALATE_SAY,
        ),
    ]
    return {"start": "scope", "steps": steps}
