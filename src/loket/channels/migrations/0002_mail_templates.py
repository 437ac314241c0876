"""The mail templates Loket ships: the six kinds of mail in Dutch, French and English.
Administrators change them in the admin (placeholders are checked when saved); a
template switched off sends nothing in that language (another language is used)."""

from django.db import migrations

SIGN_NL = "Met vriendelijke groeten,\nDe servicedesk"
SIGN_FR = "Bien cordialement,\nLe service desk"
SIGN_EN = "Kind regards,\nThe service desk"

TEMPLATES = {
    # --- to the contact ---------------------------------------------------------------
    ("received", "nl"): (
        "We hebben uw vraag ontvangen: {ticket_subject}",
        "Beste {contact_name},\n\n"
        "Bedankt voor uw bericht. We hebben uw vraag goed ontvangen onder "
        "ticketnummer {ticket_number} en behandelen ze zo snel mogelijk.\n\n"
        "Wilt u nog iets toevoegen? Beantwoord dan gewoon deze e-mail. Neemt u op een "
        "andere manier contact op, vermeld dan het ticketnummer.\n\n"
        f"{SIGN_NL}\n\n"
        "Uw ticket bekijken: {ticket_url}",
    ),
    ("received", "fr"): (
        "Nous avons bien reçu votre demande : {ticket_subject}",
        "Bonjour {contact_name},\n\n"
        "Merci pour votre message. Nous avons bien reçu votre demande, enregistrée sous "
        "le numéro {ticket_number}, et nous la traiterons dans les meilleurs délais.\n\n"
        "Vous souhaitez ajouter une information ? Il vous suffit de répondre à cet "
        "e-mail. Si vous nous contactez autrement, merci de mentionner ce numéro.\n\n"
        f"{SIGN_FR}\n\n"
        "Suivre votre demande : {ticket_url}",
    ),
    ("received", "en"): (
        "We have received your request: {ticket_subject}",
        "Dear {contact_name},\n\n"
        "Thank you for your message. We have received your request as ticket "
        "{ticket_number} and will deal with it as soon as possible.\n\n"
        "Would you like to add something? Simply reply to this e-mail. If you contact "
        "us another way, please mention the ticket number.\n\n"
        f"{SIGN_EN}\n\n"
        "View your ticket: {ticket_url}",
    ),
    # The agent's reply carries its own greeting and signature (canned answers do).
    ("reply", "nl"): (
        "Antwoord op uw vraag: {ticket_subject}",
        "{reply_text}\n\n"
        "--\n"
        "{agent_name}, servicedesk\n"
        "U kunt gewoon op deze e-mail antwoorden; uw bericht komt dan bij ticket "
        "{ticket_number}.\n"
        "Uw ticket bekijken: {ticket_url}",
    ),
    ("reply", "fr"): (
        "Réponse à votre demande : {ticket_subject}",
        "{reply_text}\n\n"
        "--\n"
        "{agent_name}, service desk\n"
        "Vous pouvez répondre directement à cet e-mail ; votre message sera ajouté à la "
        "demande {ticket_number}.\n"
        "Suivre votre demande : {ticket_url}",
    ),
    ("reply", "en"): (
        "Reply to your request: {ticket_subject}",
        "{reply_text}\n\n"
        "--\n"
        "{agent_name}, service desk\n"
        "You can simply reply to this e-mail; your message will be added to ticket "
        "{ticket_number}.\n"
        "View your ticket: {ticket_url}",
    ),
    ("waiting", "nl"): (
        "We wachten op uw antwoord: {ticket_subject}",
        "Beste {contact_name},\n\n"
        "Om uw vraag (ticket {ticket_number}) verder te behandelen, hebben we nog "
        "informatie van u nodig. U vindt onze vraag in ons vorige bericht en bij uw "
        "ticket.\n\n"
        "Beantwoord gewoon deze e-mail; zodra we uw antwoord hebben, werken we verder.\n\n"
        f"{SIGN_NL}\n\n"
        "Uw ticket bekijken: {ticket_url}",
    ),
    ("waiting", "fr"): (
        "Nous attendons votre réponse : {ticket_subject}",
        "Bonjour {contact_name},\n\n"
        "Pour poursuivre le traitement de votre demande ({ticket_number}), nous avons "
        "besoin d'informations complémentaires de votre part. Vous trouverez notre "
        "question dans notre message précédent et dans votre demande.\n\n"
        "Il vous suffit de répondre à cet e-mail ; nous reprendrons dès réception de "
        "votre réponse.\n\n"
        f"{SIGN_FR}\n\n"
        "Suivre votre demande : {ticket_url}",
    ),
    ("waiting", "en"): (
        "We are waiting for your answer: {ticket_subject}",
        "Dear {contact_name},\n\n"
        "To continue with your request (ticket {ticket_number}) we need some more "
        "information from you. You will find our question in our previous message and "
        "on your ticket.\n\n"
        "Simply reply to this e-mail; we will carry on as soon as we have your answer.\n\n"
        f"{SIGN_EN}\n\n"
        "View your ticket: {ticket_url}",
    ),
    ("resolved", "nl"): (
        "Uw vraag is opgelost: {ticket_subject}",
        "Beste {contact_name},\n\n"
        "We hebben uw vraag (ticket {ticket_number}) opgelost.\n\n"
        "Oplossing:\n{resolution}\n\n"
        "Is het probleem toch niet opgelost? Beantwoord dan deze e-mail binnen "
        "{reopen_days} dagen; dan openen we uw ticket opnieuw. Daarna maakt uw bericht "
        "een nieuw ticket aan.\n\n"
        "Met vriendelijke groeten,\n{agent_name}, servicedesk\n\n"
        "Uw ticket bekijken: {ticket_url}",
    ),
    ("resolved", "fr"): (
        "Votre demande est résolue : {ticket_subject}",
        "Bonjour {contact_name},\n\n"
        "Nous avons résolu votre demande ({ticket_number}).\n\n"
        "Solution :\n{resolution}\n\n"
        "Le problème persiste ? Répondez à cet e-mail dans les {reopen_days} jours et "
        "nous rouvrirons votre demande. Passé ce délai, votre message créera une "
        "nouvelle demande.\n\n"
        "Bien cordialement,\n{agent_name}, service desk\n\n"
        "Suivre votre demande : {ticket_url}",
    ),
    ("resolved", "en"): (
        "Your request has been resolved: {ticket_subject}",
        "Dear {contact_name},\n\n"
        "We have resolved your request (ticket {ticket_number}).\n\n"
        "Resolution:\n{resolution}\n\n"
        "Not solved after all? Reply to this e-mail within {reopen_days} days and we "
        "will reopen your ticket. After that, your message will start a new ticket.\n\n"
        "Kind regards,\n{agent_name}, service desk\n\n"
        "View your ticket: {ticket_url}",
    ),
    # --- to agents --------------------------------------------------------------------
    ("assigned", "nl"): (
        "Ticket aan u toegewezen: {ticket_subject}",
        "Hallo,\n\n"
        "{agent_name} heeft ticket {ticket_number} aan u toegewezen.\n\n"
        "Onderwerp: {ticket_subject}\n"
        "Contact: {contact_name}\n"
        "Team: {team}\n"
        "Te behandelen: {due_time}\n\n"
        "Ticket openen: {ticket_url}",
    ),
    ("assigned", "fr"): (
        "Ticket qui vous est assigné : {ticket_subject}",
        "Bonjour,\n\n"
        "{agent_name} vous a assigné le ticket {ticket_number}.\n\n"
        "Objet : {ticket_subject}\n"
        "Contact : {contact_name}\n"
        "Équipe : {team}\n"
        "À traiter : {due_time}\n\n"
        "Ouvrir le ticket : {ticket_url}",
    ),
    ("assigned", "en"): (
        "Ticket assigned to you: {ticket_subject}",
        "Hello,\n\n"
        "{agent_name} has assigned ticket {ticket_number} to you.\n\n"
        "Subject: {ticket_subject}\n"
        "Contact: {contact_name}\n"
        "Team: {team}\n"
        "Due: {due_time}\n\n"
        "Open the ticket: {ticket_url}",
    ),
    ("escalated", "nl"): (
        "Geëscaleerd naar {team}: {ticket_subject}",
        "Hallo,\n\n"
        "{agent_name} heeft ticket {ticket_number} geëscaleerd naar uw team {team}.\n\n"
        "Reden: {reason}\n\n"
        "Onderwerp: {ticket_subject}\n"
        "Contact: {contact_name}\n"
        "Te behandelen: {due_time}\n\n"
        "Ticket openen: {ticket_url}",
    ),
    ("escalated", "fr"): (
        "Escaladé vers {team} : {ticket_subject}",
        "Bonjour,\n\n"
        "{agent_name} a escaladé le ticket {ticket_number} vers votre équipe {team}.\n\n"
        "Motif : {reason}\n\n"
        "Objet : {ticket_subject}\n"
        "Contact : {contact_name}\n"
        "À traiter : {due_time}\n\n"
        "Ouvrir le ticket : {ticket_url}",
    ),
    ("escalated", "en"): (
        "Escalated to {team}: {ticket_subject}",
        "Hello,\n\n"
        "{agent_name} has escalated ticket {ticket_number} to your team {team}.\n\n"
        "Reason: {reason}\n\n"
        "Subject: {ticket_subject}\n"
        "Contact: {contact_name}\n"
        "Due: {due_time}\n\n"
        "Open the ticket: {ticket_url}",
    ),
}


def create(apps, schema_editor):
    MailTemplate = apps.get_model("channels", "MailTemplate")
    for (kind, language), (subject, body) in TEMPLATES.items():
        MailTemplate.objects.get_or_create(
            kind=kind, language=language, defaults={"subject": subject, "body": body}
        )


def remove(apps, schema_editor):
    MailTemplate = apps.get_model("channels", "MailTemplate")
    for kind, language in TEMPLATES:
        MailTemplate.objects.filter(kind=kind, language=language).delete()


class Migration(migrations.Migration):
    dependencies = [("channels", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
