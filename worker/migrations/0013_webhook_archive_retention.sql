-- Archived bodies of ignored events (matched no connection, intake rule, unhandled event) are
-- deleted after UNMATCHED_ARCHIVE_DAYS; the index row stays and records when.
ALTER TABLE `webhook_events` ADD `archive_deleted_at` integer;--> statement-breakpoint
CREATE INDEX `webhook_events_ignored_archives` ON `webhook_events` (`status`,`archive_deleted_at`,`received_at`);
