"""Which ticket an incoming mail belongs to.

In this order, the first that matches wins:

1. a tokened reply address among the recipients (``support+2026-000123.k3j5…@``): the
   token is an HMAC of the number, so whoever writes to it was given the address by
   Loket — the mail threads whoever sends it;
2. ``In-Reply-To``/``References`` naming a Message-ID Loket sent
   (:class:`~loket.channels.models.OutboundMessage`) or received on a ticket;
3. a ``[#2026-000123]`` tag in the subject — only when the sender is one of the ticket
   contact's addresses: ticket numbers are easy to guess, so a stranger must not be able
   to write into someone else's ticket by putting a number in the subject.

Anything else is a new conversation.
"""

from loket.channels import addressing
from loket.channels.models import InboundMessage, OutboundMessage
from loket.channels.parsing import ParsedMessage
from loket.directory.models import ContactEmail
from loket.tickets.models import Ticket


def find_ticket(parsed: ParsedMessage) -> Ticket | None:
    """The ticket ``parsed`` replies to, or None for a new conversation."""
    return by_token(parsed) or by_message_ids(parsed) or by_subject(parsed)


def by_token(parsed: ParsedMessage) -> Ticket | None:
    for address in parsed.recipients:
        number = addressing.number_from_address(address)
        if number:
            ticket = Ticket.objects.filter(number=number).first()
            if ticket is not None:
                return ticket
    return None


def by_message_ids(parsed: ParsedMessage) -> Ticket | None:
    # The direct parent first, then the references from the newest back.
    ids = [parsed.in_reply_to, *reversed(parsed.references)]
    ids = [i for i in dict.fromkeys(ids) if i]
    if not ids:
        return None
    sent = dict(
        OutboundMessage.objects.filter(message_id__in=ids, ticket__isnull=False).values_list(
            "message_id", "ticket_id"
        )
    )
    received = dict(
        InboundMessage.objects.filter(message_id__in=ids, ticket__isnull=False).values_list(
            "message_id", "ticket_id"
        )
    )
    for message_id in ids:
        ticket_id = sent.get(message_id) or received.get(message_id)
        if ticket_id:
            return Ticket.objects.filter(pk=ticket_id).first()
    return None


def by_subject(parsed: ParsedMessage) -> Ticket | None:
    number = addressing.number_from_subject(parsed.subject)
    if not number or not parsed.sender:
        return None
    ticket = Ticket.objects.filter(number=number, contact__isnull=False).first()
    if ticket is None or ticket.contact_id is None:
        return None
    is_contact = ContactEmail.objects.filter(
        contact_id=ticket.contact_id, address__iexact=parsed.sender
    ).exists()
    return ticket if is_contact else None
