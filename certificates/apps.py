from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_default_template(sender: AppConfig, **kwargs: Any) -> None:
    from certificates.defaults import ensure_default_template

    ensure_default_template()


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from certificates import checks, receivers  # noqa: F401 - checks register themselves

        receivers.connect()
        post_migrate.connect(
            _seed_default_template, sender=self, dispatch_uid="certificates-default"
        )
