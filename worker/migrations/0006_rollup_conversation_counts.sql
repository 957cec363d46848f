ALTER TABLE `account_day_rollups` ADD `conversations` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `account_day_rollups` ADD `last_started_at` integer;--> statement-breakpoint
ALTER TABLE `account_week_rollups` ADD `conversations` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `account_week_rollups` ADD `last_started_at` integer;--> statement-breakpoint
-- Backfill: every rollup rebuilt from its rows (rebuildAllRollupsSql() in worker/src/insights/rollups.ts),
-- so the day and week rows gain the conversations started on them, analyzed or not.
DELETE FROM account_day_rollups;
--> statement-breakpoint
DELETE FROM account_topic_day_rollups;
--> statement-breakpoint
DELETE FROM account_contact_day_rollups;
--> statement-breakpoint
DELETE FROM account_week_rollups;
--> statement-breakpoint
DELETE FROM account_topic_week_rollups;
--> statement-breakpoint
DELETE FROM account_contact_week_rollups;
--> statement-breakpoint
INSERT INTO account_day_rollups (organization_id, account_id, day, wins, issues, sentiment_sum, sentiment_count) SELECT i.organization_id, i.account_id, i.occurred_at / 86400000 AS day, sum(i.kind = 'win'), sum(i.kind = 'issue'), total(CASE WHEN i.kind = 'sentiment' THEN coalesce(i.confidence, 0) END), sum(i.kind = 'sentiment') FROM insights i WHERE i.account_id IS NOT NULL AND i.kind IN ('win', 'issue', 'sentiment') GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO account_day_rollups (organization_id, account_id, day, wins, issues, sentiment_sum, sentiment_count, conversations, last_started_at) SELECT c.organization_id, c.account_id, c.started_at / 86400000 AS day, 0, 0, 0, 0, count(*), max(c.started_at) FROM conversations c WHERE c.account_id IS NOT NULL GROUP BY 1, 2, 3 ON CONFLICT (organization_id, account_id, day) DO UPDATE SET conversations = excluded.conversations, last_started_at = excluded.last_started_at;
--> statement-breakpoint
INSERT INTO account_topic_day_rollups (organization_id, account_id, day, topic_key, phrase, conversations, mentions, last_at) SELECT i.organization_id, i.account_id, i.occurred_at / 86400000 AS day, lower(i.text), min(i.text), count(DISTINCT i.conversation_id), sum(coalesce(json_extract(i.data, '$.mentions'), 1)), max(i.occurred_at) FROM insights i WHERE i.account_id IS NOT NULL AND i.kind = 'topic' GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO account_contact_day_rollups (organization_id, account_id, day, person_key, side, name, email, conversations, last_at) SELECT c.organization_id, c.account_id, c.started_at / 86400000 AS day, lower(coalesce(p.email, p.name)), p.side, p.name, p.email, count(DISTINCT p.conversation_id), max(c.started_at) FROM conversations c JOIN participants p ON p.organization_id = c.organization_id AND p.conversation_id = c.id WHERE c.account_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO account_week_rollups (organization_id, account_id, day, wins, issues, sentiment_sum, sentiment_count, conversations, last_started_at) SELECT r.organization_id, r.account_id, (r.day - ((r.day + 3) % 7)) AS week, sum(r.wins), sum(r.issues), total(r.sentiment_sum), sum(r.sentiment_count), sum(r.conversations), max(r.last_started_at) FROM account_day_rollups r GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO account_topic_week_rollups (organization_id, account_id, day, topic_key, phrase, conversations, mentions, last_at) SELECT r.organization_id, r.account_id, (r.day - ((r.day + 3) % 7)) AS week, r.topic_key, min(r.phrase), sum(r.conversations), sum(r.mentions), max(r.last_at) FROM account_topic_day_rollups r GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO account_contact_week_rollups (organization_id, account_id, day, person_key, side, name, email, conversations, last_at) SELECT r.organization_id, r.account_id, (r.day - ((r.day + 3) % 7)) AS week, r.person_key, r.side, r.name, r.email, sum(r.conversations), max(r.last_at) FROM account_contact_day_rollups r GROUP BY 1, 2, 3, 4, 5;
