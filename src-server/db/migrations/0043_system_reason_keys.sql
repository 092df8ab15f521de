-- FR-112: reasons and messages the hub stores for the system (a goods receipt, an IQC sample, a QC
-- disposition or LIMS status of a lot; an IPQC alert's message) keep a code and values beside the
-- English text, so the console words them in the reader's language. Older rows keep only their text.
ALTER TABLE "master_data_changes" ADD COLUMN "reason_key" text;
--> statement-breakpoint
ALTER TABLE "master_data_changes" ADD COLUMN "reason_params" jsonb;
--> statement-breakpoint
ALTER TABLE "ipqc_alerts" ADD COLUMN "message_key" text;
--> statement-breakpoint
ALTER TABLE "ipqc_alerts" ADD COLUMN "message_params" jsonb;
