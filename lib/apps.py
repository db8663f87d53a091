from django.apps import AppConfig


class LibConfig(AppConfig):
    """Pure helpers shared by every app; installed only for its template filters."""

    name = "lib"
