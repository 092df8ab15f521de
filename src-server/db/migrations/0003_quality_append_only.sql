-- Signatures made at the hub (QA review, deviation closure, QP decision) and the output lots
-- recorded for batches are original GMP records: append-only like the hub audit trail
-- (21 CFR 11.10(e); migration 0001 defines batchline_refuse_change).
CREATE TRIGGER quality_signatures_append_only BEFORE UPDATE OR DELETE ON quality_signatures FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE TRIGGER batch_output_lots_append_only BEFORE UPDATE OR DELETE ON batch_output_lots FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
-- An administrator holds no GMP role (21 CFR 11.200(a)(3)): the hub refuses such an account
-- (quality-roles.ts); this constraint holds even against a hand-edited row.
ALTER TABLE hub_users ADD CONSTRAINT hub_users_admin_holds_no_gmp_role CHECK (NOT (roles ? 'admin' AND roles ?| array['qa', 'qp']));
