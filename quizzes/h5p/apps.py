from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_permissions(sender: AppConfig, **kwargs: Any) -> None:
    from django.apps import apps

    # Permissions of every app exist only after the last app with models has migrated.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return
    from quizzes.h5p.permissions import ensure_permissions

    ensure_permissions()


class H5PConfig(AppConfig):
    """H5P packages, the shared library store and xAPI results: part of the quizzes layer."""

    name = "quizzes.h5p"
    label = "h5p"
    verbose_name = _("H5P interactive content")

    def ready(self) -> None:
        post_migrate.connect(_grant_permissions, dispatch_uid="h5p-permissions")
