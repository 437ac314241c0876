"""Demo knowledge articles about e-mail (see ``articles_workplace`` for the layout)."""

from loket.core.demo.articles_workplace import md

EMAIL = [
    {
        "key": "outlook-sync",
        "category": "email",
        "type": "solution",
        "audience": "public",
        "tags": ["outlook", "sync"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Outlook synchroniseert niet: nieuwe mails komen niet binnen",
                "summary": "Outlook toont 'Verbinding verbroken' of 'Bijwerken van deze map' "
                "en nieuwe mails blijven weg. Zo zet u de synchronisatie weer op gang.",
                "body": md("""
                    Kijk eerst onderaan in Outlook: staat er **Verbinding verbroken**,
                    **Werken in offlinemodus** of **Bijwerken van deze map**?

                    ## Stappen
                    1. Tabblad **Verzenden/ontvangen**: staat **Offline werken** aan, klik er
                       dan op om het uit te zetten.
                    2. Kijk of webmail (`outlook.office.com`) de nieuwe mails wel toont. Zo
                       ja, dan ligt het aan Outlook op uw pc.
                    3. Sluit Outlook, wacht tien seconden en open het opnieuw.
                    4. Nog steeds niets? Start Outlook in veilige modus (**Windows + R**,
                       `outlook /safe`) om een invoegtoepassing uit te sluiten.
                    5. Laatste stap: **Bestand > Accountinstellingen > Accountinstellingen >
                       Wijzigen > Meer instellingen > Geavanceerd** en zet **Exchange-modus
                       met cache** uit en weer aan (de mailbox wordt opnieuw gedownload).
                    """),
            },
            "fr": {
                "title": "Outlook ne se synchronise pas : les nouveaux mails n'arrivent pas",
                "summary": "Outlook affiche « Déconnecté » ou « Mise à jour de ce dossier » et "
                "les nouveaux mails n'arrivent pas. Relancer la synchronisation.",
                "body": md("""
                    Regardez d'abord en bas d'Outlook : voyez-vous **Déconnecté**,
                    **Travail hors connexion** ou **Mise à jour de ce dossier** ?

                    ## Étapes
                    1. Onglet **Envoyer/Recevoir** : si **Travailler hors connexion** est
                       activé, cliquez dessus pour le désactiver.
                    2. Vérifiez si le webmail (`outlook.office.com`) montre les nouveaux mails.
                       Si oui, le problème vient d'Outlook sur votre PC.
                    3. Fermez Outlook, attendez dix secondes et rouvrez-le.
                    4. Toujours rien ? Démarrez Outlook en mode sans échec (**Windows + R**,
                       `outlook /safe`) pour exclure un complément.
                    5. Dernière étape : **Fichier > Paramètres du compte > Paramètres du compte
                       > Modifier > Paramètres supplémentaires > Options avancées** et
                       désactivez puis réactivez le **mode Exchange mis en cache** (la boîte est
                       téléchargée à nouveau).
                    """),
            },
            "en": {
                "title": "Outlook not syncing: new mail does not arrive",
                "summary": "Outlook shows 'Disconnected' or 'Updating this folder' and new mail "
                "stays away. How to get syncing going again.",
                "body": md("""
                    First look at the bottom of Outlook: does it say **Disconnected**,
                    **Working offline** or **Updating this folder**?

                    ## Steps
                    1. On the **Send/Receive** tab, if **Work Offline** is on, click it to turn
                       it off.
                    2. Check whether webmail (`outlook.office.com`) shows the new mail. If so,
                       the problem is Outlook on your PC.
                    3. Close Outlook, wait ten seconds and open it again.
                    4. Still nothing? Start Outlook in safe mode (**Windows + R**,
                       `outlook /safe`) to rule out an add-in.
                    5. Last step: **File > Account Settings > Account Settings > Change > More
                       Settings > Advanced**, turn **Cached Exchange Mode** off and on again
                       (the mailbox is downloaded again).
                    """),
            },
        },
    },
    {
        "key": "mailbox-full",
        "category": "email",
        "type": "faq",
        "audience": "public",
        "tags": ["outlook", "mailbox", "quota"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Mijn postvak is vol: ik kan geen mails meer versturen",
                "summary": "Outlook meldt dat uw postvak vol is. Zo maakt u snel ruimte, en "
                "zo vraagt u een online archief aan.",
                "body": md("""
                    **Waarom kan ik niet meer versturen?** Boven 49 GB blokkeert Exchange het
                    versturen; boven 50 GB ook het ontvangen.

                    **Hoe maak ik snel ruimte?**
                    1. Leeg de map **Verwijderde items** (rechtsklik > **Map leegmaken**).
                    2. Zoek grote mails: typ in het zoekvak `grootte:>5MB` (of in het Engels
                       `size:>5MB`) en verwijder wat u niet meer nodig hebt.
                    3. Bewaar bijlagen in OneDrive of SharePoint in plaats van in de mail.

                    **Hoe zie ik hoeveel ruimte ik gebruik?** **Bestand > Postvakinstellingen**
                    toont de balk met het gebruik.

                    **Kan ik meer ruimte krijgen?** U kunt een **online archief** aanvragen:
                    oude mails gaan dan automatisch naar het archief. Maak daarvoor een
                    melding; uw diensthoofd hoeft niet goed te keuren.
                    """),
            },
            "fr": {
                "title": "Ma boîte mail est pleine : je ne peux plus envoyer de mails",
                "summary": "Outlook indique que votre boîte est pleine. Libérer vite de la "
                "place, et demander une archive en ligne.",
                "body": md("""
                    **Pourquoi ne puis-je plus envoyer ?** Au-delà de 49 Go, Exchange bloque
                    l'envoi ; au-delà de 50 Go, aussi la réception.

                    **Comment libérer vite de la place ?**
                    1. Videz le dossier **Éléments supprimés** (clic droit > **Vider le
                       dossier**).
                    2. Cherchez les gros mails : tapez `taille:>5Mo` (ou `size:>5MB`) dans la
                       recherche et supprimez ce dont vous n'avez plus besoin.
                    3. Gardez les pièces jointes dans OneDrive ou SharePoint plutôt que dans
                       les mails.

                    **Comment voir l'espace utilisé ?** **Fichier > Paramètres de la boîte aux
                    lettres** montre la barre d'utilisation.

                    **Puis-je avoir plus d'espace ?** Vous pouvez demander une **archive en
                    ligne** : les anciens mails y vont automatiquement. Faites une demande ;
                    l'accord de votre chef n'est pas nécessaire.
                    """),
            },
            "en": {
                "title": "My mailbox is full: I cannot send e-mail",
                "summary": "Outlook says your mailbox is full. How to make room quickly, and "
                "how to request an online archive.",
                "body": md("""
                    **Why can't I send any more?** Above 49 GB Exchange blocks sending; above
                    50 GB receiving too.

                    **How do I make room quickly?**
                    1. Empty **Deleted Items** (right-click > **Empty Folder**).
                    2. Find large mails: type `size:>5MB` in the search box and delete what you
                       no longer need.
                    3. Keep attachments in OneDrive or SharePoint instead of in mail.

                    **How much am I using?** **File > Mailbox Settings** shows the usage bar.

                    **Can I get more space?** You can request an **online archive**: old mail
                    then moves there automatically. Open a ticket; your manager's approval is
                    not needed.
                    """),
            },
        },
    },
    {
        "key": "out-of-office",
        "category": "email",
        "type": "howto",
        "audience": "public",
        "tags": ["outlook", "smartphone"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Afwezigheidsmelding instellen in Outlook en op uw smartphone",
                "summary": "Een automatisch antwoord tijdens uw verlof, in Outlook, in webmail "
                "of in de Outlook-app op uw gsm.",
                "body": md("""
                    ## In Outlook op uw pc
                    1. **Bestand > Automatische antwoorden**.
                    2. Kies **Automatische antwoorden verzenden** en vink **Alleen verzenden
                       binnen dit tijdsbereik** aan.
                    3. Schrijf een tekst voor collega's (*Binnen mijn organisatie*) en een
                       voor externen (*Buiten mijn organisatie*).

                    ## In de Outlook-app op uw smartphone
                    1. Tik op uw **profielfoto > tandwieltje**.
                    2. Kies uw account > **Automatische antwoorden**.
                    3. Zet het aan, kies de periode en tik op het vinkje.

                    Tip: vermeld wie u vervangt en wanneer u terug bent, in het Nederlands en
                    het Frans.
                    """),
            },
            "fr": {
                "title": "Configurer un message d'absence dans Outlook et sur smartphone",
                "summary": "Une réponse automatique pendant vos congés, dans Outlook, le "
                "webmail ou l'application Outlook sur votre GSM.",
                "body": md("""
                    ## Dans Outlook sur votre PC
                    1. **Fichier > Réponses automatiques**.
                    2. Choisissez **Envoyer des réponses automatiques** et cochez **Envoyer
                       uniquement pendant cette période**.
                    3. Rédigez un texte pour vos collègues (*Dans mon organisation*) et un pour
                       l'extérieur (*En dehors de mon organisation*).

                    ## Dans l'application Outlook sur smartphone
                    1. Touchez votre **photo de profil > roue dentée**.
                    2. Choisissez votre compte > **Réponses automatiques**.
                    3. Activez-les, choisissez la période et validez.

                    Conseil : indiquez qui vous remplace et quand vous revenez, en français et
                    en néerlandais.
                    """),
            },
            "en": {
                "title": "Set an out-of-office reply in Outlook and on your smartphone",
                "summary": "An automatic reply while you are away, in Outlook, in webmail or in "
                "the Outlook app on your phone.",
                "body": md("""
                    ## In Outlook on your PC
                    1. **File > Automatic Replies**.
                    2. Choose **Send automatic replies** and tick **Only send during this time
                       range**.
                    3. Write one text for colleagues (*Inside My Organization*) and one for
                       others (*Outside My Organization*).

                    ## In the Outlook app on your smartphone
                    1. Tap your **profile picture > gear icon**.
                    2. Pick your account > **Automatic replies**.
                    3. Turn it on, choose the period and tap the tick.

                    Tip: say who stands in for you and when you are back, in Dutch and French.
                    """),
            },
        },
    },
    {
        "key": "shared-mailbox",
        "category": "email",
        "type": "howto",
        "audience": "public",
        "tags": ["outlook", "shared-mailbox", "access"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Toegang tot een gedeelde mailbox aanvragen",
                "summary": "Toegang tot bv. info@ of facturatie@: wie moet goedkeuren, wat "
                "vermeldt u in de aanvraag en wanneer verschijnt de mailbox in Outlook.",
                "body": md("""
                    ## Aanvragen
                    1. Maak een melding in het portaal, categorie **E-mail**.
                    2. Vermeld het adres van de gedeelde mailbox (bv. `facturatie@...`) en of
                       u alleen wilt **lezen** of ook wilt **versturen als** de mailbox.
                    3. Zet de **eigenaar van de mailbox** (meestal het diensthoofd) in kopie:
                       wij vragen zijn of haar akkoord.

                    ## Na de goedkeuring
                    - De mailbox verschijnt binnen twee uur vanzelf links in Outlook.
                      Niet? Sluit Outlook en open het opnieuw.
                    - Versturen vanuit de mailbox: klik bij een nieuw bericht op **Van** en
                      kies het gedeelde adres.
                    """),
            },
            "fr": {
                "title": "Demander l'accès à une boîte aux lettres partagée",
                "summary": "Accès à p. ex. info@ ou facturation@ : qui doit approuver, que "
                "mettre dans la demande et quand la boîte apparaît dans Outlook.",
                "body": md("""
                    ## Demander l'accès
                    1. Faites une demande sur le portail, catégorie **E-mail**.
                    2. Indiquez l'adresse de la boîte partagée (p. ex. `facturation@...`) et si
                       vous voulez seulement **lire** ou aussi **envoyer en tant que** cette
                       boîte.
                    3. Mettez le **propriétaire de la boîte** (souvent le chef de service) en
                       copie : nous lui demandons son accord.

                    ## Après l'accord
                    - La boîte apparaît d'elle-même à gauche dans Outlook dans les deux heures.
                      Sinon, fermez et rouvrez Outlook.
                    - Envoyer depuis la boîte : dans un nouveau message, cliquez sur **De** et
                      choisissez l'adresse partagée.
                    """),
            },
        },
    },
]
