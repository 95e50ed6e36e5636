CREATE TABLE "blobs" (
	"object_id" text PRIMARY KEY NOT NULL,
	"blob_id" text NOT NULL,
	"owner_kind" text NOT NULL,
	"owner" text,
	"size" bigint NOT NULL,
	"encoding_type" smallint NOT NULL,
	"encoded_size" bigint,
	"deletable" boolean NOT NULL,
	"registered_epoch" integer NOT NULL,
	"certified_epoch" integer,
	"storage_id" text,
	"start_epoch" integer NOT NULL,
	"end_epoch" integer NOT NULL,
	"storage_size" numeric(20, 0),
	"status" text NOT NULL,
	"attributes" jsonb,
	"created_checkpoint" bigint NOT NULL,
	"created_tx_digest" text NOT NULL,
	"created_timestamp_ms" bigint NOT NULL,
	"updated_checkpoint" bigint NOT NULL,
	"updated_tx_digest" text NOT NULL,
	CONSTRAINT "blobs_owner_kind_check" CHECK ("blobs"."owner_kind" in ('address', 'object', 'shared', 'immutable', 'shared_blob', 'wrapped', 'unknown')),
	CONSTRAINT "blobs_status_check" CHECK ("blobs"."status" in ('registered', 'certified', 'deleted', 'expired', 'burned'))
);
--> statement-breakpoint
CREATE TABLE "committee_members" (
	"epoch" integer NOT NULL,
	"node_id" text NOT NULL,
	"shard_indices" integer[] NOT NULL,
	"weight" integer NOT NULL,
	CONSTRAINT "committee_members_epoch_node_id_pk" PRIMARY KEY("epoch","node_id")
);
--> statement-breakpoint
CREATE TABLE "epochs" (
	"epoch" integer PRIMARY KEY NOT NULL,
	"state" text,
	"change_started_timestamp_ms" bigint,
	"change_started_checkpoint" bigint,
	"change_done_timestamp_ms" bigint,
	"next_params_selected_timestamp_ms" bigint,
	"sync_weight" integer,
	"total_capacity_size" numeric(20, 0),
	"used_capacity_size" numeric(20, 0),
	"storage_price_per_unit_size" numeric(20, 0),
	"write_price_per_unit_size" numeric(20, 0),
	"n_shards" integer,
	CONSTRAINT "epochs_state_check" CHECK ("epochs"."state" in ('epoch_change_sync', 'epoch_change_done', 'next_params_selected'))
);
--> statement-breakpoint
CREATE TABLE "invalid_blob_ids" (
	"blob_id" text PRIMARY KEY NOT NULL,
	"epoch" integer NOT NULL,
	"checkpoint" bigint NOT NULL,
	"tx_digest" text NOT NULL,
	"timestamp_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pool_exchange_rates" (
	"node_id" text NOT NULL,
	"epoch" integer NOT NULL,
	"wal_amount" numeric(39, 0),
	"share_amount" numeric(39, 0),
	CONSTRAINT "pool_exchange_rates_node_id_epoch_pk" PRIMARY KEY("node_id","epoch")
);
--> statement-breakpoint
CREATE TABLE "staked_wals" (
	"object_id" text PRIMARY KEY NOT NULL,
	"owner_kind" text NOT NULL,
	"owner" text,
	"node_id" text NOT NULL,
	"principal" bigint NOT NULL,
	"state" text NOT NULL,
	"activation_epoch" integer NOT NULL,
	"withdraw_epoch" integer,
	"created_checkpoint" bigint NOT NULL,
	"created_tx_digest" text NOT NULL,
	"updated_checkpoint" bigint NOT NULL,
	"updated_tx_digest" text NOT NULL,
	CONSTRAINT "staked_wals_owner_kind_check" CHECK ("staked_wals"."owner_kind" in ('address', 'object', 'shared', 'immutable', 'shared_blob', 'wrapped', 'unknown')),
	CONSTRAINT "staked_wals_state_check" CHECK ("staked_wals"."state" in ('staked', 'withdrawing', 'withdrawn', 'merged'))
);
--> statement-breakpoint
CREATE TABLE "staking_state" (
	"object_id" text PRIMARY KEY NOT NULL,
	"version" bigint,
	"package_id" text,
	"new_package_id" text,
	"n_shards" integer,
	"epoch_duration_ms" bigint,
	"first_epoch_start_ms" bigint,
	"epoch" integer,
	"epoch_state" text,
	"epoch_state_value" bigint,
	"next_committee" jsonb,
	"next_epoch_capacity" numeric(20, 0),
	"updated_checkpoint" bigint NOT NULL,
	CONSTRAINT "staking_state_epoch_state_check" CHECK ("staking_state"."epoch_state" in ('epoch_change_sync', 'epoch_change_done', 'next_params_selected'))
);
--> statement-breakpoint
CREATE TABLE "storage_nodes" (
	"node_id" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"withdrawing_epoch" integer,
	"name" text NOT NULL,
	"network_address" text NOT NULL,
	"public_key" text NOT NULL,
	"next_epoch_public_key" text,
	"network_public_key" text NOT NULL,
	"metadata_field_id" text NOT NULL,
	"image_url" text,
	"project_url" text,
	"description" text,
	"extra_fields" jsonb,
	"storage_price_vote" numeric(20, 0) NOT NULL,
	"write_price_vote" numeric(20, 0) NOT NULL,
	"node_capacity_vote" numeric(20, 0) NOT NULL,
	"commission_rate" integer NOT NULL,
	"pending_commission_rates" jsonb NOT NULL,
	"commission" bigint NOT NULL,
	"commission_receiver_kind" text NOT NULL,
	"commission_receiver" text NOT NULL,
	"governance_authorized_kind" text NOT NULL,
	"governance_authorized" text NOT NULL,
	"activation_epoch" integer NOT NULL,
	"latest_epoch" integer NOT NULL,
	"wal_balance" bigint NOT NULL,
	"num_shares" bigint NOT NULL,
	"rewards_pool" bigint NOT NULL,
	"pending_stake" jsonb NOT NULL,
	"pending_shares_withdraw" jsonb NOT NULL,
	"pre_active_withdrawals" jsonb NOT NULL,
	"exchange_rates_id" text NOT NULL,
	"created_checkpoint" bigint NOT NULL,
	"updated_checkpoint" bigint NOT NULL,
	"updated_tx_digest" text NOT NULL,
	CONSTRAINT "storage_nodes_state_check" CHECK ("storage_nodes"."state" in ('active', 'withdrawing', 'withdrawn')),
	CONSTRAINT "storage_nodes_commission_receiver_kind_check" CHECK ("storage_nodes"."commission_receiver_kind" in ('address', 'object')),
	CONSTRAINT "storage_nodes_governance_authorized_kind_check" CHECK ("storage_nodes"."governance_authorized_kind" in ('address', 'object'))
);
--> statement-breakpoint
CREATE TABLE "system_state" (
	"object_id" text PRIMARY KEY NOT NULL,
	"version" bigint,
	"package_id" text,
	"new_package_id" text,
	"epoch" integer,
	"n_shards" integer,
	"total_capacity_size" numeric(20, 0),
	"used_capacity_size" numeric(20, 0),
	"storage_price_per_unit_size" numeric(20, 0),
	"write_price_per_unit_size" numeric(20, 0),
	"max_epochs_ahead" integer,
	"future_accounting" jsonb,
	"updated_checkpoint" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "blobs_blob_id_idx" ON "blobs" USING btree ("blob_id");--> statement-breakpoint
CREATE INDEX "blobs_owner_idx" ON "blobs" USING btree ("owner","created_checkpoint","object_id");--> statement-breakpoint
CREATE INDEX "blobs_created_idx" ON "blobs" USING btree ("created_checkpoint","object_id");--> statement-breakpoint
CREATE INDEX "blobs_status_idx" ON "blobs" USING btree ("status","created_checkpoint","object_id");--> statement-breakpoint
CREATE INDEX "blobs_size_idx" ON "blobs" USING btree ("size","object_id");--> statement-breakpoint
CREATE INDEX "blobs_registered_epoch_idx" ON "blobs" USING btree ("registered_epoch","object_id");--> statement-breakpoint
CREATE INDEX "blobs_end_epoch_idx" ON "blobs" USING btree ("end_epoch","object_id");--> statement-breakpoint
CREATE INDEX "blobs_attributes_idx" ON "blobs" USING gin ("attributes");--> statement-breakpoint
CREATE INDEX "committee_members_node_idx" ON "committee_members" USING btree ("node_id","epoch");--> statement-breakpoint
CREATE INDEX "staked_wals_owner_idx" ON "staked_wals" USING btree ("owner","object_id");