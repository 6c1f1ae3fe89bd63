from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Information-sharing agreements"

    def ready(self) -> None:
        from .queues import register_queues

        register_queues()

    def load_demo(self, *, agencies: dict) -> None:  # type: ignore[type-arg]
        from .demo import load

        load(agencies=agencies)
