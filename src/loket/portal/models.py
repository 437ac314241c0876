"""One-time login links sent by e-mail ("magic links")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalLoginToken(models.Model):
    """A login link sent to a customer. Only the SHA-256 of the secret is kept; the row
    says when it expires and whether it was used, so a link works once. The rows also
    count the requests per address for the rate limit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="portal_login_tokens",
    )
    email = models.EmailField(_("e-mail address"), max_length=254, db_index=True)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("portal login link")
        verbose_name_plural = _("portal login links")
        indexes = [models.Index(fields=["email", "created_at"], name="portal_token_rate")]

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
