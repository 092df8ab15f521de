-- FR-109: the console's acknowledgements numbered per station, in the order they were committed
-- (hub_ack_seq, written under a per-station advisory lock), so a station asks for the ones after
-- the number it holds instead of naming every alarm it has open. Existing console
-- acknowledgements are numbered in the order they were given.
ALTER TABLE "alarms" ADD COLUMN "hub_ack_seq" bigint;
--> statement-breakpoint
UPDATE "alarms" AS a SET "hub_ack_seq" = n.rn
  FROM (SELECT "station_id", "alarm_id", row_number() OVER (PARTITION BY "station_id" ORDER BY "acknowledged_at", "alarm_id") AS rn FROM "alarms" WHERE "ack_where" = 'hub') AS n
  WHERE a."station_id" = n."station_id" AND a."alarm_id" = n."alarm_id";
--> statement-breakpoint
CREATE UNIQUE INDEX "alarms_hub_ack_seq" ON "alarms" ("station_id", "hub_ack_seq") WHERE "hub_ack_seq" IS NOT NULL;
