-- Both acknowledgements of an alarm (issue 13 gap 2): one acknowledged in the console and at its
-- station before either heard of the other keeps the second one here, beside the first
-- (acknowledged_at/_by, ack_comment, ack_where), instead of dropping it.
ALTER TABLE "alarms" ADD COLUMN "other_ack" jsonb;
