"""What the database itself refuses, whatever the application (or a session) asks.

Plain PostgreSQL triggers, installed by migrations records.0002 and sharing.0002. They
replace django-pgtrigger's Protect triggers, whose functions skip themselves when a
session sets `pgtrigger.ignore` (any session can), so they could be talked out of
refusing. These have no such switch: only the table owner turning a trigger off with
ALTER TABLE (itself visible in PostgreSQL's logs) or a superuser gets past them, and the
hash chain shows what such a person changed (docs/adr/0003).
"""

REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'refused: % on % is not allowed (%)', TG_OP, TG_TABLE_NAME, TG_ARGV[0]
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
"""

HEAD_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_head_only_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.chain <> OLD.chain OR NEW.seq < OLD.seq THEN
        RAISE EXCEPTION 'refused: an audit chain head only moves forward (%)', OLD.chain
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
"""

AUDIT_GUARDS = (
    REFUSE_FUNCTION
    + HEAD_FUNCTION
    + """
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON records_auditevent
    FOR EACH ROW EXECUTE FUNCTION refuse_change('the audit log is append-only');
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON records_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('the audit log is append-only');
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON records_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION audit_head_only_forward();
CREATE TRIGGER audit_head_kept BEFORE DELETE ON records_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION refuse_change('audit chain heads are kept');
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON records_auditchainhead
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('audit chain heads are kept');
"""
)

DROP_AUDIT_GUARDS = """
DROP TRIGGER IF EXISTS audit_append_only ON records_auditevent;
DROP TRIGGER IF EXISTS audit_no_truncate ON records_auditevent;
DROP TRIGGER IF EXISTS audit_head_forward ON records_auditchainhead;
DROP TRIGGER IF EXISTS audit_head_kept ON records_auditchainhead;
DROP TRIGGER IF EXISTS audit_head_no_truncate ON records_auditchainhead;
DROP FUNCTION IF EXISTS audit_head_only_forward();
"""

SHARING_GUARDS = """
CREATE TRIGGER submitted_decision_is_final BEFORE UPDATE OR DELETE ON sharing_decision
    FOR EACH ROW WHEN (OLD.status = 'submitted')
    EXECUTE FUNCTION refuse_change('a submitted decision is final: record an amendment');
CREATE TRIGGER disclosure_is_final BEFORE UPDATE OR DELETE ON sharing_disclosure
    FOR EACH ROW EXECUTE FUNCTION refuse_change('a disclosure record is final');
"""

DROP_SHARING_GUARDS = """
DROP TRIGGER IF EXISTS submitted_decision_is_final ON sharing_decision;
DROP TRIGGER IF EXISTS disclosure_is_final ON sharing_disclosure;
"""

# The tables whose user triggers the test suite turns off to simulate tampering, or to
# let Django's flush empty the database between transactional tests.
GUARDED_TABLES = (
    "records_auditevent",
    "records_auditchainhead",
    "sharing_decision",
    "sharing_disclosure",
)
