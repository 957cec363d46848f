-- Recordings kept in R2 when an organization opts in (keep_media); reached only through short-lived
-- signed links the Worker serves (GET /media/{token}), never Zoom's URLs.
ALTER TABLE `organizations` ADD `keep_media` integer DEFAULT false NOT NULL;
--> statement-breakpoint
CREATE TABLE `media_files` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`provider` text NOT NULL,
	`external_id` text NOT NULL,
	`r2_key` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `media_files_org_provider_external` ON `media_files` (`organization_id`, `provider`, `external_id`);
--> statement-breakpoint
CREATE INDEX `media_files_org_conversation` ON `media_files` (`organization_id`, `conversation_id`);
