"""Users, roles, teams and API tokens."""

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    SUPERVISOR = "supervisor", _("Supervisor")
    AGENT = "agent", _("Agent (first line)")
    SPECIALIST = "specialist", _("Specialist (second line)")
    CUSTOMER = "customer", _("Customer")


class Language(models.TextChoices):
    NL = "nl", _("Dutch")
    FR = "fr", _("French")
    EN = "en", _("English")


STAFF_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AGENT, Role.SPECIALIST})


class User(AbstractUser):
    """Anyone who logs in: staff of the service desk, or a customer linked to a contact."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.AGENT)
    language = models.CharField(
        _("interface language"), max_length=2, choices=Language.choices, default=Language.NL
    )
    spoken_languages = models.JSONField(
        _("spoken languages"),
        default=list,
        blank=True,
        help_text=_('Languages this agent can serve callers in, e.g. ["nl", "fr"].'),
    )
    skills = models.ManyToManyField(
        "tickets.Category",
        verbose_name=_("skills"),
        blank=True,
        related_name="skilled_users",
    )
    contact = models.OneToOneField(
        "directory.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
        help_text=_("For customers: the contact whose tickets this user may see."),
    )
    organisation_admin = models.BooleanField(
        _("organisation administrator"),
        default=False,
        help_text=_("For customers: also sees and answers every ticket of their organisation."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_customer(self) -> bool:
        return self.role == Role.CUSTOMER


class TeamKind(models.TextChoices):
    FIRST_LINE = "first_line", _("First line")
    SECOND_LINE = "second_line", _("Second line")
    SPECIALISED = "specialised", _("Specialised")


class Team(models.Model):
    """A group of agents or specialists that tickets are assigned to."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=TeamKind.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    members = models.ManyToManyField(
        User, through="Membership", related_name="teams", verbose_name=_("members")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's place in a team; a lead supervises the team's tickets."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    is_lead = models.BooleanField(_("team lead"), default=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.team}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
