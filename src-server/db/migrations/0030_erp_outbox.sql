-- ERP out (issue 15 item 5): the B2MML messages sent back to the ERP after each order — material
-- consumption and production performance — in an outbox that survives a hub restart: one row per
-- (batch, message kind), its message id (the idempotency key the endpoint sees as a header and
-- inside the document), the document as validated, every attempt's outcome, and a claim (token
-- and lease) so that of two hub processes only one sends a message at a time.
CREATE TABLE erp_messages (
  id bigserial PRIMARY KEY,
  message_id text NOT NULL UNIQUE,
  batch_number text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('consumption', 'performance')),
  erp_order_id text,
  -- pending: waiting to go (or to be retried); sent: the endpoint acknowledged it; failed: given up
  -- after the last attempt; invalid: the document failed validation and is never sent.
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'invalid')),
  document text NOT NULL,
  document_sha256 text NOT NULL,
  problems jsonb,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  last_http_status integer,
  next_at timestamptz NOT NULL,
  claim_token text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
--> statement-breakpoint
CREATE UNIQUE INDEX erp_messages_once ON erp_messages (batch_number, kind);
--> statement-breakpoint
CREATE INDEX erp_messages_due ON erp_messages (status, next_at);
--> statement-breakpoint
-- The batches ERP out has looked at: a complete batch is raised once (its messages queued, or
-- recorded as invalid) and never again, whatever hub process or restart comes next.
CREATE TABLE erp_batches (
  batch_number text PRIMARY KEY,
  outcome text NOT NULL CHECK (outcome IN ('queued', 'invalid', 'before-erp-out')),
  considered_at timestamptz NOT NULL
);
--> statement-breakpoint
-- Start from now: orders completed before ERP out existed were booked in the ERP some other way.
INSERT INTO erp_batches (batch_number, outcome, considered_at) SELECT batch_number, 'before-erp-out', now() FROM quality_batches WHERE status = 'complete';
