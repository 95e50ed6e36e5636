CREATE TABLE "pipeline_watermarks" (
	"pipeline" text PRIMARY KEY NOT NULL,
	"checkpoint" bigint NOT NULL,
	"checkpoint_timestamp_ms" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
