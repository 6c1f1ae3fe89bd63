"""The audit log's models move here from `records` (docs/adr/0011).

State only: the tables already exist, made by records.0001 and guarded by records.0002.
This migration tells Django they now belong to `audit`; 0002 renames them. Not a single
event is rewritten.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("records", "0003_audit_append_function"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditChainHead",
                    fields=[
                        (
                            "chain",
                            models.CharField(max_length=32, primary_key=True, serialize=False),
                        ),
                        ("seq", models.BigIntegerField()),
                        ("head_hash", models.CharField(max_length=64)),
                    ],
                    options={"db_table": "records_auditchainhead"},
                ),
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("chain", models.CharField(max_length=32)),
                        ("seq", models.BigIntegerField()),
                        ("occurred_at", models.DateTimeField()),
                        ("actor_id", models.BigIntegerField(null=True)),
                        ("actor_username", models.CharField(blank=True, max_length=150)),
                        ("actor_agency_id", models.BigIntegerField(null=True)),
                        ("actor_agency_name", models.CharField(blank=True, max_length=200)),
                        ("actor_role", models.CharField(blank=True, max_length=20)),
                        ("action", models.CharField(max_length=64)),
                        ("object_type", models.CharField(blank=True, max_length=64)),
                        ("object_id", models.CharField(blank=True, max_length=64)),
                        ("case_id", models.BigIntegerField(null=True)),
                        ("payload", models.JSONField(default=dict)),
                        ("request_id", models.CharField(blank=True, max_length=64)),
                        ("ip", models.GenericIPAddressField(null=True)),
                        ("prev_hash", models.CharField(max_length=64)),
                        ("hash", models.CharField(max_length=64)),
                    ],
                    options={
                        "db_table": "records_auditevent",
                        "ordering": ["occurred_at", "id"],
                        "indexes": [
                            models.Index(fields=["case_id", "occurred_at"], name="audit_case_time"),
                            models.Index(
                                fields=["actor_id", "occurred_at"], name="audit_actor_time"
                            ),
                            models.Index(fields=["object_type", "object_id"], name="audit_object"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("chain", "seq"), name="audit_chain_seq_unique"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
