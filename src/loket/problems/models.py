"""Known problems (known errors): one cause behind many incidents."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemStatus(models.TextChoices):
    INVESTIGATING = "investigating", _("Investigating")
    KNOWN_ERROR = "known_error", _("Known error")
    RESOLVED = "resolved", _("Resolved")


ACTIVE_STATUSES = (ProblemStatus.INVESTIGATING, ProblemStatus.KNOWN_ERROR)


class KnownProblem(models.Model):
    """A problem under investigation or with a known cause and workaround. While active
    it is suggested to agents; with a public notice it is shown as a known outage."""

    title = models.CharField(_("title"), max_length=200)
    symptoms = models.TextField(_("symptoms"))
    cause = models.TextField(_("cause"), blank=True)
    workaround = models.TextField(_("workaround"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=ProblemStatus.choices,
        default=ProblemStatus.INVESTIGATING,
    )
    categories = models.ManyToManyField(
        "tickets.Category", verbose_name=_("affected categories"), blank=True, related_name="+"
    )
    affected_services = models.CharField(
        _("affected services"), max_length=300, blank=True, help_text=_("e.g. VPN, e-mail")
    )
    article = models.ForeignKey(
        "knowledge.Article",
        verbose_name=_("known-error article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    # A notice customers and agents see while the problem is active ("known outage").
    public_notice = models.BooleanField(_("show a public notice"), default=False)
    notice_nl = models.TextField(_("notice (Dutch)"), blank=True)
    notice_fr = models.TextField(_("notice (French)"), blank=True)
    notice_en = models.TextField(_("notice (English)"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_problems",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("known problem")
        verbose_name_plural = _("known problems")
        indexes = [models.Index(fields=["status", "-created_at"], name="problem_status")]

    def __str__(self):
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def notice(self, language: str) -> str:
        """The public notice in ``language``, falling back to nl, fr, en."""
        for code in (language, "nl", "fr", "en"):
            text = getattr(self, f"notice_{code}", "")
            if text:
                return text
        return ""


class ProblemLink(models.Model):
    """An incident linked to the problem that causes it (one problem per ticket)."""

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="problem_link"
    )
    problem = models.ForeignKey(KnownProblem, on_delete=models.CASCADE, related_name="links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(_("linked"))

    class Meta:
        ordering = ["-linked_at"]
        verbose_name = _("problem link")
        verbose_name_plural = _("problem links")
        indexes = [models.Index(fields=["problem", "-linked_at"], name="problem_link_problem")]

    def __str__(self):
        return f"{self.ticket_id} → {self.problem_id}"
