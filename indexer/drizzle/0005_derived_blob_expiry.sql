-- Expiry is derived at read time from the current epoch (walrus/blob-status.ts); blobs stored as expired go back
-- to the status they had before their end epoch, so the new check holds for every row.
ALTER TABLE "blobs" DROP CONSTRAINT "blobs_status_check";--> statement-breakpoint
UPDATE "blobs" SET "status" = CASE WHEN "certified_epoch" IS NULL THEN 'registered' ELSE 'certified' END WHERE "status" = 'expired';--> statement-breakpoint
DROP INDEX "blobs_live_end_epoch_idx";--> statement-breakpoint
ALTER TABLE "blobs" ADD CONSTRAINT "blobs_status_check" CHECK ("blobs"."status" in ('registered', 'certified', 'deleted', 'burned'));
