from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def lock_down(*, using: str, **kwargs: Any) -> None:
    """After every migrate: take back what default privileges granted on the log's tables
    (docs/adr/0017). Idempotent; runs as whoever migrated (the owner)."""
    from django.db import connections

    from .tree_sql import NODE_TABLE

    with connections[using].cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [NODE_TABLE])
        if cursor.fetchone()[0]:
            cursor.execute("SELECT audit_lock_down()")


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        post_migrate.connect(lock_down, sender=self, dispatch_uid="audit.lock_down")
