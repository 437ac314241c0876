"""Portal use cases: login links by e-mail, and the customer's own actions on tickets.

Ticket changes go through ``loket.tickets.services``; these functions only combine them
the way a customer needs (a ticket with its files, closing an unresolved ticket).
"""

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from loket.accounts.models import Role, User
from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.portal import access
from loket.portal.models import PortalLoginToken
from loket.tickets import services as tickets
from loket.tickets.access import restrict_new_ticket
from loket.tickets.attachments import UploadedFile
from loket.tickets.models import Category, Channel, ResolutionCode, Status, Ticket, TimelineEvent

logger = logging.getLogger(__name__)

LINK_LIFETIME = timedelta(minutes=15)
LINKS_PER_HOUR = 5
CUSTOMER_CLOSED_CODE = "closed-by-customer"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def normalise_address(email: str) -> str:
    return (email or "").strip().lower()[:254]


def portal_user_for(email: str) -> User | None:
    """The active customer who may use the portal with this address: their account's
    e-mail, or one of their contact's addresses."""
    address = normalise_address(email)
    if not address or "@" not in address:
        return None
    customers = User.objects.filter(
        role=Role.CUSTOMER, is_active=True, contact__isnull=False
    ).select_related("contact")
    found = customers.filter(
        Q(email__iexact=address) | Q(contact__emails__address__iexact=address)
    ).distinct()
    users = list(found[:2])
    # An address shared by two accounts identifies nobody: send nothing.
    return users[0] if len(users) == 1 else None


@transaction.atomic
def request_login_link(
    email: str, *, link_for: Callable[[str], str], now: datetime | None = None
) -> bool:
    """Send a one-time login link valid ``LINK_LIFETIME`` to ``email`` if it belongs to a
    customer, at most ``LINKS_PER_HOUR`` per address. Returns whether a link was sent;
    callers must not tell the visitor (no account enumeration)."""
    now = now or timezone.now()
    address = normalise_address(email)
    user = portal_user_for(address)
    if user is None:
        return False
    recent = PortalLoginToken.objects.filter(
        email=address, created_at__gte=now - timedelta(hours=1)
    )
    if recent.count() >= LINKS_PER_HOUR:
        return False
    raw = secrets.token_urlsafe(32)
    PortalLoginToken.objects.create(
        user=user,
        email=address,
        token_hash=_digest(raw),
        created_at=now,
        expires_at=now + LINK_LIFETIME,
    )
    url = link_for(raw)
    transaction.on_commit(lambda: _send_link(user, address, url))
    return True


def _send_link(user: User, address: str, url: str) -> None:
    with translation.override(user.language):
        subject = _("Your login link for Loket")
        body = _(
            "Hello %(name)s,\n\n"
            "Open this link to log in to the Loket customer portal:\n%(url)s\n\n"
            "The link works once and for %(minutes)s minutes. If you did not ask for it, "
            "you can ignore this message."
        ) % {
            "name": user.get_full_name() or user.username,
            "url": url,
            "minutes": int(LINK_LIFETIME.total_seconds() // 60),
        }
    try:
        send_mail(subject, body, None, [address])
    except OSError:  # the mail server is down: the visitor can ask again later
        logger.exception("Could not send a portal login link")


def _usable_token(raw: str, now: datetime, *, lock: bool) -> PortalLoginToken | None:
    if not raw or len(raw) > 200:
        return None
    tokens = PortalLoginToken.objects.select_related("user")
    if lock:
        tokens = tokens.select_for_update()
    token = tokens.filter(token_hash=_digest(raw)).first()
    if token is None or token.used_at is not None or token.expires_at <= now:
        return None
    if not access.can_use_portal(token.user):
        return None
    return token


def login_link_is_valid(raw: str, *, now: datetime | None = None) -> bool:
    """Whether the link would log in now (without using it up)."""
    return _usable_token(raw, now or timezone.now(), lock=False) is not None


@transaction.atomic
def redeem_login_link(raw: str, *, now: datetime | None = None) -> User:
    """Use a login link: the user it was sent to, once. The user's other unused links
    stop working too."""
    now = now or timezone.now()
    token = _usable_token(raw, now, lock=True)
    if token is None:
        raise InvalidInput(
            _("This login link does not work (any more). Ask for a new one."),
            code="invalid_link",
        )
    PortalLoginToken.objects.filter(user=token.user, used_at__isnull=True).update(used_at=now)
    return token.user


@transaction.atomic
def open_ticket(
    *,
    acting_user: User,
    subject: str,
    description: str = "",
    category: Category | None = None,
    attachments: Iterable[UploadedFile] = (),
    now: datetime | None = None,
) -> Ticket:
    """A customer's new ticket from the portal (channel portal), with the files they
    attached as their first public message, all or nothing."""
    fields = restrict_new_ticket(
        acting_user,
        {"subject": subject, "description": description, "category": category},
        default_channel=Channel.PORTAL,
    )
    ticket = tickets.create_ticket(
        acting_user=acting_user,
        subject=fields["subject"],
        description=fields["description"],
        category=fields["category"],
        contact=acting_user.contact,
        channel=Channel.PORTAL,
        now=now,
    )
    files = list(attachments)
    if files:
        tickets.add_reply(ticket, body="", attachments=files, acting_user=acting_user, now=now)
        ticket.refresh_from_db()
    return ticket


def _customer_code() -> ResolutionCode | None:
    codes = ResolutionCode.objects.filter(is_active=True)
    return codes.filter(code=CUSTOMER_CLOSED_CODE).first() or codes.filter(code="solved").first()


@transaction.atomic
def close_my_ticket(
    ticket: Ticket, *, acting_user: User, reason: str = "", now: datetime | None = None
) -> Ticket:
    """The customer closes their ticket. An unresolved ticket is resolved first (code
    "closed by customer", their reason as resolution), then closed, as the workflow
    wants: only resolved tickets close."""
    if not access.can_close(acting_user, ticket):
        raise PermissionDenied(_("You cannot close this ticket."))
    now = now or timezone.now()
    if ticket.is_open:
        resolution = (reason or "").strip() or _("Closed by the customer: no longer needed.")
        ticket = tickets.resolve_ticket(
            ticket,
            resolution=resolution,
            code=_customer_code(),
            acting_user=acting_user,
            version=None,
            now=now,
        )
    return tickets.close_ticket(ticket, acting_user=acting_user, version=None, now=now)


@transaction.atomic
def answer_ticket(
    ticket: Ticket,
    *,
    acting_user: User,
    body: str,
    attachments: Iterable[UploadedFile] = (),
    now: datetime | None = None,
) -> TimelineEvent:
    """The customer's message on a ticket. On a resolved ticket it says the problem is
    not solved: the ticket is reopened first, then the message added."""
    if not access.can_reply_on(acting_user, ticket):
        raise PermissionDenied(_("You cannot answer this ticket."))
    files = list(attachments)
    if not (body or "").strip() and not files:
        raise InvalidInput(_("Write a message or attach a file."), code="body_required")
    if ticket.status == Status.RESOLVED:
        ticket = tickets.reopen_ticket(ticket, acting_user=acting_user, version=None, now=now)
    elif not ticket.is_open:
        raise TransitionNotAllowed(_("This ticket is closed; open a new one."))
    return tickets.add_reply(ticket, body=body, attachments=files, acting_user=acting_user, now=now)
