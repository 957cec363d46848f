CREATE TABLE `intake_discards` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`provider` text NOT NULL,
	`reason` text NOT NULL,
	`host_email` text,
	`external_id` text,
	`discarded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `intake_discards_org_time` ON `intake_discards` (`organization_id`,`discarded_at`);--> statement-breakpoint
CREATE TABLE `oauth_states` (
	`state` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`user_id` text NOT NULL,
	`provider` text NOT NULL,
	`code_verifier` text NOT NULL,
	`redirect_after` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `oauth_states_expires` ON `oauth_states` (`expires_at`);--> statement-breakpoint
ALTER TABLE `organizations` ADD `slack_webhook_ciphertext` text;--> statement-breakpoint
ALTER TABLE `organizations` ADD `slack_webhook_iv` text;--> statement-breakpoint
ALTER TABLE `organizations` ADD `slack_webhook_key_version` integer;