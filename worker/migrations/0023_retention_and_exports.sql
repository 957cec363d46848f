-- Retention (issue 13): an optional transcript retention period and an archive retention period per
-- organization, enforced by the nightly cron as a deletion of scope "retention" (the deletion
-- machinery removes each conversation completely; the audit row counts what went). Archives past
-- their period lose their raw body like 0013's ignored ones (archive_deleted_at); the index row stays.
ALTER TABLE `organizations` ADD `transcript_retention_days` integer;--> statement-breakpoint
ALTER TABLE `organizations` ADD `archive_retention_days` integer;--> statement-breakpoint
ALTER TABLE `deletion_requests` ADD `archives_before` integer;--> statement-breakpoint
ALTER TABLE `deletion_requests` ADD `archives_expired` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Export (issue 13): an admin's JSON Lines archive of an account or the whole organization, written to
-- R2 a part per queued step; the row is the progress (phase, keyset cursor, lines per kind).
CREATE TABLE `data_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`requested_by_user_id` text NOT NULL,
	`scope` text NOT NULL,
	`target_account_id` text,
	`status` text NOT NULL,
	`phase` text NOT NULL,
	`cursor` text,
	`parts` integer DEFAULT 0 NOT NULL,
	`counts` text DEFAULT '{}' NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE INDEX `data_exports_org_created` ON `data_exports` (`organization_id`,`created_at`);
