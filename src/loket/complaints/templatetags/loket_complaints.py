"""Labels for complaint facts kept in timeline events, in the reader's language."""

from django import template

from loket.complaints.models import ComplaintSubject, Satisfaction

register = template.Library()


@register.filter
def complaint_subject(value: str) -> str:
    """The label of a complaint subject code ("delay" → "Delay"), or ""."""
    return str(ComplaintSubject(value).label) if value in ComplaintSubject.values else ""


@register.filter
def satisfaction(value: str) -> str:
    """The label of a follow-up answer ("yes" → "Satisfied"), or the code itself."""
    return str(Satisfaction(value).label) if value in Satisfaction.values else str(value or "")
