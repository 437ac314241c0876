"""Demo knowledge articles about getting in: VPN, Wi-Fi, passwords, MFA, access rights
and phishing (see ``articles_workplace`` for the layout)."""

from loket.core.demo.articles_workplace import md

ACCESS = [
    {
        "key": "vpn-connect",
        "category": "network.vpn",
        "type": "solution",
        "audience": "public",
        "tags": ["vpn", "remote-work"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "VPN maakt geen verbinding vanop thuiswerk",
                "summary": "De VPN-client geeft 'time-out bij verificatie' of blijft "
                "'Verbinden...' tonen. Controleer deze stappen voor u belt.",
                "body": md("""
                    **Symptoom:** vanop thuiswerk maakt de VPN-client geen verbinding, met de
                    melding *time-out bij verificatie*, terwijl uw thuis-internet wel werkt.

                    ## Stappen
                    1. Kijk of u zonder VPN een website kunt openen. Zo niet, herstart eerst
                       uw modem of router.
                    2. Controleer de datum en het uur van uw laptop: staat de klok verkeerd,
                       dan weigert de VPN-server het certificaat.
                    3. Sluit de VPN-client volledig af (icoon rechtsonder > **Afsluiten**) en
                       start hem opnieuw.
                    4. Kies de server **vpn.loket.example** en meld u aan met uw gewone
                       wachtwoord. Keur daarna de melding in de **authenticator-app** op uw
                       gsm goed, binnen 60 seconden.
                    5. Zit u op een hotel- of gastnetwerk? Probeer dan de hotspot van uw gsm.

                    Lukt het nog steeds niet, vermeld dan de exacte foutmelding en het uur van
                    uw laatste poging in uw melding.
                    """),
            },
            "fr": {
                "title": "Le VPN ne se connecte pas en télétravail",
                "summary": "Le client VPN affiche « délai dépassé lors de l'authentification » "
                "ou reste sur « Connexion... ». Vérifiez ces étapes avant d'appeler.",
                "body": md("""
                    **Symptôme :** en télétravail, le client VPN ne se connecte pas et affiche
                    *délai dépassé lors de l'authentification*, alors qu'internet fonctionne.

                    ## Étapes
                    1. Vérifiez que vous ouvrez un site web sans VPN. Sinon, redémarrez
                       d'abord votre modem ou routeur.
                    2. Contrôlez la date et l'heure de votre portable : si l'horloge est
                       fausse, le serveur VPN refuse le certificat.
                    3. Quittez complètement le client VPN (icône en bas à droite >
                       **Quitter**) et relancez-le.
                    4. Choisissez le serveur **vpn.loket.example** et connectez-vous avec votre
                       mot de passe habituel. Approuvez ensuite la notification dans
                       l'**application d'authentification** de votre GSM dans les 60 secondes.
                    5. Vous êtes sur un réseau d'hôtel ou invité ? Essayez le partage de
                       connexion de votre GSM.

                    Toujours pas ? Indiquez le message d'erreur exact et l'heure de votre
                    dernier essai dans votre demande.
                    """),
            },
            "en": {
                "title": "VPN will not connect when working from home",
                "summary": "The VPN client says 'authentication timed out' or keeps showing "
                "'Connecting...'. Check these steps before you call.",
                "body": md("""
                    **Symptom:** working from home, the VPN client does not connect and says
                    *authentication timed out*, while your home internet works fine.

                    ## Steps
                    1. Check that you can open a website without the VPN. If not, restart your
                       modem or router first.
                    2. Check your laptop's date and time: with a wrong clock the VPN server
                       refuses the certificate.
                    3. Quit the VPN client completely (icon at the bottom right > **Quit**)
                       and start it again.
                    4. Choose the server **vpn.loket.example** and sign in with your usual
                       password. Then approve the prompt in the **authenticator app** on your
                       phone within 60 seconds.
                    5. On a hotel or guest network? Try your phone's hotspot instead.

                    Still failing? Put the exact error message and the time of your last try
                    in your ticket.
                    """),
            },
        },
    },
    {
        "key": "vpn-slow",
        "category": "network.vpn",
        "type": "known_error",
        "audience": "public",
        "tags": ["vpn", "remote-work", "known-error"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "VPN traag of valt weg sinds de update van dinsdag",
                "summary": "Sinds de update van de VPN-client zijn verbindingen traag en vallen "
                "ze soms weg. We zoeken de oorzaak; zo kunt u intussen verder werken.",
                "body": md("""
                    **Wat merkt u?** Sinds dinsdag is de VPN-verbinding traag: bestanden op de
                    netwerkschijf openen duurt lang en Teams-gesprekken haperen. Soms valt de
                    verbinding helemaal weg.

                    **Wat doen we?** Het netwerkteam onderzoekt de nieuwe versie van de
                    VPN-client samen met de leverancier.

                    ## Zo werkt u intussen verder
                    1. Open bestanden via **OneDrive of SharePoint in de browser**: daarvoor
                       is geen VPN nodig.
                    2. Neem deel aan Teams-vergaderingen **zonder VPN** (verbreek de VPN
                       tijdens het gesprek).
                    3. Hebt u de VPN echt nodig? Kies in de client de server
                       **vpn2.loket.example**: die heeft de update nog niet.

                    U hoeft dit niet te melden: u ziet op het portaal zodra het opgelost is.
                    """),
            },
            "fr": {
                "title": "VPN lent ou coupé depuis la mise à jour de mardi",
                "summary": "Depuis la mise à jour du client VPN, les connexions sont lentes et "
                "coupent parfois. Nous cherchons la cause ; voici comment continuer à travailler.",
                "body": md("""
                    **Que constatez-vous ?** Depuis mardi, la connexion VPN est lente : ouvrir
                    un fichier sur le lecteur réseau prend du temps et les appels Teams
                    saccadent. Parfois la connexion coupe.

                    **Que faisons-nous ?** L'équipe réseau analyse la nouvelle version du
                    client VPN avec le fournisseur.

                    ## Pour continuer à travailler
                    1. Ouvrez vos fichiers via **OneDrive ou SharePoint dans le navigateur** :
                       pas besoin de VPN.
                    2. Participez aux réunions Teams **sans VPN** (déconnectez le VPN pendant
                       l'appel).
                    3. Le VPN est indispensable ? Choisissez dans le client le serveur
                       **vpn2.loket.example**, qui n'a pas encore la mise à jour.

                    Inutile de le signaler : le portail indiquera quand c'est résolu.
                    """),
            },
            "en": {
                "title": "VPN slow or dropping since Tuesday's update",
                "summary": "Since the VPN client update, connections are slow and sometimes "
                "drop. We are investigating; here is how to keep working meanwhile.",
                "body": md("""
                    **What do you notice?** Since Tuesday the VPN connection is slow: opening
                    files on the network drive takes long and Teams calls stutter. Sometimes
                    the connection drops.

                    **What are we doing?** The network team is looking into the new VPN client
                    version with the vendor.

                    ## Keep working meanwhile
                    1. Open files through **OneDrive or SharePoint in the browser**: no VPN
                       needed.
                    2. Join Teams meetings **without the VPN** (disconnect it during the call).
                    3. Really need the VPN? Pick the server **vpn2.loket.example** in the
                       client: it does not have the update yet.

                    No need to report it: the portal shows when it is solved.
                    """),
            },
        },
    },
    {
        "key": "wifi-guest",
        "category": "network.wifi",
        "type": "howto",
        "audience": "public",
        "tags": ["wifi", "eduroam", "guest"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Wifi: verbinden met eduroam of het gastnetwerk",
                "summary": "Welk wifinetwerk kiest u op kantoor, op een campus met eduroam, of "
                "als bezoeker? Met de stappen om te verbinden.",
                "body": md("""
                    | Netwerk | Voor wie | Aanmelden |
                    |---|---|---|
                    | **LOKET-CORP** | laptops van het bedrijf | automatisch (certificaat) |
                    | **eduroam** | personeel op een campus of hogeschool | `voornaam.naam@organisatie.be` + wachtwoord |
                    | **LOKET-GUEST** | bezoekers, eigen toestellen | dagcode van het onthaal |

                    ## eduroam
                    1. Kies **eduroam** in de lijst met netwerken.
                    2. Meld u aan met uw volledige e-mailadres en uw gewone wachtwoord.
                    3. Vraagt het toestel om een certificaat te vertrouwen, controleer dan dat
                       de servernaam op `radius.` begint en aanvaard.

                    ## Gastnetwerk
                    1. Kies **LOKET-GUEST**; er opent een aanmeldpagina.
                    2. Geef de dagcode van het onthaal in en aanvaard de voorwaarden.
                    3. De toegang geldt tot middernacht.

                    Valt de wifi steeds weg in één bepaalde zaal? Meld dat met het lokaalnummer.
                    """),
            },
            "fr": {
                "title": "Wi-Fi : se connecter à eduroam ou au réseau invité",
                "summary": "Quel réseau Wi-Fi choisir au bureau, sur un campus avec eduroam ou "
                "comme visiteur ? Avec les étapes pour se connecter.",
                "body": md("""
                    | Réseau | Pour qui | Connexion |
                    |---|---|---|
                    | **LOKET-CORP** | portables de l'entreprise | automatique (certificat) |
                    | **eduroam** | personnel sur un campus ou une haute école | `prenom.nom@organisation.be` + mot de passe |
                    | **LOKET-GUEST** | visiteurs, appareils personnels | code du jour de l'accueil |

                    ## eduroam
                    1. Choisissez **eduroam** dans la liste des réseaux.
                    2. Connectez-vous avec votre adresse e-mail complète et votre mot de passe
                       habituel.
                    3. Si l'appareil demande de faire confiance à un certificat, vérifiez que
                       le nom du serveur commence par `radius.` et acceptez.

                    ## Réseau invité
                    1. Choisissez **LOKET-GUEST** ; une page de connexion s'ouvre.
                    2. Entrez le code du jour donné par l'accueil et acceptez les conditions.
                    3. L'accès est valable jusqu'à minuit.

                    Le Wi-Fi coupe sans cesse dans une salle précise ? Signalez-le avec le
                    numéro du local.
                    """),
            },
            "en": {
                "title": "Wi-Fi: connecting to eduroam or the guest network",
                "summary": "Which Wi-Fi network to pick at the office, on a campus with eduroam, "
                "or as a visitor, with the steps to connect.",
                "body": md("""
                    | Network | For whom | Sign-in |
                    |---|---|---|
                    | **LOKET-CORP** | company laptops | automatic (certificate) |
                    | **eduroam** | staff on a campus or college | `first.last@organisation.be` + password |
                    | **LOKET-GUEST** | visitors, own devices | code of the day from reception |

                    ## eduroam
                    1. Pick **eduroam** in the list of networks.
                    2. Sign in with your full e-mail address and your usual password.
                    3. If the device asks to trust a certificate, check that the server name
                       starts with `radius.` and accept.

                    ## Guest network
                    1. Pick **LOKET-GUEST**; a sign-in page opens.
                    2. Enter reception's code of the day and accept the terms.
                    3. Access lasts until midnight.

                    Wi-Fi keeps dropping in one particular room? Report it with the room number.
                    """),
            },
        },
    },
    {
        "key": "wifi-meeting-room",
        "category": "network.wifi",
        "type": "solution",
        "audience": "internal",
        "tags": ["wifi", "access-point"],
        "state": "draft",
        "texts": {
            "nl": {
                "title": "Wifi valt weg in één vergaderzaal: wat eerste lijn nakijkt",
                "summary": "Voor u naar het netwerkteam escaleert: welke gegevens verzamelen "
                "bij wifi die steeds wegvalt in één zaal.",
                "body": md("""
                    *Concept: nog aan te vullen met de kanaalplannen per site.*

                    1. Vraag het lokaalnummer, de site en sinds wanneer het gebeurt.
                    2. Vraag of het bij **alle** toestellen in de zaal gebeurt of bij één.
                    3. Bij één toestel: stuurprogramma van de wifikaart bijwerken, netwerk
                       vergeten en opnieuw verbinden.
                    4. Bij alle toestellen: zoek het toegangspunt van de zaal op in de
                       controller (naam `AP-<site>-<lokaal>`) en noteer of het vaak herstart.
                    5. Escaleer naar **Netwerk** met die gegevens in de reden.
                    """),
            },
            "fr": {
                "title": "Le Wi-Fi coupe dans une salle de réunion : vérifications de 1re ligne",
                "summary": "Avant d'escalader à l'équipe réseau : quelles informations "
                "rassembler quand le Wi-Fi coupe sans cesse dans une salle.",
                "body": md("""
                    *Brouillon : à compléter avec les plans de canaux par site.*

                    1. Demandez le numéro du local, le site et depuis quand cela arrive.
                    2. Demandez si **tous** les appareils de la salle sont touchés ou un seul.
                    3. Un seul appareil : mettre à jour le pilote Wi-Fi, oublier le réseau et
                       se reconnecter.
                    4. Tous les appareils : cherchez le point d'accès de la salle dans le
                       contrôleur (nom `AP-<site>-<local>`) et notez s'il redémarre souvent.
                    5. Escaladez vers **Réseau** avec ces informations dans la raison.
                    """),
            },
        },
    },
    {
        "key": "password-reset",
        "category": "account.password",
        "type": "howto",
        "audience": "public",
        "tags": ["password", "self-service"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Wachtwoord vergeten: zelf een nieuw wachtwoord instellen",
                "summary": "Wachtwoord vergeten of account geblokkeerd na drie pogingen? Stel "
                "zelf een nieuw wachtwoord in via de selfservicepagina.",
                "body": md("""
                    Bent u uw wachtwoord vergeten, bv. na uw verlof, of is uw account
                    geblokkeerd na drie foute pogingen? U kunt zelf een nieuw wachtwoord
                    instellen.

                    ## Stappen
                    1. Ga op uw gsm of een andere pc naar `https://passwordreset.loket.example`.
                    2. Geef uw e-mailadres in en de tekens van de afbeelding.
                    3. Kies **Ik ben mijn wachtwoord vergeten** en bevestig met de code die u
                       per sms of in de **authenticator-app** krijgt.
                    4. Kies een nieuw wachtwoord van minstens 14 tekens.
                    5. Meld u aan op uw laptop met het nieuwe wachtwoord (op kantoor of via
                       de VPN, zodat uw laptop het nieuwe wachtwoord leert).
                    """),
            },
            "fr": {
                "title": "Mot de passe oublié : définir vous-même un nouveau mot de passe",
                "summary": "Mot de passe oublié ou compte bloqué après trois essais ? "
                "Définissez vous-même un nouveau mot de passe via la page libre-service.",
                "body": md("""
                    Vous avez oublié votre mot de passe, p. ex. après vos congés, ou votre
                    compte est bloqué après trois essais ? Vous pouvez en définir un nouveau
                    vous-même.

                    ## Étapes
                    1. Sur votre GSM ou un autre PC, allez sur
                       `https://passwordreset.loket.example`.
                    2. Entrez votre adresse e-mail et les caractères de l'image.
                    3. Choisissez **J'ai oublié mon mot de passe** et confirmez avec le code
                       reçu par SMS ou dans l'**application d'authentification**.
                    4. Choisissez un nouveau mot de passe d'au moins 14 caractères.
                    5. Connectez-vous sur votre portable avec le nouveau mot de passe (au
                       bureau ou via le VPN, pour que le portable l'apprenne).
                    """),
            },
            "en": {
                "title": "Forgot your password: set a new one yourself",
                "summary": "Forgot your password or account locked after three attempts? Set "
                "a new password yourself on the self-service page.",
                "body": md("""
                    Forgot your password, say after your holiday, or is your account locked
                    after three wrong attempts? You can set a new password yourself.

                    ## Steps
                    1. On your phone or another PC, go to `https://passwordreset.loket.example`.
                    2. Enter your e-mail address and the characters in the picture.
                    3. Choose **I forgot my password** and confirm with the code you get by
                       text message or in the **authenticator app**.
                    4. Choose a new password of at least 14 characters.
                    5. Sign in on your laptop with the new password (at the office or through
                       the VPN, so that the laptop learns it).
                    """),
            },
        },
    },
    {
        "key": "account-unlock",
        "category": "account.password",
        "type": "solution",
        "audience": "internal",
        "tags": ["password", "account", "admin"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Account deblokkeren en tijdelijk wachtwoord geven",
                "summary": "Wanneer de selfservice niet lukt: identiteit controleren via "
                "terugbellen, account deblokkeren en een tijdelijk wachtwoord geven.",
                "body": md("""
                    Alleen als de selfservicepagina niet lukt (bv. geen gsm-nummer gekend).

                    1. **Identiteit controleren:** bel terug op het nummer uit de
                       contactfiche, nooit op een nummer dat de beller zelf geeft.
                    2. Open **Active Directory-gebruikers** met uw admin-account, zoek de
                       gebruiker en vink op het tabblad *Account* **Account ontgrendelen** aan.
                    3. **Wachtwoord opnieuw instellen**, vink **Gebruiker moet wachtwoord
                       wijzigen bij volgende aanmelding** aan.
                    4. Geef het tijdelijke wachtwoord mondeling, nooit per mail.
                    5. Vermeld in de interne notitie hoe de identiteit gecontroleerd werd.

                    > Drie of meer blokkeringen in een week? Mogelijke aanval: maak een
                    > ticket voor Security.
                    """),
            },
            "fr": {
                "title": "Débloquer un compte et donner un mot de passe temporaire",
                "summary": "Quand le libre-service échoue : vérifier l'identité par rappel, "
                "débloquer le compte et donner un mot de passe temporaire.",
                "body": md("""
                    Seulement si la page libre-service ne fonctionne pas (p. ex. pas de numéro
                    de GSM connu).

                    1. **Vérifier l'identité :** rappelez le numéro de la fiche contact, jamais
                       un numéro donné par l'appelant.
                    2. Ouvrez **Utilisateurs Active Directory** avec votre compte admin,
                       cherchez l'utilisateur et cochez **Déverrouiller le compte** dans
                       l'onglet *Compte*.
                    3. **Réinitialiser le mot de passe**, cochez **L'utilisateur doit changer
                       le mot de passe à la prochaine ouverture de session**.
                    4. Donnez le mot de passe temporaire oralement, jamais par mail.
                    5. Notez dans la note interne comment l'identité a été vérifiée.

                    > Trois blocages ou plus en une semaine ? Attaque possible : créez un
                    > ticket pour la Sécurité.
                    """),
            },
            "en": {
                "title": "Unlock an account and give a temporary password",
                "summary": "When self-service fails: verify identity by call-back, unlock the "
                "account and give a temporary password.",
                "body": md("""
                    Only when the self-service page does not work (e.g. no phone number known).

                    1. **Verify identity:** call back on the number in the contact record,
                       never on a number the caller gives you.
                    2. Open **Active Directory Users** with your admin account, find the user
                       and tick **Unlock account** on the *Account* tab.
                    3. **Reset password**, tick **User must change password at next logon**.
                    4. Give the temporary password by voice, never by e-mail.
                    5. Write in the internal note how you verified the identity.

                    > Three or more lock-outs in a week? Possible attack: open a ticket for
                    > Security.
                    """),
            },
        },
    },
    {
        "key": "mfa-new-phone",
        "category": "security",
        "type": "howto",
        "audience": "public",
        "tags": ["mfa", "smartphone", "authenticator"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Nieuwe smartphone koppelen aan tweestapsverificatie (MFA)",
                "summary": "Nieuwe gsm? Zet de authenticator-app over vóór u de oude inlevert. "
                "Is de oude al weg, dan resetten wij uw MFA na een identiteitscontrole.",
                "body": md("""
                    ## Hebt u de oude gsm nog?
                    1. Installeer **Microsoft Authenticator** op de nieuwe gsm.
                    2. Ga op uw pc naar `https://mysignins.microsoft.com/security-info`.
                    3. Klik op **Aanmeldmethode toevoegen > Authenticator-app** en scan de
                       QR-code met de nieuwe gsm.
                    4. Keur de testmelding goed en maak de nieuwe gsm de **standaardmethode**.
                    5. Verwijder daarna de oude gsm uit de lijst.

                    ## Is de oude gsm al weg?
                    Dan kunt u niet meer inloggen. Bel de servicedesk: na een
                    identiteitscontrole (terugbellen of langskomen met uw badge) zetten wij
                    uw MFA terug en koppelt u de nieuwe gsm met de stappen hierboven.
                    """),
            },
            "fr": {
                "title": "Associer un nouveau smartphone à l'authentification à deux facteurs",
                "summary": "Nouveau GSM ? Transférez l'application d'authentification avant de "
                "rendre l'ancien. S'il n'est plus là, nous réinitialisons votre MFA.",
                "body": md("""
                    ## Vous avez encore l'ancien GSM ?
                    1. Installez **Microsoft Authenticator** sur le nouveau GSM.
                    2. Sur votre PC, allez sur `https://mysignins.microsoft.com/security-info`.
                    3. Cliquez sur **Ajouter une méthode de connexion > Application
                       d'authentification** et scannez le code QR avec le nouveau GSM.
                    4. Approuvez la notification de test et faites du nouveau GSM la
                       **méthode par défaut**.
                    5. Supprimez ensuite l'ancien GSM de la liste.

                    ## L'ancien GSM n'est plus là ?
                    Vous ne pouvez plus vous connecter. Appelez le service desk : après un
                    contrôle d'identité (rappel ou passage avec votre badge), nous
                    réinitialisons votre MFA et vous associez le nouveau GSM comme ci-dessus.
                    """),
            },
            "en": {
                "title": "Link a new smartphone to two-factor authentication (MFA)",
                "summary": "New phone? Move the authenticator app before you hand in the old "
                "one. If it is already gone, we reset your MFA after an identity check.",
                "body": md("""
                    ## Do you still have the old phone?
                    1. Install **Microsoft Authenticator** on the new phone.
                    2. On your PC go to `https://mysignins.microsoft.com/security-info`.
                    3. Click **Add sign-in method > Authenticator app** and scan the QR code
                       with the new phone.
                    4. Approve the test prompt and make the new phone the **default method**.
                    5. Then remove the old phone from the list.

                    ## Is the old phone gone?
                    Then you cannot sign in. Call the service desk: after an identity check
                    (call-back or a visit with your badge) we reset your MFA and you link the
                    new phone with the steps above.
                    """),
            },
        },
    },
    {
        "key": "phishing",
        "category": "security",
        "type": "howto",
        "audience": "public",
        "tags": ["phishing", "outlook", "security"],
        "state": "published",
        "texts": {
            "nl": {
                "title": "Verdachte mail of phishing melden",
                "summary": "Een mail die van de bank lijkt te komen en om uw wachtwoord vraagt? "
                "Zo meldt u hem, en wat u doet als u al geklikt hebt.",
                "body": md("""
                    ## Nog niet geklikt
                    1. Open geen bijlagen en klik niet op links.
                    2. Klik in Outlook op **Melden > Phishing melden**. De mail gaat naar
                       het securityteam en verdwijnt uit uw postvak.

                    ## Al een bijlage geopend of uw wachtwoord ingegeven?
                    Geen paniek, maar handel **meteen**:
                    1. Trek de netwerkkabel uit of zet wifi uit.
                    2. **Bel de servicedesk**: een mail sturen is te traag.
                    3. Wijzig uw wachtwoord pas als wij dat vragen, op een ander toestel.

                    Hoe herkent u phishing? Dringende toon, een afzender die net niet klopt,
                    een link die naar een ander adres wijst dan hij toont.
                    """),
            },
            "fr": {
                "title": "Signaler un mail suspect ou un hameçonnage",
                "summary": "Un mail qui semble venir de la banque et demande votre mot de passe ? "
                "Comment le signaler, et que faire si vous avez déjà cliqué.",
                "body": md("""
                    ## Pas encore cliqué
                    1. N'ouvrez pas les pièces jointes et ne cliquez sur aucun lien.
                    2. Dans Outlook, cliquez sur **Signaler > Signaler un hameçonnage**. Le
                       mail part à l'équipe sécurité et quitte votre boîte.

                    ## Pièce jointe déjà ouverte ou mot de passe saisi ?
                    Pas de panique, mais agissez **tout de suite** :
                    1. Débranchez le câble réseau ou coupez le Wi-Fi.
                    2. **Appelez le service desk** : un mail est trop lent.
                    3. Ne changez votre mot de passe que quand nous le demandons, sur un autre
                       appareil.

                    Comment reconnaître l'hameçonnage ? Ton urgent, expéditeur presque correct,
                    lien qui mène ailleurs que ce qu'il affiche.
                    """),
            },
            "en": {
                "title": "Report a suspicious e-mail or phishing",
                "summary": "A mail that looks like it comes from the bank and asks for your "
                "password? How to report it, and what to do if you already clicked.",
                "body": md("""
                    ## Not clicked yet
                    1. Do not open attachments or click links.
                    2. In Outlook click **Report > Report phishing**. The mail goes to the
                       security team and leaves your mailbox.

                    ## Already opened an attachment or typed your password?
                    Do not panic, but act **now**:
                    1. Pull the network cable or turn Wi-Fi off.
                    2. **Call the service desk**: an e-mail is too slow.
                    3. Only change your password when we ask you to, on another device.

                    How to recognise phishing? An urgent tone, a sender that is almost right,
                    a link that goes somewhere other than it shows.
                    """),
            },
        },
    },
    {
        "key": "shared-folder",
        "category": "account",
        "type": "howto",
        "audience": "internal",
        "tags": ["access", "onboarding", "file-server"],
        "state": "in_review",
        "texts": {
            "nl": {
                "title": "Toegang tot een gedeelde map voor een nieuwe collega",
                "summary": "Welke groepen toekennen voor de map 'Dossiers' van een site, wie "
                "goedkeurt en wanneer 2de lijn nodig is.",
                "body": md("""
                    1. Vraag wie de **eigenaar** van de map is (staat in de mapbeschrijving)
                       en laat die het akkoord in het ticket zetten.
                    2. Is de collega nog niet gestart? Controleer dat het account al bestaat.
                    3. Voeg de gebruiker toe aan de groep `FS-<site>-Dossiers-RW` (of `-R`
                       voor enkel lezen). Eerste lijn mag groepen met het voorvoegsel `FS-`
                       beheren.
                    4. Andere mappen of rechten op de server zelf: escaleer naar Werkplek
                       2de lijn.
                    5. De nieuwe rechten gelden na **afmelden en opnieuw aanmelden**.
                    """),
            },
            "fr": {
                "title": "Accès à un dossier partagé pour un nouveau collègue",
                "summary": "Quels groupes attribuer pour le dossier « Dossiers » d'un site, qui "
                "approuve et quand faire appel à la 2e ligne.",
                "body": md("""
                    1. Demandez qui est le **propriétaire** du dossier (dans sa description) et
                       faites-lui mettre son accord dans le ticket.
                    2. Le collègue n'a pas encore commencé ? Vérifiez que le compte existe.
                    3. Ajoutez l'utilisateur au groupe `FS-<site>-Dossiers-RW` (ou `-R` pour
                       la lecture seule). La première ligne gère les groupes préfixés `FS-`.
                    4. Autres dossiers ou droits sur le serveur même : escaladez vers la
                       2e ligne.
                    5. Les nouveaux droits valent après **déconnexion et reconnexion**.
                    """),
            },
            "en": {
                "title": "Access to a shared folder for a new colleague",
                "summary": "Which groups to grant for a site's 'Files' folder, who approves and "
                "when second line is needed.",
                "body": md("""
                    1. Ask who **owns** the folder (it is in the folder's description) and have
                       them approve in the ticket.
                    2. Colleague not started yet? Check that the account exists.
                    3. Add the user to the group `FS-<site>-Dossiers-RW` (or `-R` for read
                       only). First line may manage groups prefixed `FS-`.
                    4. Other folders or rights on the server itself: escalate to second line.
                    5. New rights apply after **signing out and in again**.
                    """),
            },
        },
    },
]
