"""Incoming mail for staff: the messages to review (flagged, or odd but on a ticket),
one message with its problem, headers and text, its original for download, and the two
things an agent does with it: make a ticket of it, or mark it handled."""

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from loket.channels import access
from loket.channels.ingest import create_ticket_for, mark_handled, read_raw
from loket.channels.models import InboundMessage, Outcome
from loket.channels.parsing import HEADER_PREVIEW_BYTES, header_lines, parse
from loket.core.errors import ServiceError
from loket.core.pages import allowed_if, render_page

reviewer_required = allowed_if(access.can_review_mail)
LIMIT = 100
# Larger mail is not read again for the page (the original can be downloaded).
PREVIEW_MAX_BYTES = 10 * 1024 * 1024


class TicketFromMailForm(forms.Form):
    address = forms.EmailField(
        label=gettext_lazy("Sender's e-mail address"),
        max_length=254,
        help_text=gettext_lazy("The ticket is for the contact with this address (made if new)."),
    )
    name = forms.CharField(label=gettext_lazy("Sender's name"), max_length=200, required=False)
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)


def _needs_review(queryset):
    return queryset.filter(
        Q(outcome=Outcome.FLAGGED) | (~Q(problem="") & Q(handled_at__isnull=True))
    ).exclude(outcome=Outcome.DISMISSED)


def _message_for(user, pk: int) -> InboundMessage:
    return get_object_or_404(
        access.visible_inbound(user).select_related("mailbox", "ticket", "handled_by"), pk=pk
    )


@require_GET
@reviewer_required
def mail_review(request):
    show_all = request.GET.get("show") == "all"
    queryset = access.visible_inbound(request.user).select_related("mailbox", "ticket")
    if not show_all:
        queryset = _needs_review(queryset)
    context = {
        "active_nav": "mail_review",
        "inbound": list(queryset[:LIMIT]),
        "show_all": show_all,
        "limit": LIMIT,
    }
    return render_page(request, "channels/mail_review.html", context, fragment="list")


def _message_context(request, message: InboundMessage, form: TicketFromMailForm | None = None):
    head = read_raw(message, HEADER_PREVIEW_BYTES)
    parsed = None
    if message.size <= PREVIEW_MAX_BYTES:
        parsed = parse(read_raw(message))
    form = form or TicketFromMailForm(
        initial={
            "address": message.sender or (parsed.sender if parsed else ""),
            "name": parsed.sender_name if parsed else "",
            "subject": (message.subject or _("(no subject)"))[:200],
        }
    )
    return {
        "active_nav": "mail_review",
        "message": message,
        "headers": header_lines(head),
        "parsed": parsed,
        "form": form,
        "can_make_ticket": message.ticket_id is None,
        "can_mark_handled": message.handled_at is None
        and (message.outcome == Outcome.FLAGGED or bool(message.problem)),
    }


@require_GET
@reviewer_required
def mail_message(request, pk: int):
    message = _message_for(request.user, pk)
    return render_page(request, "channels/mail_message.html", _message_context(request, message))


@require_GET
@reviewer_required
def mail_raw(request, pk: int):
    """The original exactly as received, always as a download: mail can carry HTML and
    scripts that a browser must never render on Loket's origin."""
    message = _message_for(request.user, pk)
    try:
        handle = message.raw.open("rb")
    except (OSError, ValueError):
        raise Http404("The original is missing from storage") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"message-{message.pk}.eml",
        content_type="message/rfc822",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@reviewer_required
def mail_create_ticket(request, pk: int):
    message = _message_for(request.user, pk)
    form = TicketFromMailForm(request.POST)
    if form.is_valid():
        try:
            ticket = create_ticket_for(
                message,
                acting_user=request.user,
                address=form.cleaned_data["address"],
                name=form.cleaned_data["name"],
                subject=form.cleaned_data["subject"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Ticket %(number)s was made from the mail.") % {"number": ticket.number}
            )
            return redirect("tickets:detail", number=ticket.number)
    context = _message_context(request, message, form)
    return render_page(request, "channels/mail_message.html", context, status=422)


@require_POST
@reviewer_required
def mail_mark_handled(request, pk: int):
    message = _message_for(request.user, pk)
    mark_handled(message, acting_user=request.user)
    messages.success(request, _("The mail was marked as handled."))
    return redirect("channels:mail_review")
