from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Agencies and people"

    def ready(self) -> None:
        from audit.events import register_actor_resolver

        from .permissions import audit_actor

        # The audit log records each actor's agency and role, which only this app knows.
        register_actor_resolver(audit_actor)
