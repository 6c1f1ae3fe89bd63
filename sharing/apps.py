from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Information-sharing decisions"

    def ready(self) -> None:
        from records import panels

        from .describers import register_describers
        from .panels import decisions_panel, my_drafts_panel

        panels.register(decisions_panel)
        panels.register_home(my_drafts_panel)
        register_describers()
