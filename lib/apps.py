from django.apps import AppConfig
from django.urls import register_converter


class LibConfig(AppConfig):
    """Pure helpers shared by every app; installed for its template filters and path converters."""

    name = "lib"

    def ready(self) -> None:
        from lib.converters import CodeConverter, IdConverter
        from lib.wagtail_labels import label_wagtail_admin

        register_converter(IdConverter, "id")
        register_converter(CodeConverter, "code")
        label_wagtail_admin()
