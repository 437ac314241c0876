from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MacrosConfig(AppConfig):
    name = "loket.macros"
    verbose_name = _("Canned answers")
