CREATE TABLE `account_contact_week_rollups` (
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
CREATE TABLE `account_topic_week_rollups` (
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
CREATE TABLE `account_week_rollups` (
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
-- Backfill: week rows summed from the daily rollups (worker/src/insights/rollups.ts, rebuildAllRollupsSql).
INSERT INTO account_week_rollups (organization_id, account_id, day, wins, issues, sentiment_sum, sentiment_count) SELECT r.organization_id, r.account_id, (r.day - ((r.day + 3) % 7)) AS week, sum(r.wins), sum(r.issues), total(r.sentiment_sum), sum(r.sentiment_count) FROM account_day_rollups r GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO account_topic_week_rollups (organization_id, account_id, day, topic_key, phrase, conversations, mentions, last_at) SELECT r.organization_id, r.account_id, (r.day - ((r.day + 3) % 7)) AS week, r.topic_key, min(r.phrase), sum(r.conversations), sum(r.mentions), max(r.last_at) FROM account_topic_day_rollups r GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO account_contact_week_rollups (organization_id, account_id, day, person_key, side, name, email, conversations, last_at) SELECT r.organization_id, r.account_id, (r.day - ((r.day + 3) % 7)) AS week, r.person_key, r.side, r.name, r.email, sum(r.conversations), max(r.last_at) FROM account_contact_day_rollups r GROUP BY 1, 2, 3, 4, 5;