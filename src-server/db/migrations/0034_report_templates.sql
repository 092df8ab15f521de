-- Report templates (issue 14 item 6) and signed approval-flow changes (issue 14, recipe-flow gap).
-- A change of an approval flow definition is an e-signature: each new row of recipe_flows (the
-- table keeps every flow the hub interprets: the recipe flow and the report-template flow) names
-- the quality_signatures row and the hash it signed. Rows written before carry neither.
ALTER TABLE recipe_flows ADD COLUMN signature_id bigint;
--> statement-breakpoint
ALTER TABLE recipe_flows ADD COLUMN hash text;
--> statement-breakpoint
-- Every save of a template is a new row (content, canonical-JSON SHA-256, author, time, the flow
-- it moves through); every signature of a transition is a row of report_template_steps. Nothing
-- is updated in place; an effective version is refused any change by the guard below.
CREATE TABLE report_template_versions (
  id bigserial PRIMARY KEY,
  template_code text NOT NULL CHECK (template_code IN ('batch-record', 'container-label')),
  version integer NOT NULL CHECK (version > 0),
  content jsonb NOT NULL,
  content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  based_on integer,
  note text NOT NULL,
  flow_code text NOT NULL,
  flow_version integer NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX report_template_versions_version ON report_template_versions (template_code, version);
--> statement-breakpoint
CREATE TABLE report_template_steps (
  id bigserial PRIMARY KEY,
  version_id bigint NOT NULL REFERENCES report_template_versions (id),
  transition text NOT NULL,
  role text NOT NULL,
  state_after text NOT NULL CHECK (state_after IN ('draft', 'reviewed', 'approved', 'effective', 'retired')),
  data jsonb NOT NULL,
  hash text NOT NULL,
  signature_id bigint NOT NULL,
  username text NOT NULL,
  recorded_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE INDEX report_template_steps_version ON report_template_steps (version_id, id);
--> statement-breakpoint
CREATE TRIGGER report_template_steps_append_only BEFORE UPDATE OR DELETE ON report_template_steps FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE FUNCTION batchline_report_template_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  current_state text;
BEGIN
  SELECT s.state_after INTO current_state FROM report_template_steps s WHERE s.version_id = OLD.id ORDER BY s.id DESC LIMIT 1;
  IF current_state = 'effective' THEN
    RAISE EXCEPTION 'report template %@% is effective and never changes', OLD.template_code, OLD.version USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.content IS DISTINCT FROM OLD.content OR NEW.content_hash IS DISTINCT FROM OLD.content_hash) THEN
    RAISE EXCEPTION 'the content of report template %@% never changes: save a new version', OLD.template_code, OLD.version USING ERRCODE = 'insufficient_privilege';
  END IF;
  RAISE EXCEPTION 'report_template_versions is append-only (report template %@%)', OLD.template_code, OLD.version USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER report_template_versions_guard BEFORE UPDATE OR DELETE ON report_template_versions FOR EACH ROW EXECUTE FUNCTION batchline_report_template_guard();
