from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_structure(sender: AppConfig, **kwargs: Any) -> None:
    from django.apps import apps

    # post_migrate is sent once per app; permissions of later apps exist only after the last.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return
    from courses.setup import ensure_structure

    ensure_structure()


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from django.db import models
        from wagtail.admin.forms.models import register_form_field_override

        from courses import receivers  # noqa: F401
        from courses.slugs import VietnameseSlugInput

        # Every slug field in the admin (pages, snippets) folds Vietnamese letters as typed.
        register_form_field_override(
            models.SlugField, override={"widget": VietnameseSlugInput}, exact_class=True
        )

        post_migrate.connect(_ensure_structure, dispatch_uid="courses-structure")
