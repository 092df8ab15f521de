-- Recipe versions under an approval flow (issue 14 items 3-5). Every save of a recipe is a new
-- row of recipe_versions (author, time, content, canonical-JSON SHA-256 of the content); the
-- approval flow is data, versioned in recipe_flows; every signature of a transition is a row of
-- recipe_version_steps (its state after, the quality_signatures row, chained from the content
-- hash). A version's state is its newest step's; nothing is ever updated in place.
CREATE TABLE recipe_flows (
  id bigserial PRIMARY KEY,
  flow_code text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  definition jsonb NOT NULL,
  content_hash text NOT NULL,
  reason text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX recipe_flows_version ON recipe_flows (flow_code, version);
--> statement-breakpoint
CREATE TRIGGER recipe_flows_append_only BEFORE UPDATE OR DELETE ON recipe_flows FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE TABLE recipe_versions (
  id bigserial PRIMARY KEY,
  recipe_code text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  content jsonb NOT NULL,
  content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  schema_version integer NOT NULL,
  based_on integer,
  note text NOT NULL,
  flow_code text NOT NULL,
  flow_version integer NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX recipe_versions_version ON recipe_versions (recipe_code, version);
--> statement-breakpoint
CREATE TABLE recipe_version_steps (
  id bigserial PRIMARY KEY,
  version_id bigint NOT NULL REFERENCES recipe_versions (id),
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
CREATE INDEX recipe_version_steps_version ON recipe_version_steps (version_id, id);
--> statement-breakpoint
CREATE TRIGGER recipe_version_steps_append_only BEFORE UPDATE OR DELETE ON recipe_version_steps FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
-- An effective version never changes, and no stored version's content does (issue 14 item 4):
-- the hub has no UPDATE or DELETE for recipe_versions, and this refuses them from any other
-- client, naming why: effective, content, or (any other column) the history itself.
CREATE FUNCTION batchline_recipe_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  current_state text;
BEGIN
  SELECT s.state_after INTO current_state FROM recipe_version_steps s WHERE s.version_id = OLD.id ORDER BY s.id DESC LIMIT 1;
  IF current_state = 'effective' THEN
    RAISE EXCEPTION 'recipe version %@% is effective and never changes', OLD.recipe_code, OLD.version USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.content IS DISTINCT FROM OLD.content OR NEW.content_hash IS DISTINCT FROM OLD.content_hash OR NEW.schema_version IS DISTINCT FROM OLD.schema_version) THEN
    RAISE EXCEPTION 'the content of recipe version %@% never changes: save a new version', OLD.recipe_code, OLD.version USING ERRCODE = 'insufficient_privilege';
  END IF;
  RAISE EXCEPTION 'recipe_versions is append-only (recipe version %@%)', OLD.recipe_code, OLD.version USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER recipe_versions_guard BEFORE UPDATE OR DELETE ON recipe_versions FOR EACH ROW EXECUTE FUNCTION batchline_recipe_version_guard();
