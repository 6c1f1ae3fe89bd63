from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Cases and the audit log"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (sign-in events into the audit log)
        from .queues import register_queues

        register_queues()
