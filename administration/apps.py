from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "administration"
    verbose_name = "Agency administration: members, roles and leavers"

    def ready(self) -> None:
        from .queues import register_queues

        register_queues()

    def load_demo(self, *, agencies: dict[str, object]) -> None:
        """Called by `demo_data` for every app that has one (no import from below)."""
        from .demo import load

        load(agencies=agencies)  # type: ignore[arg-type]
