from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = "The exchange between agencies"

    def ready(self) -> None:
        from records import panels

        from .describers import register_describers
        from .panels import chronology_panel

        panels.register(chronology_panel)
        register_describers()
