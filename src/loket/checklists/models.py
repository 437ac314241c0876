"""Checklists (routine tests): templates that supervisors define, and the copies agents
add to tickets and tick off.

A checklist on a ticket is a frozen copy of its template: the title and every item's
texts are copied (in the three languages) when it is added, so editing the template
later never changes what was checked on a ticket.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("nl", "fr", "en")


def in_language(obj, field: str, language: str | None = None) -> str:
    """``obj.<field>_<lang>`` in ``language`` (default: the active one), falling back to
    the desk's language and then to the other languages."""
    wanted = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    desk = settings.LANGUAGE_CODE[:2]
    for code in (wanted, desk, *LANGUAGES):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


class ItemState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


# States that count as "checked": a checklist is complete when no item is open.
CHECKED_STATES = (ItemState.DONE, ItemState.FAILED, ItemState.NOT_APPLICABLE)


class ChecklistTemplate(models.Model):
    """A routine test (e.g. "New laptop ready for use") that agents add to tickets.

    ``categories`` and ``ticket_types`` say which tickets it is for: a ticket matches
    when its category is one of the categories or below one, and its type is one of the
    types; an empty side matches anything, both empty match no ticket. Matching
    templates are suggested first; when ``required`` is set they are added to the
    ticket by themselves and the ticket cannot be resolved until they are complete.
    """

    title_nl = models.CharField(_("title (Dutch)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_checklists",
    )
    categories = models.ManyToManyField(
        "tickets.Category",
        verbose_name=_("categories"),
        blank=True,
        related_name="+",
        help_text=_("For tickets in these categories (subcategories included)."),
    )
    ticket_types = models.JSONField(
        _("ticket types"),
        default=list,
        blank=True,
        help_text=_('For tickets of these types (a list such as ["service_request"]).'),
    )
    required = models.BooleanField(
        _("required"),
        default=False,
        help_text=_(
            "Matching tickets get this checklist by themselves and cannot be resolved "
            "until it is complete."
        ),
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["title_nl", "title_en", "pk"]
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def description(self) -> str:
        return in_language(self, "description")


class TemplateItem(models.Model):
    """One step of a checklist template. ``result_*`` names the result the agent must
    record when the step is done (e.g. "serial number", "measured speed"); empty: none."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_nl = models.CharField(_("text (Dutch)"), max_length=300, blank=True)
    text_fr = models.CharField(_("text (French)"), max_length=300, blank=True)
    text_en = models.CharField(_("text (English)"), max_length=300, blank=True)
    help_nl = models.TextField(_("help (Dutch)"), blank=True)
    help_fr = models.TextField(_("help (French)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    result_nl = models.CharField(_("required result (Dutch)"), max_length=100, blank=True)
    result_fr = models.CharField(_("required result (French)"), max_length=100, blank=True)
    result_en = models.CharField(_("required result (English)"), max_length=100, blank=True)

    class Meta:
        ordering = ["template", "position", "pk"]
        verbose_name = _("checklist template item")
        verbose_name_plural = _("checklist template items")

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return in_language(self, "text")

    @property
    def help(self) -> str:
        return in_language(self, "help")

    @property
    def result_required(self) -> str:
        """The name of the result to record, in the reader's language; "" when none."""
        return in_language(self, "result")


class TicketChecklist(models.Model):
    """A checklist added to a ticket: a frozen copy of its template."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="checklists"
    )
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, related_name="ticket_checklists"
    )
    title = models.CharField(_("title"), max_length=200)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    required = models.BooleanField(_("required"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("ticket checklist")
        verbose_name_plural = _("ticket checklists")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "template"], name="one_checklist_per_template"
            ),
        ]

    def __str__(self):
        return self.shown_title

    @property
    def shown_title(self) -> str:
        """The title in the reader's language (as frozen when it was added)."""
        return in_language(self, "title") or self.title

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class TicketChecklistItem(models.Model):
    """One step of a checklist on a ticket, its state and result, and who checked it
    last and when (an undo back to "open" counts too; ``ItemCheck`` keeps every change)."""

    checklist = models.ForeignKey(TicketChecklist, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # ``text`` is the desk's language at adding time; the others as they were then.
    text = models.CharField(_("text"), max_length=300)
    text_nl = models.CharField(_("text (Dutch)"), max_length=300, blank=True)
    text_fr = models.CharField(_("text (French)"), max_length=300, blank=True)
    text_en = models.CharField(_("text (English)"), max_length=300, blank=True)
    help_nl = models.TextField(_("help (Dutch)"), blank=True)
    help_fr = models.TextField(_("help (French)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    result_nl = models.CharField(_("required result (Dutch)"), max_length=100, blank=True)
    result_fr = models.CharField(_("required result (French)"), max_length=100, blank=True)
    result_en = models.CharField(_("required result (English)"), max_length=100, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ItemState.choices, default=ItemState.OPEN
    )
    result = models.CharField(_("result"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["checklist", "position", "pk"]
        verbose_name = _("ticket checklist item")
        verbose_name_plural = _("ticket checklist items")

    def __str__(self):
        return self.text

    @property
    def shown_text(self) -> str:
        return in_language(self, "text") or self.text

    @property
    def help(self) -> str:
        return in_language(self, "help")

    @property
    def result_required(self) -> str:
        return in_language(self, "result")

    @property
    def is_open(self) -> bool:
        return self.state == ItemState.OPEN


class ItemCheck(models.Model):
    """Every change of an item's state, undo included: written once, never changed."""

    item = models.ForeignKey(TicketChecklistItem, on_delete=models.CASCADE, related_name="checks")
    old_state = models.CharField(_("old state"), max_length=16, choices=ItemState.choices)
    state = models.CharField(_("state"), max_length=16, choices=ItemState.choices)
    result = models.CharField(_("result"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked"))

    class Meta:
        ordering = ["checked_at", "pk"]
        verbose_name = _("item check")
        verbose_name_plural = _("item checks")

    def __str__(self):
        return f"{self.item_id}: {self.old_state} → {self.state}"
