-- Reconciliation progress per connection: the nightly run marks every active Zoom connection
-- pending; each turn lists a page and stores where it stopped (the window being listed and Zoom's
-- next_page_token), so a backlog larger than one run's page budget is finished by the next run.
ALTER TABLE `connections` ADD `reconcile_pending` integer DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE `connections` ADD `reconcile_window_from` text;
--> statement-breakpoint
ALTER TABLE `connections` ADD `reconcile_window_to` text;
--> statement-breakpoint
ALTER TABLE `connections` ADD `reconcile_page_token` text;
--> statement-breakpoint
-- Webhook events stuck in received/queued are re-enqueued by the */15 cron; it counts its attempts
-- (a permanently broken event ends as failed) and measures the deadline from its last enqueue.
ALTER TABLE `webhook_events` ADD `requeue_count` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `requeued_at` integer;
--> statement-breakpoint
CREATE INDEX `webhook_events_status_received` ON `webhook_events` (`status`,`received_at`);
