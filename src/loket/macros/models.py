"""Canned answers (macros) per language and communication profile.

A macro has a stable ``key`` (other apps and scenarios refer to it), a title in the three
languages, a kind (a reply to the customer or an internal note), the ticket fields it sets
when inserted, and its texts: one per language and, optionally, per communication profile
(``profile == ""`` is the default text of that language).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import Language
from loket.directory.models import CommunicationProfile
from loket.tickets.models import Level, Status, TicketType

LANGUAGES = ("nl", "fr", "en")


class MacroKind(models.TextChoices):
    REPLY = "reply", _("Reply to the customer")
    NOTE = "note", _("Internal note")


class MacroStatus(models.TextChoices):
    """The statuses a macro may set: a plain status change (resolving and closing need a
    resolution or a decision of their own)."""

    OPEN = Status.OPEN.value, Status.OPEN.label
    WAITING_CUSTOMER = Status.WAITING_CUSTOMER.value, Status.WAITING_CUSTOMER.label
    WAITING_THIRD_PARTY = Status.WAITING_THIRD_PARTY.value, Status.WAITING_THIRD_PARTY.label


class Macro(models.Model):
    """A canned answer agents insert in the ticket composer."""

    key = models.SlugField(
        _("key"),
        max_length=60,
        unique=True,
        help_text=_("A stable name other features use, e.g. complaint-acknowledgement."),
    )
    title_nl = models.CharField(_("title (Dutch)"), max_length=120, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=120, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    kind = models.CharField(
        _("kind"), max_length=5, choices=MacroKind.choices, default=MacroKind.REPLY
    )
    categories = models.ManyToManyField(
        "tickets.Category",
        verbose_name=_("suggested for categories"),
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_macros",
    )
    # The ticket fields the macro sets when inserted (empty / null: left alone).
    set_type = models.CharField(
        _("sets the type"), max_length=20, choices=TicketType.choices, blank=True
    )
    set_category = models.ForeignKey(
        "tickets.Category",
        verbose_name=_("sets the category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_impact = models.PositiveSmallIntegerField(
        _("sets the impact"), choices=Level.choices, null=True, blank=True
    )
    set_urgency = models.PositiveSmallIntegerField(
        _("sets the urgency"), choices=Level.choices, null=True, blank=True
    )
    set_status = models.CharField(
        _("sets the status"), max_length=20, choices=MacroStatus.choices, blank=True
    )
    use_count = models.PositiveIntegerField(_("times used"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["key"]
        verbose_name = _("canned answer")
        verbose_name_plural = _("canned answers")

    def __str__(self):
        return self.title()

    def title(self, language: str | None = None) -> str:
        """The title in ``language`` (default: the active one), else nl, fr, en, the key."""
        wanted = (language or get_language() or "nl")[:2]
        for code in (wanted, *LANGUAGES):
            text = getattr(self, f"title_{code}", "")
            if text:
                return text
        return self.key

    def field_changes(self) -> dict:
        """The ticket fields this macro sets, as ``{field: value}`` (category by id)."""
        changes: dict = {}
        if self.set_type:
            changes["type"] = self.set_type
        if self.set_category_id:
            changes["category"] = self.set_category_id
        if self.set_impact:
            changes["impact"] = self.set_impact
        if self.set_urgency:
            changes["urgency"] = self.set_urgency
        if self.set_status:
            changes["status"] = self.set_status
        return changes


class MacroText(models.Model):
    """The text of a macro in one language, for one communication profile ("" = default)."""

    macro = models.ForeignKey(Macro, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    profile = models.CharField(
        _("communication profile"),
        max_length=20,
        choices=CommunicationProfile.choices,
        blank=True,
        help_text=_("Empty: the default text for this language."),
    )
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["macro", "language", "profile"]
        verbose_name = _("canned answer text")
        verbose_name_plural = _("canned answer texts")
        constraints = [
            models.UniqueConstraint(
                fields=["macro", "language", "profile"], name="unique_macro_text"
            ),
        ]

    def __str__(self):
        return f"{self.macro.key} [{self.language}{'/' + self.profile if self.profile else ''}]"


class MacroUse(models.Model):
    """A macro inserted on a ticket: who, when, in which language."""

    macro = models.ForeignKey(Macro, on_delete=models.CASCADE, related_name="uses")
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    used_at = models.DateTimeField(_("used"))

    class Meta:
        ordering = ["-used_at"]
        verbose_name = _("canned answer use")
        verbose_name_plural = _("canned answer uses")
        indexes = [models.Index(fields=["macro", "-used_at"], name="macro_use_macro")]

    def __str__(self):
        return f"{self.macro_id} on {self.ticket_id}"
