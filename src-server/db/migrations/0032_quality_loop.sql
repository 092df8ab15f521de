-- The quality loop's gaps (issue 12). An IPQC result a station synced becomes one SPC measurement
-- of its product and check, named by the station entry it came from, so re-projecting the IPQC
-- results never records it twice. An OQC result out of specification opens one OOS record,
-- named by that result. A sample taken for incoming inspection is the sampler's e-signature
-- ("performed"): the sample row names the signature and the step hash it covers.
ALTER TABLE "quality_spc_measurements" ADD COLUMN "source_station_id" text;
--> statement-breakpoint
ALTER TABLE "quality_spc_measurements" ADD COLUMN "source_seq" bigint;
--> statement-breakpoint
CREATE UNIQUE INDEX "quality_spc_measurements_station_entry" ON "quality_spc_measurements" USING btree ("source_station_id","source_seq") WHERE "source_station_id" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "quality_deviations" ADD COLUMN "source_result_id" text;
--> statement-breakpoint
CREATE UNIQUE INDEX "quality_deviations_source_result" ON "quality_deviations" USING btree ("source_result_id") WHERE "source_result_id" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "iqc_samples" ADD COLUMN "signature_id" bigint;
--> statement-breakpoint
ALTER TABLE "iqc_samples" ADD COLUMN "hash" text;
