from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "administration"
    verbose_name = "Agency administration: members, roles and leavers"

    def ready(self) -> None:
        from .queues import register_queues

        register_queues()
