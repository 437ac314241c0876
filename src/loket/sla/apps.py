from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "loket.sla"
    label = "sla"
    verbose_name = _("Service levels (SLA)")

    def ready(self):
        from loket.sla import signals  # noqa: F401
