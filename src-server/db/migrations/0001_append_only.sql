-- What the hub received from stations, its master-data feed and its audit trail are
-- append-only (21 CFR 11.10(e); ALCOA+ original and enduring). The hub has no UPDATE or DELETE
-- for these tables; the trigger refuses them from any other client (psql, a careless script).
-- A database superuser can drop it: the stored hashes, signatures and the countersigned tree
-- heads held by the stations are what catch that.
CREATE FUNCTION batchline_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE TRIGGER master_data_changes_append_only BEFORE UPDATE OR DELETE ON master_data_changes FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hub_audit_append_only BEFORE UPDATE OR DELETE ON hub_audit FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
