from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScormConfig(AppConfig):
    """SCORM 1.2 and 2004 packages, played from a separate content origin, with CMI tracking."""

    name = "scorm"
    verbose_name = _("SCORM packages")
