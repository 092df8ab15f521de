-- Retention, purge and the archive register (issue 11: P11-04, P11-07, A11-27, D25-11).
--
-- retention_policies: how long each record type is kept after its batch completed; the
-- configuration QA changes (audited), never code. A purge is only ever of a whole batch record:
-- its ledger entries (which ARE its audit trail) and the hub's signatures of it go together, or
-- nothing goes (P11-07: the audit trail is never purged separately from its record).
CREATE TABLE retention_policies (
  record_type text PRIMARY KEY,
  retention_days integer NOT NULL CHECK (retention_days > 0),
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL,
  reason text NOT NULL
);
--> statement-breakpoint
-- 5 years after completion: EU GMP chapter 4.10 (at least 1 year after expiry, or 5 years after
-- QP certification, whichever is longer); a site sets its own per predicate rule.
INSERT INTO retention_policies (record_type, retention_days, changed_by, changed_at, reason)
VALUES ('batch-record', 1827, 'migration 0008', now(), 'default: 5 years after completion (EU GMP Chapter 4.10)');
--> statement-breakpoint
-- Every evidence packet the hub wrote, where it went and its SHA-256 (the "archive location").
CREATE TABLE archive_register (
  id bigserial PRIMARY KEY,
  batch_number text NOT NULL,
  station_id text NOT NULL,
  packet_sha256 text NOT NULL,
  format_version integer NOT NULL,
  bytes integer NOT NULL,
  entries integer NOT NULL,
  record_hash text NOT NULL,
  location text NOT NULL,
  written_by text NOT NULL,
  written_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE INDEX archive_register_batch ON archive_register (batch_number, id);
--> statement-breakpoint
-- The packet bytes (base64) the hub keeps, readable back and checked against the register.
CREATE TABLE archive_packets (
  register_id bigint PRIMARY KEY REFERENCES archive_register (id),
  packet text NOT NULL
);
--> statement-breakpoint
-- A purge: asked by one person, approved by QA with an e-signature, and its record kept for good.
CREATE TABLE purge_requests (
  id text PRIMARY KEY,
  batch_number text NOT NULL,
  record_type text NOT NULL,
  reason text NOT NULL,
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL,
  retention_ends_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'purged')),
  approved_by text,
  approved_at timestamptz,
  approval jsonb,
  content_hash text,
  entries integer,
  packet_sha256 text
);
--> statement-breakpoint
-- The tombstones: which entries a purge removed, with their hashes, so every station's chain at
-- the hub stays provable across the gap and the purged content is named by its hash forever.
CREATE TABLE purged_entries (
  station_id text NOT NULL,
  seq bigint NOT NULL,
  hash text NOT NULL,
  purge_id text NOT NULL REFERENCES purge_requests (id),
  PRIMARY KEY (station_id, seq)
);
--> statement-breakpoint
CREATE TRIGGER archive_register_append_only BEFORE UPDATE OR DELETE ON archive_register FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE TRIGGER purged_entries_append_only BEFORE UPDATE OR DELETE ON purged_entries FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
-- A purge request changes once (pending -> purged) and is never deleted.
CREATE FUNCTION batchline_purge_request_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'pending' AND NEW.status = 'purged' AND NEW.id = OLD.id AND NEW.batch_number = OLD.batch_number THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'purge_requests: a purge record is kept as it was (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER purge_requests_once BEFORE UPDATE OR DELETE ON purge_requests FOR EACH ROW EXECUTE FUNCTION batchline_purge_request_once();
--> statement-breakpoint
-- The ledger stays append-only except for one thing: deleting an entry whose tombstone an
-- approved purge wrote (same station, seq and hash). Everything else is still refused.
CREATE FUNCTION batchline_ledger_refuse_unless_purged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (
    SELECT 1 FROM purged_entries p JOIN purge_requests r ON r.id = p.purge_id AND r.status = 'purged'
    WHERE p.station_id = OLD.station_id AND p.seq = OLD.seq AND p.hash = OLD.hash
  ) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
DROP TRIGGER ledger_entries_append_only ON ledger_entries;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION batchline_ledger_refuse_unless_purged();
--> statement-breakpoint
-- The hub's own signatures of a purged batch go with it, and only with it.
CREATE FUNCTION batchline_signatures_refuse_unless_purged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM purge_requests r WHERE r.batch_number = OLD.batch_number AND r.status = 'purged') THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
DROP TRIGGER quality_signatures_append_only ON quality_signatures;
--> statement-breakpoint
CREATE TRIGGER quality_signatures_append_only BEFORE UPDATE OR DELETE ON quality_signatures FOR EACH ROW EXECUTE FUNCTION batchline_signatures_refuse_unless_purged();
--> statement-breakpoint
-- The hub's copy of a packet goes only with its purged batch; the register row stays.
CREATE FUNCTION batchline_packets_refuse_unless_purged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (
    SELECT 1 FROM archive_register a JOIN purge_requests r ON r.batch_number = a.batch_number AND r.status = 'purged' WHERE a.id = OLD.register_id
  ) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER archive_packets_append_only BEFORE UPDATE OR DELETE ON archive_packets FOR EACH ROW EXECUTE FUNCTION batchline_packets_refuse_unless_purged();
