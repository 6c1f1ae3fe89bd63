from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Information-sharing decisions"

    def ready(self) -> None:
        from records import panels

        from .describers import register_describers
        from .panels import decisions_panel
        from .summary import register_summariser

        panels.register(decisions_panel)
        register_describers()
        register_summariser()
