-- E-mail threads as conversations (POST /api/v1/emails): one conversation per (organization, thread
-- id) with source 'email'; its messages are kept here, by the provider's message id, so re-adding a
-- thread appends what is new and never duplicates. Each message's text also becomes transcript
-- segments (seq first_seq..last_seq), which the analyzers and the FTS index read like a call's.
CREATE TABLE `email_messages` (
	`organization_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`message_id` text NOT NULL,
	`sent_at` integer NOT NULL,
	`sender_name` text,
	`sender_email` text NOT NULL,
	`recipients` text NOT NULL,
	`body` text NOT NULL,
	`first_seq` integer NOT NULL,
	`last_seq` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `conversation_id`, `message_id`)
);
--> statement-breakpoint
CREATE INDEX `email_messages_org_conversation_seq` ON `email_messages` (`organization_id`,`conversation_id`,`first_seq`);
--> statement-breakpoint
-- Auto-capture (off by default): the Gmail sidebar may add a thread by itself when a participant's
-- domain belongs to one of the organization's accounts.
ALTER TABLE `organizations` ADD `auto_capture_email` integer DEFAULT false NOT NULL;
