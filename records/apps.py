from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Cases and the audit log"

    def ready(self) -> None:
        from .queues import register_queues

        register_queues()
