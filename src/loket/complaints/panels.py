"""The complaints panel on the ticket page (see ``loket.tickets.panels``).

With a complaint: a banner on top of the ticket (paraphrase, desired outcome, deadline
and time left, who was told, answer and follow-up). Without one: a small "Register a
complaint" disclosure that teaches how to paraphrase. Registering always writes a
COMPLAINT event, so a timeline without one spares the page the complaint's queries.
"""

from datetime import timedelta

from django.utils import timezone

from loket.complaints import access, forms
from loket.complaints.models import Complaint, ComplaintStatus
from loket.tickets.models import EventKind, Status, TicketType
from loket.tickets.panels import Panel

TEMPLATE = "complaints/_panel.html"
# A view that refused input leaves its bound form here, so the panel shows it again.
BOUND_FORMS = "_complaint_forms"


def _complaint(ticket, events) -> Complaint | None:
    if not any(e.kind == EventKind.COMPLAINT for e in events):
        return None
    return (
        Complaint.objects.select_related("registered_by", "followed_up_by")
        .prefetch_related("notified")
        .filter(ticket=ticket)
        .first()
    )


def ticket_panel(request, ticket, events):
    user = request.user
    if not access.can_register_complaints(user):
        return None
    complaint = _complaint(ticket, events)
    if complaint is None and ticket.status == Status.CLOSED:
        return None
    bound = getattr(request, BOUND_FORMS, {})
    context = {"ticket": ticket, "complaint": complaint, "bound": bool(bound)}
    if complaint is None:
        context["register_form"] = bound.get("register") or forms.RegisterForm()
        context["register_open"] = bool(bound) or ticket.type == TicketType.COMPLAINT
        return Panel(TEMPLATE, context, position="top")
    now = timezone.now()
    followed_up = complaint.is_followed_up
    resolved = ticket.status in (Status.RESOLVED, Status.CLOSED)
    context.update(
        {
            "now": now,
            "overdue": complaint.is_overdue(now),
            "due_soon": complaint.status == ComplaintStatus.OPEN
            and now <= complaint.due_at < now + timedelta(days=1),
            "notified": list(complaint.notified.all()),
            "can_answer": not followed_up,
            "can_follow_up": not followed_up
            and (resolved or complaint.status == ComplaintStatus.ANSWERED),
            "can_change_deadline": access.can_change_deadlines(user)
            and complaint.status != ComplaintStatus.CLOSED,
            "answer_form": bound.get("answer")
            or forms.AnswerForm(initial={"outcome": complaint.outcome}),
            "follow_up_form": bound.get("follow_up") or forms.FollowUpForm(),
            "deadline_form": bound.get("deadline")
            or forms.DeadlineForm(
                initial={"due_at": timezone.localtime(complaint.due_at).replace(tzinfo=None)}
            ),
            "open_form": next(iter(bound), ""),
        }
    )
    return Panel(TEMPLATE, context, position="top")
