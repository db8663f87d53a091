from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project itself: site-wide views, context and the demo loader that spans every app."""

    name = "config"
    verbose_name = "Tập huấn KH&CN"
