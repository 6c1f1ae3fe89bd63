"""The audit log's models now belong to the `audit` app (audit.0001): state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0003_audit_append_function"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditEvent"),
                migrations.DeleteModel(name="AuditChainHead"),
            ],
            database_operations=[],
        ),
    ]
