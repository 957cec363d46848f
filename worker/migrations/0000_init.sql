CREATE TABLE `account_domains` (
	`organization_id` text NOT NULL,
	`domain` text NOT NULL,
	`account_id` text NOT NULL,
	PRIMARY KEY(`organization_id`, `domain`)
);
--> statement-breakpoint
CREATE INDEX `account_domains_account` ON `account_domains` (`organization_id`,`account_id`);--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`normalized_name` text NOT NULL,
	`salesforce_id` text,
	`hubspot_id` text,
	`lead_source` text,
	`owner_user_id` text,
	`last_activity_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `accounts_org_activity` ON `accounts` (`organization_id`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `accounts_org_name` ON `accounts` (`organization_id`,`normalized_name`);--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_org_salesforce` ON `accounts` (`organization_id`,`salesforce_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_org_hubspot` ON `accounts` (`organization_id`,`hubspot_id`);--> statement-breakpoint
CREATE INDEX `accounts_org_owner` ON `accounts` (`organization_id`,`owner_user_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`account_id` text,
	`name` text NOT NULL,
	`email` text,
	`phone` text,
	`title` text,
	`side` text NOT NULL,
	`last_interaction_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_org_email` ON `contacts` (`organization_id`,`email`);--> statement-breakpoint
CREATE INDEX `contacts_org_account` ON `contacts` (`organization_id`,`account_id`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`title` text NOT NULL,
	`started_at` integer NOT NULL,
	`duration_seconds` integer,
	`host_user_id` text,
	`host_email` text,
	`account_id` text,
	`routing` text DEFAULT 'unassigned' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`transcript_key` text,
	`transcript_hash` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_org_source_external` ON `conversations` (`organization_id`,`source`,`external_id`);--> statement-breakpoint
CREATE INDEX `conversations_org_account_started` ON `conversations` (`organization_id`,`account_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `conversations_org_host_started` ON `conversations` (`organization_id`,`host_user_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `insights` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`account_id` text,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`quote` text,
	`segment_id` integer,
	`start_ms` integer,
	`confidence` real,
	`data` text,
	`analyzer` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `insights_org_account_kind_time` ON `insights` (`organization_id`,`account_id`,`kind`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `insights_org_conversation` ON `insights` (`organization_id`,`conversation_id`);--> statement-breakpoint
CREATE TABLE `participants` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`side` text NOT NULL,
	`contact_id` text,
	`user_id` text,
	`joined_at` integer,
	`left_at` integer
);
--> statement-breakpoint
CREATE INDEX `participants_org_conversation` ON `participants` (`organization_id`,`conversation_id`);--> statement-breakpoint
CREATE TABLE `transcript_segments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`seq` integer NOT NULL,
	`speaker` text,
	`start_ms` integer NOT NULL,
	`end_ms` integer NOT NULL,
	`text` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transcript_segments_conversation_seq` ON `transcript_segments` (`organization_id`,`conversation_id`,`seq`);--> statement-breakpoint
CREATE TABLE `connections` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`provider` text NOT NULL,
	`scope` text NOT NULL,
	`user_id` text,
	`external_account_id` text,
	`external_user_id` text,
	`status` text NOT NULL,
	`credentials_ciphertext` text,
	`credentials_iv` text,
	`key_version` integer,
	`sync_cursor` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `connections_org_provider` ON `connections` (`organization_id`,`provider`);--> statement-breakpoint
CREATE INDEX `connections_provider_external_account` ON `connections` (`provider`,`external_account_id`);--> statement-breakpoint
CREATE TABLE `deletion_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`requested_by_user_id` text NOT NULL,
	`scope` text NOT NULL,
	`from_at` integer,
	`to_at` integer,
	`target_user_id` text,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE INDEX `deletion_requests_org_created` ON `deletion_requests` (`organization_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `failed_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text,
	`job_type` text NOT NULL,
	`payload` text NOT NULL,
	`reason` text NOT NULL,
	`attempts` integer NOT NULL,
	`created_at` integer NOT NULL,
	`replayed_at` integer
);
--> statement-breakpoint
CREATE INDEX `failed_jobs_org_created` ON `failed_jobs` (`organization_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text,
	`provider` text NOT NULL,
	`event_type` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`r2_key` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_events_provider_dedupe` ON `webhook_events` (`provider`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `webhook_events_org_received` ON `webhook_events` (`organization_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`token_prefix` text NOT NULL,
	`label` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_org_user` ON `api_tokens` (`organization_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `configuration_profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`transcript_intake` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `configuration_profiles_org_name` ON `configuration_profiles` (`organization_id`,`name`);--> statement-breakpoint
CREATE TABLE `organization_domains` (
	`organization_id` text NOT NULL,
	`domain` text NOT NULL,
	PRIMARY KEY(`organization_id`, `domain`)
);
--> statement-breakpoint
CREATE TABLE `organizations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`registered_users_only` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`profile_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_org_email` ON `users` (`organization_id`,`email`);--> statement-breakpoint
CREATE INDEX `users_org_profile` ON `users` (`organization_id`,`profile_id`);