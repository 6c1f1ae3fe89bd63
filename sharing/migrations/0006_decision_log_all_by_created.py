""" "Status: all" is read in the order decisions were started: its index says so
(docs/performance.md, 3 December 2026)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("sharing", "0005_decision_agency")]

    operations = [
        migrations.RemoveIndex(
            model_name="decision",
            name="decision_log_all",
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(
                fields=["agency", "-created_at", "-id"],
                include=("status", "needs_review", "outcome"),
                name="decision_log_all",
            ),
        ),
    ]
