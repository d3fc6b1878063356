from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScenariosConfig(AppConfig):
    name = "sandbox.scenarios"
    label = "scenarios"
    verbose_name = _("Practice scenarios")

    def ready(self):
        from . import services  # noqa: F401  (connects the scripted actors)
