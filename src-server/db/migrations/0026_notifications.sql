-- Notifications (issue 13 item 6): channels (DingTalk and WeCom group robots, e-mail lists), who
-- hears of which event (rules: event × role → channel), the delivery outbox (each message once
-- per audit entry and channel, retried, its outcome recorded) and the cursor over the hub audit
-- trail from which notifications are raised (so a restart neither loses nor repeats one).
CREATE TABLE notify_channels (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('dingtalk', 'wecom', 'email')),
  name text NOT NULL,
  lang text NOT NULL CHECK (lang IN ('en', 'zh-CN')),
  config jsonb NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE TABLE notify_rules (
  id bigserial PRIMARY KEY,
  event text NOT NULL,
  role text NOT NULL,
  channel_id bigint NOT NULL REFERENCES notify_channels (id),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX notify_rules_unique ON notify_rules (event, role, channel_id);
--> statement-breakpoint
CREATE TABLE notify_deliveries (
  id bigserial PRIMARY KEY,
  event text NOT NULL,
  audit_id bigint,
  subject text NOT NULL,
  channel_id bigint NOT NULL REFERENCES notify_channels (id),
  role text NOT NULL,
  lang text NOT NULL CHECK (lang IN ('en', 'zh-CN')),
  title text NOT NULL,
  body jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  next_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
--> statement-breakpoint
CREATE UNIQUE INDEX notify_deliveries_once ON notify_deliveries (audit_id, channel_id);
--> statement-breakpoint
CREATE INDEX notify_deliveries_due ON notify_deliveries (status, next_at);
--> statement-breakpoint
CREATE TABLE notify_cursor (
  name text PRIMARY KEY,
  last_audit_id bigint NOT NULL
);
--> statement-breakpoint
-- The overdue sweep asks, every pass, which escalation levels were already written for a record.
CREATE INDEX hub_audit_action_subject ON hub_audit (action, subject);
--> statement-breakpoint
-- Start from now: what happened before notifications existed is not pushed to anyone.
INSERT INTO notify_cursor (name, last_audit_id) SELECT 'audit', coalesce(max(id), 0) FROM hub_audit;
