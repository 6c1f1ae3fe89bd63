from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = "The exchange between agencies"

    def ready(self) -> None:
        from records import panels
        from sharing.signals import decision_submitted

        from .describers import register_describers
        from .home import register_home_queues
        from .panels import chronology_panel
        from .receivers import on_decision_submitted

        decision_submitted.connect(on_decision_submitted, dispatch_uid="exchange.deliver")
        panels.register(chronology_panel)
        register_describers()
        register_home_queues()

    def load_demo(self, *, agencies: dict[str, object]) -> None:
        """Called by `demo_data` for every app that has one (no import from below)."""
        from .demo import load

        load(agencies=agencies)  # type: ignore[arg-type]
