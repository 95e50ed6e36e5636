DROP INDEX "blobs_status_idx";--> statement-breakpoint
CREATE INDEX "blobs_status_idx" ON "blobs" USING btree ("status","created_checkpoint","object_id","end_epoch");