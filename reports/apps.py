from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_permissions(sender: AppConfig, **kwargs: Any) -> None:
    from django.apps import apps

    # post_migrate is sent once per app; permissions of later apps exist only after the last.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return
    from reports.setup import grant_report_permissions

    grant_report_permissions()


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from reports import receivers  # noqa: F401

        post_migrate.connect(_grant_permissions, dispatch_uid="reports-permissions")
