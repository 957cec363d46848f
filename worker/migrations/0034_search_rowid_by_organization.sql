-- Full-text search at scale (issue 16 item 4, docs/benchmarks-history.md): the organization is
-- carried in the FTS5 index's rowid instead of as a token. Each organization gets a small integer
-- `search_key`; a segment is indexed under rowid = search_key * 2^32 + its id (`search_rowid`,
-- a virtual column of transcript_segments),
-- so one organization's postings are one contiguous rowid range in every term's doclist, and a
-- search asks FTS5 for that range: it seeks straight to it and never reads another tenant's
-- entries. The token of migrations 0022/0031 had a million postings at a million segments, and
-- intersecting a sparse phrase with it read all of them (~20-45 ms per query).
-- Still external content (the text lives once, in transcript_segments, whose `search_rowid` is the
-- content rowid), so snippet() reads it as before. The index is rebuilt from the table. The
-- tokenizer goes back to plain `porter unicode61`: `tokenchars '_'` was there for the ids, and the
-- search box splits words at `_` like any punctuation.
ALTER TABLE `organizations` ADD COLUMN `search_key` integer;--> statement-breakpoint
UPDATE `organizations` SET `search_key` = r.n
  FROM (SELECT `id`, row_number() OVER (ORDER BY `created_at`, `id`) AS n FROM `organizations`) AS r
  WHERE r.`id` = `organizations`.`id`;--> statement-breakpoint
CREATE UNIQUE INDEX `organizations_search_key` ON `organizations` (`search_key`);--> statement-breakpoint
-- New organizations take the next key (the insert never names the column).
CREATE TRIGGER `organizations_search_key_ai` AFTER INSERT ON `organizations` WHEN new.`search_key` IS NULL BEGIN
  UPDATE `organizations` SET `search_key` = (SELECT coalesce(max(`search_key`), 0) + 1 FROM `organizations`)
  WHERE `id` = new.`id`;
END;--> statement-breakpoint
DROP TRIGGER IF EXISTS `transcript_segments_ai`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `transcript_segments_ad`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `transcript_segments_au`;--> statement-breakpoint
DROP TABLE IF EXISTS `transcript_segments_fts`;--> statement-breakpoint
-- The segment carries its organization's key (the code's inserts set it; a trigger below fills it
-- for any insert that does not), and its search rowid is a virtual column computed from it: no
-- second write of the row.
ALTER TABLE `transcript_segments` ADD COLUMN `search_key` integer;--> statement-breakpoint
UPDATE `transcript_segments` SET `search_key` =
  (SELECT o.`search_key` FROM `organizations` o WHERE o.`id` = `transcript_segments`.`organization_id`);--> statement-breakpoint
ALTER TABLE `transcript_segments` ADD COLUMN `search_rowid` integer
  GENERATED ALWAYS AS (`search_key` * 4294967296 + `id`) VIRTUAL;--> statement-breakpoint
CREATE UNIQUE INDEX `transcript_segments_search_rowid` ON `transcript_segments` (`search_rowid`);--> statement-breakpoint
CREATE VIRTUAL TABLE `transcript_segments_fts` USING fts5(
  `text`,
  `speaker`,
  content = 'transcript_segments',
  content_rowid = 'search_rowid',
  tokenize = 'porter unicode61'
);--> statement-breakpoint
CREATE TRIGGER `transcript_segments_ai` AFTER INSERT ON `transcript_segments` WHEN new.`search_key` IS NOT NULL BEGIN
  INSERT INTO `transcript_segments_fts`(rowid, `text`, `speaker`) VALUES (new.`search_rowid`, new.`text`, new.`speaker`);
END;--> statement-breakpoint
-- An insert that does not name the key (SQL written by hand, older code): look it up, then index.
CREATE TRIGGER `transcript_segments_ai_unkeyed` AFTER INSERT ON `transcript_segments` WHEN new.`search_key` IS NULL BEGIN
  UPDATE `transcript_segments` SET `search_key` =
    (SELECT o.`search_key` FROM `organizations` o WHERE o.`id` = new.`organization_id`)
  WHERE `id` = new.`id`;
  INSERT INTO `transcript_segments_fts`(rowid, `text`, `speaker`)
    SELECT s.`search_rowid`, new.`text`, new.`speaker` FROM `transcript_segments` s
    WHERE s.`id` = new.`id` AND s.`search_rowid` IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `transcript_segments_ad` AFTER DELETE ON `transcript_segments` WHEN old.`search_rowid` IS NOT NULL BEGIN
  INSERT INTO `transcript_segments_fts`(`transcript_segments_fts`, rowid, `text`, `speaker`)
  VALUES ('delete', old.`search_rowid`, old.`text`, old.`speaker`);
END;--> statement-breakpoint
CREATE TRIGGER `transcript_segments_au` AFTER UPDATE OF `text`, `speaker` ON `transcript_segments`
  WHEN old.`search_rowid` IS NOT NULL BEGIN
  INSERT INTO `transcript_segments_fts`(`transcript_segments_fts`, rowid, `text`, `speaker`)
  VALUES ('delete', old.`search_rowid`, old.`text`, old.`speaker`);
  INSERT INTO `transcript_segments_fts`(rowid, `text`, `speaker`) VALUES (new.`search_rowid`, new.`text`, new.`speaker`);
END;--> statement-breakpoint
INSERT INTO `transcript_segments_fts`(`transcript_segments_fts`) VALUES ('rebuild');
