"""Organisations, contacts and their contracts: who is calling."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import Language


class CommunicationProfile(models.TextChoices):
    NOVICE = "novice", _("Novice")
    EXPERIENCED = "experienced", _("Experienced")
    IT_PROFESSIONAL = "it_professional", _("IT professional")
    SYSADMIN = "sysadmin", _("System administrator")


class Organisation(models.Model):
    """A customer company or institution."""

    name = models.CharField(_("name"), max_length=200)
    email_domain = models.CharField(
        _("e-mail domain"), max_length=200, blank=True, help_text=_("e.g. example.be")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.TextField(_("address"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def active_contract(self, on=None):
        from django.utils import timezone

        day = on or timezone.localdate()
        return (
            self.contracts.filter(valid_from__lte=day)
            .filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day))
            .order_by("-valid_from")
            .first()
        )


class Contact(models.Model):
    """A person who contacts the service desk."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.NL
    )
    profile = models.CharField(
        _("communication profile"),
        max_length=20,
        choices=CommunicationProfile.choices,
        default=CommunicationProfile.EXPERIENCED,
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ContactEmail(models.Model):
    """One of a contact's e-mail addresses (stored lower-case)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField(_("e-mail address"), max_length=254)
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        ordering = ["-is_primary", "id"]
        verbose_name = _("e-mail address")
        verbose_name_plural = _("e-mail addresses")
        indexes = [models.Index(fields=["address"])]

    def __str__(self):
        return self.address


class PhoneKind(models.TextChoices):
    MOBILE = "mobile", _("Mobile")
    WORK = "work", _("Work")
    HOME = "home", _("Home")
    OTHER = "other", _("Other")


class ContactPhone(models.Model):
    """One of a contact's phone numbers, stored in E.164 so caller-ID lookups match."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("number (E.164)"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=PhoneKind.choices, default="mobile")

    class Meta:
        ordering = ["id"]
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        indexes = [models.Index(fields=["number"])]

    def __str__(self):
        return self.number


class ServiceLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    STANDARD = "standard", _("Standard")
    PREMIUM = "premium", _("Premium")


class Contract(models.Model):
    """A service contract of an organisation; the SLA engine reads its service level."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contracts",
    )
    name = models.CharField(_("name"), max_length=200)
    service_level = models.CharField(
        _("service level"), max_length=16, choices=ServiceLevel.choices, default="standard"
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="contract_valid_range",
            )
        ]

    def __str__(self):
        return self.name
