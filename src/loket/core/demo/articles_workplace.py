"""Demo knowledge articles about the workplace: printing, laptops, screens, Office and
e-mail. Written for a Belgian first-line desk, in the words the demo tickets use
(``scenarios.py``), so that suggestions find them.

Each article: key, category key, type, audience, tags, state and texts per language
(title, summary, Markdown body). ``state`` is where the demo leaves it.
"""

from textwrap import dedent


def md(text: str) -> str:
    return dedent(text).strip() + "\n"


WORKPLACE = [
    {
        "key": "printer-offline",
        "category": "printing",
        "type": "howto",
        "audience": "public",
        "tags": ["printer", "windows"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Printer staat offline",
                "summary": "Windows toont de printer als 'offline' en afdrukken blijven hangen. "
                "Zo zet u hem zelf terug online.",
                "body": md("""
                    Windows meldt **"Printer offline"** en uw afdruk komt niet uit de printer.

                    ## Stappen
                    1. Kijk of de printer aan staat en geen foutmelding op het scherm toont
                       (papier, toner, storing).
                    2. Controleer of uw laptop op het bedrijfsnetwerk zit: op kantoor via kabel
                       of wifi, thuis via de VPN.
                    3. Open **Instellingen > Bluetooth en apparaten > Printers en scanners**,
                       kies de printer en klik op **Afdrukwachtrij openen**.
                    4. Open het menu **Printer** en haal het vinkje weg bij
                       **Printer offline gebruiken**.
                    5. Druk een testpagina af.

                    Blijft de printer offline? Vermeld dan bij uw melding het nummer op het
                    etiket van de printer (bv. `PRN-GNT-2.21`).
                    """),
            },
            "fr": {
                "title": "L'imprimante est hors ligne",
                "summary": "Windows affiche l'imprimante « hors ligne » et les impressions "
                "restent bloquées. Voici comment la remettre en ligne vous-même.",
                "body": md("""
                    Windows indique **« Imprimante hors connexion »** et votre document ne sort pas.

                    ## Étapes
                    1. Vérifiez que l'imprimante est allumée et n'affiche pas d'erreur
                       (papier, toner, bourrage).
                    2. Vérifiez que votre portable est sur le réseau de l'entreprise : au bureau
                       par câble ou Wi-Fi, à la maison via le VPN.
                    3. Ouvrez **Paramètres > Bluetooth et appareils > Imprimantes et scanners**,
                       choisissez l'imprimante et cliquez sur **Ouvrir la file d'attente**.
                    4. Dans le menu **Imprimante**, décochez **Utiliser l'imprimante hors connexion**.
                    5. Imprimez une page de test.

                    L'imprimante reste hors ligne ? Indiquez dans votre demande le numéro sur
                    l'étiquette de l'imprimante (p. ex. `PRN-NAM-1.03`).
                    """),
            },
            "en": {
                "title": "Printer is offline",
                "summary": "Windows shows the printer as 'offline' and print jobs get stuck. "
                "How to bring it back online yourself.",
                "body": md("""
                    Windows says **"Printer offline"** and nothing comes out of the printer.

                    ## Steps
                    1. Check that the printer is switched on and shows no error on its display
                       (paper, toner, jam).
                    2. Check that your laptop is on the company network: at the office by cable
                       or Wi-Fi, at home through the VPN.
                    3. Open **Settings > Bluetooth & devices > Printers & scanners**, pick the
                       printer and click **Open print queue**.
                    4. In the **Printer** menu, untick **Use Printer Offline**.
                    5. Print a test page.

                    Still offline? Mention the number on the printer's label
                    (e.g. `PRN-ANT-0.14`) when you report it.
                    """),
            },
        },
    },
    {
        "key": "print-queue",
        "category": "printing",
        "type": "solution",
        "audience": "internal",
        "tags": ["printer", "spooler", "admin"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Afdrukwachtrij zit vast: spooler herstarten",
                "summary": "Een document blijft 'Bezig met afdrukken' en alles erachter wacht. "
                "Wachtrij leegmaken en de printspooler herstarten (adminrechten).",
                "body": md("""
                    **Symptoom:** één document blijft in de wachtrij staan met status
                    *Fout* of *Bezig met afdrukken*; nieuwe afdrukken komen er niet door.

                    ## Oplossing (eerste lijn, via beheer op afstand)
                    1. Neem de werkplek over met Quick Assist en open een **PowerShell als
                       beheerder** met uw admin-account.
                    2. Stop de spooler: `Stop-Service Spooler -Force`
                    3. Verwijder de vastgelopen taken:
                       `Remove-Item C:\\Windows\\System32\\spool\\PRINTERS\\* -Force`
                    4. Start de spooler: `Start-Service Spooler`
                    5. Laat de gebruiker een testpagina afdrukken.

                    > Komt het terug op meerdere werkplekken met dezelfde printer? Dan zit het
                    > probleem op de printserver: escaleer naar Werkplek 2de lijn.
                    """),
            },
            "fr": {
                "title": "File d'impression bloquée : redémarrer le spouleur",
                "summary": "Un document reste « En cours d'impression » et bloque tout. Vider "
                "la file et redémarrer le spouleur (droits admin).",
                "body": md("""
                    **Symptôme :** un document reste dans la file avec le statut *Erreur* ou
                    *Impression en cours* ; les nouvelles impressions ne passent plus.

                    ## Solution (première ligne, à distance)
                    1. Prenez la main avec Assistance rapide et ouvrez un **PowerShell en tant
                       qu'administrateur** avec votre compte admin.
                    2. Arrêtez le spouleur : `Stop-Service Spooler -Force`
                    3. Supprimez les travaux bloqués :
                       `Remove-Item C:\\Windows\\System32\\spool\\PRINTERS\\* -Force`
                    4. Redémarrez le spouleur : `Start-Service Spooler`
                    5. Faites imprimer une page de test à l'utilisateur.

                    > Le problème revient sur plusieurs postes avec la même imprimante ? Il se
                    > situe sur le serveur d'impression : escaladez vers la 2e ligne.
                    """),
            },
            "en": {
                "title": "Print queue stuck: restart the spooler",
                "summary": "One document stays 'Printing' and everything behind it waits. Clear "
                "the queue and restart the print spooler (admin rights).",
                "body": md("""
                    **Symptom:** one job stays in the queue with status *Error* or
                    *Printing*; new jobs do not get through.

                    ## Fix (first line, remotely)
                    1. Take over the workstation with Quick Assist and open **PowerShell as
                       administrator** with your admin account.
                    2. Stop the spooler: `Stop-Service Spooler -Force`
                    3. Delete the stuck jobs:
                       `Remove-Item C:\\Windows\\System32\\spool\\PRINTERS\\* -Force`
                    4. Start the spooler: `Start-Service Spooler`
                    5. Have the user print a test page.

                    > Happens on several workstations with the same printer? Then the print
                    > server is at fault: escalate to second line.
                    """),
            },
        },
    },
    {
        "key": "blank-pages",
        "category": "printing",
        "type": "solution",
        "audience": "public",
        "tags": ["printer", "driver"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Printer drukt blanco pagina's af",
                "summary": "De multifunctionele printer geeft lege pagina's terwijl kopiëren "
                "wel werkt: meestal ligt het aan het printerstuurprogramma.",
                "body": md("""
                    Kopiëren werkt, maar wat u vanaf uw pc afdrukt komt **blanco** uit de
                    printer. Dat wijst bijna altijd op het stuurprogramma, niet op de toner.

                    ## Wat u zelf kunt doen
                    1. Druk hetzelfde document af naar een andere printer. Lukt dat wel, ga
                       dan verder.
                    2. Open **Printers en scanners**, kies de printer en **Verwijder** hem.
                    3. Herstart uw laptop.
                    4. Voeg de printer opnieuw toe via **Softwarecentrum > Printers**; het
                       juiste stuurprogramma wordt mee geïnstalleerd.
                    5. Druk een testpagina af.

                    Blijven de pagina's leeg, ook bij collega's? Meld het dan met het nummer
                    van de printer: dan gaat het om de printer zelf.
                    """),
            },
            "fr": {
                "title": "L'imprimante imprime des pages blanches",
                "summary": "L'imprimante multifonction sort des pages blanches alors que la "
                "copie fonctionne : c'est presque toujours le pilote d'imprimante.",
                "body": md("""
                    La copie fonctionne, mais ce que vous imprimez depuis votre PC sort en
                    **pages blanches**. C'est presque toujours le pilote, pas le toner.

                    ## Ce que vous pouvez faire
                    1. Imprimez le même document sur une autre imprimante. Si cela marche,
                       continuez.
                    2. Ouvrez **Imprimantes et scanners**, choisissez l'imprimante et
                       **Supprimez-la**.
                    3. Redémarrez votre portable.
                    4. Ajoutez à nouveau l'imprimante via **Centre logiciel > Imprimantes** ;
                       le bon pilote est installé avec elle.
                    5. Imprimez une page de test.

                    Les pages restent blanches, aussi chez vos collègues ? Signalez-le avec le
                    numéro de l'imprimante : le problème vient alors de l'appareil.
                    """),
            },
        },
    },
    {
        "key": "paper-jam",
        "category": "printing",
        "type": "faq",
        "audience": "public",
        "tags": ["printer"],
        "state": "in_review",
        "texts": {
            "nl": {
                "title": "Papierstoring blijft terugkomen: wat kan ik zelf doen?",
                "summary": "Telkens opnieuw papierstoring in dezelfde lade? Eerst deze drie "
                "dingen nakijken voor u de leverancier laat komen.",
                "body": md("""
                    **Kan ik een papierstoring zelf oplossen?** Ja, volg de animatie op het
                    scherm van de printer en trek het papier altijd in de richting van de
                    papierbaan.

                    **Waarom komt de storing terug?**
                    - Het papier is vochtig of gekruld: gebruik een nieuw pak.
                    - De geleiders in de lade staan niet tegen het papier.
                    - Er zit een snipper achter in de printer.

                    **Wanneer meld ik het?** Als het na deze controles om de paar pagina's
                    opnieuw gebeurt in dezelfde lade. Vermeld de lade en het printernummer; de
                    leverancier vervangt dan meestal de invoerrollen.
                    """),
            },
            "fr": {
                "title": "Bourrage papier à répétition : que puis-je faire ?",
                "summary": "Un bourrage revient toujours dans le même bac ? Vérifiez ces trois "
                "points avant de faire venir le fournisseur.",
                "body": md("""
                    **Puis-je retirer un bourrage moi-même ?** Oui, suivez l'animation sur
                    l'écran de l'imprimante et tirez toujours le papier dans le sens du
                    passage.

                    **Pourquoi le bourrage revient-il ?**
                    - Le papier est humide ou gondolé : prenez une nouvelle rame.
                    - Les guides du bac ne touchent pas le papier.
                    - Un morceau de papier est resté dans l'imprimante.

                    **Quand le signaler ?** Si cela recommence toutes les quelques pages dans le
                    même bac après ces contrôles. Indiquez le bac et le numéro de l'imprimante ;
                    le fournisseur remplace en général les rouleaux d'entraînement.
                    """),
            },
            "en": {
                "title": "Paper jam keeps coming back: what can I do?",
                "summary": "Jams again and again in the same tray? Check these three things "
                "before we call the vendor.",
                "body": md("""
                    **Can I clear a jam myself?** Yes: follow the animation on the printer's
                    display and always pull the paper in the direction it travels.

                    **Why does it keep jamming?**
                    - The paper is damp or curled: use a fresh ream.
                    - The tray's guides do not touch the paper.
                    - A scrap of paper is left inside the printer.

                    **When should I report it?** When it still jams every few pages in the same
                    tray after these checks. Mention the tray and the printer number; the vendor
                    usually replaces the feed rollers.
                    """),
            },
        },
    },
    {
        "key": "docking-screens",
        "category": "hardware.screen",
        "type": "solution",
        "audience": "public",
        "tags": ["docking-station", "monitor"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Tweede scherm blijft zwart op het docking station",
                "summary": "Het docking station heeft stroom, maar het tweede scherm geeft geen "
                "beeld. Meestal zit de kabel in de verkeerde poort.",
                "body": md("""
                    Na een verhuis naar een ander lokaal of een andere flexplek blijft het
                    tweede scherm vaak **zwart**, hoewel het docking station stroom heeft.

                    ## Stappen
                    1. Koppel de laptop los van het dock en sluit hem opnieuw aan (USB-C tot
                       u een klik hoort).
                    2. Kijk aan de achterkant van het dock: de schermkabel hoort in een
                       **DisplayPort**- of **HDMI**-poort, niet in een USB-poort.
                    3. Zet het scherm zelf op de juiste ingang (knop *Input/Source*).
                    4. Druk op **Windows + P** en kies **Uitbreiden**.
                    5. Open **Instellingen > Systeem > Beeldscherm** en klik op **Detecteren**.

                    Werkt het scherm wel met een andere kabel of op een ander dock? Meld dan
                    het nummer van het defecte toestel.
                    """),
            },
            "fr": {
                "title": "Le deuxième écran reste noir sur la station d'accueil",
                "summary": "La station d'accueil est alimentée mais le deuxième écran n'affiche "
                "rien. Le câble est souvent branché sur le mauvais port.",
                "body": md("""
                    Après un changement de local ou de poste flexible, le deuxième écran reste
                    souvent **noir** alors que la station d'accueil est alimentée.

                    ## Étapes
                    1. Débranchez le portable de la station et rebranchez-le (USB-C jusqu'au
                       déclic).
                    2. À l'arrière de la station, le câble de l'écran doit être dans un port
                       **DisplayPort** ou **HDMI**, pas dans un port USB.
                    3. Sur l'écran, choisissez la bonne entrée (bouton *Input/Source*).
                    4. Appuyez sur **Windows + P** et choisissez **Étendre**.
                    5. Ouvrez **Paramètres > Système > Écran** et cliquez sur **Détecter**.

                    L'écran fonctionne avec un autre câble ou une autre station ? Signalez le
                    numéro de l'appareil défectueux.
                    """),
            },
            "en": {
                "title": "Second monitor stays black on the docking station",
                "summary": "The docking station has power but the second monitor shows no "
                "picture. Usually the cable is in the wrong port.",
                "body": md("""
                    After moving to another room or hot desk, the second monitor often stays
                    **black** although the docking station has power.

                    ## Steps
                    1. Undock the laptop and dock it again (USB-C until it clicks).
                    2. At the back of the dock the monitor cable belongs in a **DisplayPort** or
                       **HDMI** port, not a USB port.
                    3. Set the monitor to the right input (*Input/Source* button).
                    4. Press **Windows + P** and choose **Extend**.
                    5. Open **Settings > System > Display** and click **Detect**.

                    Works with another cable or dock? Report the number of the faulty device.
                    """),
            },
        },
    },
    {
        "key": "slow-laptop",
        "category": "hardware.laptop",
        "type": "faq",
        "audience": "public",
        "tags": ["laptop", "performance", "windows"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Mijn laptop is traag",
                "summary": "Veelgestelde vragen over een trage laptop: herstarten, updates, "
                "schijfruimte en wanneer u beter een melding maakt.",
                "body": md("""
                    **Ik herstart nooit, is dat erg?** Ja. *Afsluiten* is in Windows geen echte
                    herstart. Kies **Start > Aan/uit > Opnieuw opstarten**, minstens één keer
                    per week.

                    **Er staan updates klaar.** Installeer ze en herstart: tot de herstart
                    gebeurt, draait de update op de achtergrond en vertraagt ze alles.

                    **Mijn schijf is bijna vol.** Open **Instellingen > Systeem > Opslag** en
                    ruim *Tijdelijke bestanden* op. Zet grote bestanden in OneDrive op
                    *Alleen online beschikbaar*.

                    **Welk programma vertraagt?** Druk op **Ctrl + Shift + Esc** en sorteer op
                    CPU of geheugen.

                    **Wanneer meld ik het?** Als de laptop na een herstart en de updates nog
                    steeds minuten nodig heeft om op te starten of programma's te openen.
                    """),
            },
            "fr": {
                "title": "Mon ordinateur portable est lent",
                "summary": "Questions fréquentes sur un portable lent : redémarrage, mises à "
                "jour, espace disque et quand faire une demande.",
                "body": md("""
                    **Je ne redémarre jamais, est-ce grave ?** Oui. *Arrêter* n'est pas un vrai
                    redémarrage sous Windows. Choisissez **Démarrer > Marche/Arrêt >
                    Redémarrer**, au moins une fois par semaine.

                    **Des mises à jour attendent.** Installez-les et redémarrez : tant que ce
                    n'est pas fait, elles tournent en arrière-plan et ralentissent tout.

                    **Mon disque est presque plein.** Ouvrez **Paramètres > Système >
                    Stockage** et nettoyez les *Fichiers temporaires*. Mettez les gros
                    fichiers OneDrive en *Disponible en ligne uniquement*.

                    **Quel programme ralentit ?** Appuyez sur **Ctrl + Maj + Échap** et triez
                    par processeur ou mémoire.

                    **Quand faire une demande ?** Si, après un redémarrage et les mises à jour,
                    le portable met encore des minutes à démarrer ou à ouvrir un programme.
                    """),
            },
            "en": {
                "title": "My laptop is slow",
                "summary": "Frequently asked questions about a slow laptop: restarting, "
                "updates, disk space and when to call us.",
                "body": md("""
                    **I never restart, does that matter?** Yes. *Shut down* is not a real
                    restart in Windows. Use **Start > Power > Restart** at least once a week.

                    **Updates are waiting.** Install them and restart: until then they run in
                    the background and slow everything down.

                    **My disk is almost full.** Open **Settings > System > Storage** and clean
                    up *Temporary files*. Set large OneDrive files to *Online-only*.

                    **Which program is slowing it down?** Press **Ctrl + Shift + Esc** and sort
                    by CPU or memory.

                    **When should I report it?** When, after a restart and the updates, it still
                    takes minutes to start or to open programs.
                    """),
            },
        },
    },
    {
        "key": "new-laptop-checklist",
        "category": "hardware.laptop",
        "type": "howto",
        "audience": "internal",
        "tags": ["onboarding", "laptop"],
        "state": "published",
        "texts": {
            "en": {
                "title": "New employee laptop checklist",
                "summary": "Everything first line checks before handing a laptop to a new "
                "colleague. Written in English only for now.",
                "body": md("""
                    Use this list when you prepare a laptop for someone who starts on Monday.

                    - [ ] Laptop enrolled in Intune, BitLocker on, recovery key escrowed
                    - [ ] Primary user set to the new colleague's account
                    - [ ] Windows and Office updates installed, two restarts done
                    - [ ] Printers of their site added through Software Centre
                    - [ ] VPN client installed and tested off the office network
                    - [ ] Account in the right groups (ask the manager which shared folders)
                    - [ ] Temporary password and MFA enrolment letter in a sealed envelope
                    - [ ] Docking station, charger, headset on the hand-over form

                    **On the first day:** let them log in, change the password, enrol the
                    authenticator app on their phone and open Outlook and Teams once while you
                    are there.
                    """),
            },
        },
    },
    {
        "key": "office-addin-crash",
        "category": "software.office",
        "type": "known_error",
        "audience": "internal",
        "tags": ["office", "add-in", "crash"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Office-toepassing crasht bij openen van bestanden (invoegtoepassing)",
                "summary": "Excel, Word of Outlook sluit zonder melding bij het openen van een "
                "bestand: een invoegtoepassing van de PDF-tool is de oorzaak. Workaround.",
                "body": md("""
                    **Symptoom:** telkens de gebruiker een bestand opent, sluit Excel, Word of
                    Outlook zonder foutmelding. Collega's zonder de PDF-tool hebben geen last.

                    **Oorzaak:** versie 4.2 van de invoegtoepassing *PDF Export* botst met de
                    laatste Office-update. De leverancier werkt aan een oplossing.

                    ## Workaround
                    1. Start de toepassing in veilige modus: **Windows + R**, typ
                       `excel /safe` (of `winword /safe`, `outlook /safe`).
                    2. Ga naar **Bestand > Opties > Invoegtoepassingen**, kies onderaan
                       **COM-invoegtoepassingen** en klik op **Start**.
                    3. Haal het vinkje weg bij **PDF Export** en herstart de toepassing.
                    4. Koppel het ticket aan het bekende probleem, zodat de gebruiker bericht
                       krijgt wanneer de definitieve oplossing er is.
                    """),
            },
            "fr": {
                "title": "Une application Office plante à l'ouverture des fichiers (complément)",
                "summary": "Excel, Word ou Outlook se ferme sans message à l'ouverture d'un "
                "fichier : un complément de l'outil PDF en est la cause. Contournement.",
                "body": md("""
                    **Symptôme :** chaque fois que l'utilisateur ouvre un fichier, Excel, Word
                    ou Outlook se ferme sans message. Les collègues sans l'outil PDF n'ont
                    pas le problème.

                    **Cause :** la version 4.2 du complément *PDF Export* est incompatible avec
                    la dernière mise à jour d'Office. Le fournisseur prépare un correctif.

                    ## Contournement
                    1. Démarrez l'application en mode sans échec : **Windows + R**, tapez
                       `excel /safe` (ou `winword /safe`, `outlook /safe`).
                    2. Allez dans **Fichier > Options > Compléments**, choisissez en bas
                       **Compléments COM** et cliquez sur **Atteindre**.
                    3. Décochez **PDF Export** et redémarrez l'application.
                    4. Liez le ticket au problème connu : l'utilisateur sera prévenu quand le
                       correctif définitif sera disponible.
                    """),
            },
            "en": {
                "title": "Office application crashes when opening files (add-in)",
                "summary": "Excel, Word or Outlook closes without a message when opening a "
                "file: an add-in of the PDF tool is the cause. Workaround.",
                "body": md("""
                    **Symptom:** every time the user opens a file, Excel, Word or Outlook
                    closes without a message. Colleagues without the PDF tool are fine.

                    **Cause:** version 4.2 of the *PDF Export* add-in clashes with the latest
                    Office update. The vendor is working on a fix.

                    ## Workaround
                    1. Start the application in safe mode: **Windows + R**, type `excel /safe`
                       (or `winword /safe`, `outlook /safe`).
                    2. Go to **File > Options > Add-ins**, choose **COM Add-ins** at the bottom
                       and click **Go**.
                    3. Untick **PDF Export** and restart the application.
                    4. Link the ticket to the known problem so that the user hears when the
                       permanent fix is out.
                    """),
            },
        },
    },
    {
        "key": "teams-camera",
        "category": "software.office",
        "type": "solution",
        "audience": "public",
        "tags": ["teams", "camera", "microphone"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Teams: camera of microfoon werkt niet",
                "summary": "Collega's zien of horen u niet in Teams. Controleer de "
                "apparaatinstellingen en de privacyrechten van Windows.",
                "body": md("""
                    ## Stappen
                    1. Klik in Teams op **... > Instellingen > Apparaten** en kies de juiste
                       camera, microfoon en luidspreker (bij een headset: de headset).
                    2. Klik op **Testoproep maken**.
                    3. Geen beeld? Kijk of er een **schuifje of klepje** voor de camera zit of
                       een cameratoets (F8/F10) op het toetsenbord.
                    4. Open **Instellingen > Privacy en beveiliging > Camera** (en
                       **Microfoon**) en zet **Apps toegang geven** aan.
                    5. Sluit Teams helemaal af (rechtsklik op het icoon rechtsonder > **Afsluiten**)
                       en start het opnieuw.

                    Werkt de camera in de app *Camera* van Windows ook niet? Dan is het
                    toestel defect of ontbreekt een stuurprogramma: maak een melding.
                    """),
            },
            "fr": {
                "title": "Teams : la caméra ou le micro ne fonctionne pas",
                "summary": "Vos collègues ne vous voient ou ne vous entendent pas dans Teams. "
                "Vérifiez les paramètres des appareils et la confidentialité Windows.",
                "body": md("""
                    ## Étapes
                    1. Dans Teams, cliquez sur **... > Paramètres > Appareils** et choisissez la
                       bonne caméra, le micro et le haut-parleur (avec un casque : le casque).
                    2. Cliquez sur **Passer un appel test**.
                    3. Pas d'image ? Vérifiez qu'aucun **cache** ne couvre la caméra et
                       cherchez une touche caméra (F8/F10) sur le clavier.
                    4. Ouvrez **Paramètres > Confidentialité et sécurité > Caméra** (et
                       **Microphone**) et activez **Autoriser les applications**.
                    5. Quittez complètement Teams (clic droit sur l'icône en bas à droite >
                       **Quitter**) puis relancez-le.

                    La caméra ne fonctionne pas non plus dans l'application *Caméra* de
                    Windows ? L'appareil est défectueux ou un pilote manque : faites une demande.
                    """),
            },
            "en": {
                "title": "Teams: camera or microphone not working",
                "summary": "Colleagues cannot see or hear you in Teams. Check the device "
                "settings and Windows privacy permissions.",
                "body": md("""
                    ## Steps
                    1. In Teams click **... > Settings > Devices** and choose the right camera,
                       microphone and speaker (with a headset: the headset).
                    2. Click **Make a test call**.
                    3. No picture? Check for a **privacy shutter** over the camera or a camera
                       key (F8/F10) on the keyboard.
                    4. Open **Settings > Privacy & security > Camera** (and **Microphone**) and
                       turn on **Let apps access**.
                    5. Quit Teams completely (right-click the icon at the bottom right >
                       **Quit**) and start it again.

                    Camera not working in the Windows *Camera* app either? The device is faulty
                    or a driver is missing: report it.
                    """),
            },
        },
    },
    {
        "key": "onedrive-conflict",
        "category": "software.office",
        "type": "solution",
        "audience": "public",
        "tags": ["onedrive", "sync"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "OneDrive: synchronisatieconflict of dubbele bestanden",
                "summary": "OneDrive toont een rood kruis of maakt kopieën met uw pc-naam in de "
                "bestandsnaam. Zo lost u het conflict op zonder werk te verliezen.",
                "body": md("""
                    Als twee mensen (of twee toestellen) tegelijk hetzelfde bestand wijzigen,
                    maakt OneDrive een kopie, bv. `Begroting-LAPTOP123.xlsx`.

                    ## Stappen
                    1. Klik op het **OneDrive-wolkje** rechtsonder en open de melding
                       *Synchronisatieproblemen*.
                    2. Kies per bestand **Beide behouden** of de versie die u wilt houden.
                    3. Voeg zo nodig de wijzigingen uit de kopie handmatig samen en verwijder
                       daarna de kopie.
                    4. Werk voortaan samen in het bestand **in de browser of via Delen**, niet
                       in een gedownloade kopie.

                    Vorige versies terughalen? Rechtsklik op het bestand > **Versiegeschiedenis**.
                    """),
            },
            "fr": {
                "title": "OneDrive : conflit de synchronisation ou fichiers en double",
                "summary": "OneDrive affiche une croix rouge ou crée des copies avec le nom de "
                "votre PC. Résoudre le conflit sans perdre de travail.",
                "body": md("""
                    Quand deux personnes (ou deux appareils) modifient le même fichier en même
                    temps, OneDrive crée une copie, p. ex. `Budget-LAPTOP123.xlsx`.

                    ## Étapes
                    1. Cliquez sur le **nuage OneDrive** en bas à droite et ouvrez l'alerte
                       *Problèmes de synchronisation*.
                    2. Pour chaque fichier, choisissez **Conserver les deux** ou la version à
                       garder.
                    3. Si besoin, reportez à la main les modifications de la copie, puis
                       supprimez-la.
                    4. Travaillez ensuite à plusieurs **dans le navigateur ou via Partager**,
                       pas dans une copie téléchargée.

                    Récupérer une version précédente ? Clic droit sur le fichier >
                    **Historique des versions**.
                    """),
            },
            "en": {
                "title": "OneDrive: sync conflict or duplicate files",
                "summary": "OneDrive shows a red cross or makes copies with your PC's name in "
                "the file name. How to resolve the conflict without losing work.",
                "body": md("""
                    When two people (or two devices) change the same file at the same time,
                    OneDrive keeps a copy, e.g. `Budget-LAPTOP123.xlsx`.

                    ## Steps
                    1. Click the **OneDrive cloud** at the bottom right and open the
                       *Sync issues* alert.
                    2. For each file choose **Keep both** or the version to keep.
                    3. If needed, copy the changes from the duplicate by hand, then delete it.
                    4. From now on, work together in the file **in the browser or via Share**,
                       not in a downloaded copy.

                    Need an earlier version? Right-click the file > **Version history**.
                    """),
            },
        },
    },
]
