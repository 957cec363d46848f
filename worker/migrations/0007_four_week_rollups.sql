CREATE TABLE `account_contact_four_week_rollups` (
	`organization_id` text NOT NULL,
	`account_id` text NOT NULL,
	`day` integer NOT NULL,
	`person_key` text NOT NULL,
	`side` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`conversations` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `account_id`, `day`, `person_key`, `side`)
);
--> statement-breakpoint
CREATE TABLE `account_topic_four_week_rollups` (
	`organization_id` text NOT NULL,
	`account_id` text NOT NULL,
	`day` integer NOT NULL,
	`topic_key` text NOT NULL,
	`phrase` text NOT NULL,
	`conversations` integer NOT NULL,
	`mentions` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `account_id`, `day`, `topic_key`)
);
--> statement-breakpoint
-- Backfill: the blocks summed from the week rows (the last statements of rebuildAllRollupsSql()).
INSERT INTO account_topic_four_week_rollups (organization_id, account_id, day, topic_key, phrase, conversations, mentions, last_at) SELECT r.organization_id, r.account_id, (r.day - ((r.day + 24) % 28)) AS span, r.topic_key, min(r.phrase), sum(r.conversations), sum(r.mentions), max(r.last_at) FROM account_topic_week_rollups r GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO account_contact_four_week_rollups (organization_id, account_id, day, person_key, side, name, email, conversations, last_at) SELECT r.organization_id, r.account_id, (r.day - ((r.day + 24) % 28)) AS span, r.person_key, r.side, r.name, r.email, sum(r.conversations), max(r.last_at) FROM account_contact_week_rollups r GROUP BY 1, 2, 3, 4, 5;
