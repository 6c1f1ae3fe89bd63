"""Each decision carries its case's agency (docs/adr/0037), so that the decision log and
the lead officer's queues read one agency's decisions from indexes that lead on it.

Submitted decisions are final (0002's trigger refuses to change them), so the backfill
lifts that guard for its one statement, as the owner that runs migrations, and puts it
back in the same transaction. From then on a trigger sets the column from the case on
every insert and refuses any other value: it cannot drift from the case.
"""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = r"""
ALTER TABLE sharing_decision DISABLE TRIGGER submitted_decision_is_final;
UPDATE sharing_decision d SET agency_id = c.agency_id
    FROM records_case c WHERE c.id = d.case_id;
ALTER TABLE sharing_decision ENABLE TRIGGER submitted_decision_is_final;
"""

AGENCY_FROM_CASE = r"""
CREATE FUNCTION decision_agency_from_case() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    case_agency bigint;
BEGIN
    SELECT agency_id INTO case_agency FROM records_case WHERE id = NEW.case_id;
    IF NEW.agency_id IS NULL THEN
        NEW.agency_id := case_agency;
    ELSIF NEW.agency_id IS DISTINCT FROM case_agency THEN
        RAISE EXCEPTION 'a decision belongs to its case''s agency';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER decision_agency_is_the_case_agency
    BEFORE INSERT OR UPDATE OF case_id, agency_id ON sharing_decision
    FOR EACH ROW EXECUTE FUNCTION decision_agency_from_case();
"""

DROP_AGENCY_FROM_CASE = r"""
DROP TRIGGER IF EXISTS decision_agency_is_the_case_agency ON sharing_decision;
DROP FUNCTION IF EXISTS decision_agency_from_case();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("sharing", "0004_decision_typed_pages_and_tell_person_follow_up"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="agency",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agencies.agency",
            ),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="decision",
            name="agency",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agencies.agency",
            ),
        ),
        migrations.RunSQL(AGENCY_FROM_CASE, reverse_sql=DROP_AGENCY_FROM_CASE),
        migrations.RemoveIndex(model_name="decision", name="decision_log_submitted"),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(
                condition=models.Q(("status", "submitted")),
                fields=["agency", "-submitted_at", "-created_at", "-id"],
                include=("needs_review", "outcome"),
                name="decision_log_submitted",
            ),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(
                fields=["agency", "-submitted_at", "-created_at", "-id"],
                include=("status", "needs_review", "outcome"),
                name="decision_log_all",
            ),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(
                condition=models.Q(("needs_review", True), ("status", "submitted")),
                fields=["agency", "submitted_at"],
                name="decision_flagged",
            ),
        ),
    ]
