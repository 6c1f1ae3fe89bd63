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

    def load_demo(self, *, agencies: dict[str, object]) -> None:
        """Called by `demo_data` for every app that has one (no import from below)."""
        from .demo import load

        load(agencies=agencies)  # type: ignore[arg-type]
