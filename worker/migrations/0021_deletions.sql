-- Deletion by scope and date range (POST /api/v1/deletions): the audit row gains its targets, its
-- progress counters (counts only, never customer content) and its error; tombstones keep a deleted
-- conversation from coming back through a late webhook or reconciliation; archived webhook bodies
-- name the provider object they are about, so a deletion can find them.
ALTER TABLE `deletion_requests` ADD `target_account_id` text;--> statement-breakpoint
ALTER TABLE `deletion_requests` ADD `target_connection_id` text;--> statement-breakpoint
ALTER TABLE `deletion_requests` ADD `conversations_found` integer;--> statement-breakpoint
ALTER TABLE `deletion_requests` ADD `conversations_deleted` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `deletion_requests` ADD `segments_deleted` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `deletion_requests` ADD `insights_deleted` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `deletion_requests` ADD `participants_deleted` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `deletion_requests` ADD `webhook_events_deleted` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `deletion_requests` ADD `objects_deleted` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `deletion_requests` ADD `error` text;--> statement-breakpoint
ALTER TABLE `deletion_requests` ADD `updated_at` integer;--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `subject_id` text;--> statement-breakpoint
CREATE INDEX `webhook_events_org_subject` ON `webhook_events` (`organization_id`,`provider`,`subject_id`);--> statement-breakpoint
CREATE TABLE `conversation_tombstones` (
	`organization_id` text NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`deletion_id` text NOT NULL,
	`deleted_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `source`, `external_id`)
);
--> statement-breakpoint
-- The safety net under every provider's own check: a deleted conversation cannot be created again,
-- whatever code path tries (the whole batch fails, so nothing is half-written).
CREATE TRIGGER `conversations_not_tombstoned` BEFORE INSERT ON `conversations`
WHEN EXISTS (
  SELECT 1 FROM `conversation_tombstones` t
  WHERE t.organization_id = new.organization_id AND t.source = new.source AND t.external_id = new.external_id
)
BEGIN
  SELECT RAISE(ABORT, 'conversation deleted by an admin (tombstoned)');
END;
