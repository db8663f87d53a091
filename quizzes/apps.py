from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_permissions(sender: AppConfig, **kwargs: Any) -> None:
    from django.apps import apps

    # Permissions of every app exist only after the last app's post_migrate.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return
    from quizzes.setup import grant_bank_permissions

    grant_bank_permissions()


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        post_migrate.connect(_grant_permissions, dispatch_uid="quizzes-permissions")
