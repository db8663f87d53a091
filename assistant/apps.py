from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "assistant"
    verbose_name = _("Question assistant")

    def ready(self) -> None:
        from assistant import receivers  # noqa: F401
