CREATE TABLE `account_contact_day_rollups` (
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
CREATE TABLE `account_day_rollups` (
	`organization_id` text NOT NULL,
	`account_id` text NOT NULL,
	`day` integer NOT NULL,
	`wins` integer NOT NULL,
	`issues` integer NOT NULL,
	`sentiment_sum` real NOT NULL,
	`sentiment_count` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `account_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `account_topic_day_rollups` (
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
CREATE TABLE `rollup_dirty_days` (
	`organization_id` text NOT NULL,
	`account_id` text NOT NULL,
	`day` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `account_id`, `day`)
);
--> statement-breakpoint
ALTER TABLE `conversations` ADD `slack_recap_posted_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `slack_recap_claimed_until` integer;--> statement-breakpoint
CREATE INDEX `insights_org_account_topic_key_time` ON `insights` (`organization_id`,`account_id`,lower("text"),`occurred_at`) WHERE `kind` = 'topic';--> statement-breakpoint
-- Backfill: the rollups of the rows that already exist (worker/src/insights/rollups.ts, rebuildAllRollupsSql).
INSERT INTO account_day_rollups (organization_id, account_id, day, wins, issues, sentiment_sum, sentiment_count) SELECT i.organization_id, i.account_id, i.occurred_at / 86400000 AS day, sum(i.kind = 'win'), sum(i.kind = 'issue'), total(CASE WHEN i.kind = 'sentiment' THEN coalesce(i.confidence, 0) END), sum(i.kind = 'sentiment') FROM insights i WHERE i.account_id IS NOT NULL AND i.kind IN ('win', 'issue', 'sentiment') GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO account_topic_day_rollups (organization_id, account_id, day, topic_key, phrase, conversations, mentions, last_at) SELECT i.organization_id, i.account_id, i.occurred_at / 86400000 AS day, lower(i.text), min(i.text), count(DISTINCT i.conversation_id), sum(coalesce(json_extract(i.data, '$.mentions'), 1)), max(i.occurred_at) FROM insights i WHERE i.account_id IS NOT NULL AND i.kind = 'topic' GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO account_contact_day_rollups (organization_id, account_id, day, person_key, side, name, email, conversations, last_at) SELECT c.organization_id, c.account_id, c.started_at / 86400000 AS day, lower(coalesce(p.email, p.name)), p.side, p.name, p.email, count(DISTINCT p.conversation_id), max(c.started_at) FROM conversations c JOIN participants p ON p.organization_id = c.organization_id AND p.conversation_id = c.id WHERE c.account_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
