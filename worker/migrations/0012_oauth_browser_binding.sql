ALTER TABLE `oauth_states` ADD `begin_ticket_hash` text;--> statement-breakpoint
ALTER TABLE `oauth_states` ADD `browser_binding_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `oauth_states_begin_ticket` ON `oauth_states` (`begin_ticket_hash`);--> statement-breakpoint
ALTER TABLE `organizations` ADD `allow_zoom_email_mismatch` integer DEFAULT false NOT NULL;
