from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_permissions(sender: AppConfig, **kwargs: Any) -> None:
    from django.apps import apps

    # Permissions of every app exist only once post_migrate reaches the last app with models.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return
    from training.setup import grant_session_permissions

    grant_session_permissions()


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training sessions")

    def ready(self) -> None:
        from training import receivers  # noqa: F401

        post_migrate.connect(_grant_permissions, dispatch_uid="training-permissions")
