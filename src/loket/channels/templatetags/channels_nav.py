"""The channels' entries in the main navigation: the call log and the mail to review."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from loket.channels import access

register = template.Library()


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # the page is not installed (yet)
        return None


@register.simple_tag
def channel_nav_items(user) -> list[tuple[str, str, str, str]]:
    """(key, label, url, access key) like the other navigation entries."""
    if user is None or not user.is_authenticated:
        return []
    items = []
    if access.can_see_calls(user):
        url = _url("channels:calls")
        if url:
            items.append(("calls", _("Calls"), url, "l"))
    if access.can_review_mail(user):
        url = _url("channels:mail_review")
        if url:
            items.append(("mail_review", _("Mail to review"), url, "i"))
    return items
