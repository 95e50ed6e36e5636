CREATE TABLE "events" (
	"tx_digest" text NOT NULL,
	"event_index" integer NOT NULL,
	"checkpoint" bigint NOT NULL,
	"tx_index" integer NOT NULL,
	"timestamp_ms" bigint NOT NULL,
	"sender" text NOT NULL,
	"event_type" text NOT NULL,
	"type_name" text NOT NULL,
	"bcs" "bytea" NOT NULL,
	"json" jsonb,
	CONSTRAINT "events_pkey" PRIMARY KEY("tx_digest","event_index")
);
--> statement-breakpoint
CREATE INDEX "events_checkpoint_idx" ON "events" USING btree ("checkpoint","tx_index","event_index");--> statement-breakpoint
CREATE INDEX "events_type_name_idx" ON "events" USING btree ("type_name","checkpoint");--> statement-breakpoint
CREATE INDEX "events_sender_idx" ON "events" USING btree ("sender","checkpoint");