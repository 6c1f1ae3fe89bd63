from django.apps import AppConfig


class SarConfig(AppConfig):
    name = "sar"
    verbose_name = "Subject access requests"

    def ready(self) -> None:
        from .describers import register_describers
        from .home import register_home_queues

        register_home_queues()
        register_describers()

    def load_demo(self, *, agencies: dict[str, object]) -> None:
        """Called by `demo_data` for every app that has one (no import from below)."""
        from .demo import load

        load(agencies=agencies)  # type: ignore[arg-type]
