-- Full-text search (GET /api/v1/search) carries the organization in the index itself: the FTS5
-- table indexes `organization_id` beside the text, and every search MATCHes the caller's
-- organization id as a phrase in that column, so a query intersects with that organization's
-- postings and never walks another tenant's matches. Still external content (the text lives once,
-- in transcript_segments); the triggers are recreated for the new column list and the index is
-- rebuilt from the table.
DROP TRIGGER IF EXISTS `transcript_segments_ai`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `transcript_segments_ad`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `transcript_segments_au`;--> statement-breakpoint
DROP TABLE IF EXISTS `transcript_segments_fts`;--> statement-breakpoint
CREATE VIRTUAL TABLE `transcript_segments_fts` USING fts5(
  `text`,
  `speaker`,
  `organization_id`,
  content = 'transcript_segments',
  content_rowid = 'id',
  tokenize = 'porter unicode61'
);
--> statement-breakpoint
CREATE TRIGGER `transcript_segments_ai` AFTER INSERT ON `transcript_segments` BEGIN
  INSERT INTO `transcript_segments_fts`(rowid, `text`, `speaker`, `organization_id`)
  VALUES (new.id, new.text, new.speaker, new.organization_id);
END;
--> statement-breakpoint
CREATE TRIGGER `transcript_segments_ad` AFTER DELETE ON `transcript_segments` BEGIN
  INSERT INTO `transcript_segments_fts`(`transcript_segments_fts`, rowid, `text`, `speaker`, `organization_id`)
  VALUES ('delete', old.id, old.text, old.speaker, old.organization_id);
END;
--> statement-breakpoint
CREATE TRIGGER `transcript_segments_au` AFTER UPDATE ON `transcript_segments` BEGIN
  INSERT INTO `transcript_segments_fts`(`transcript_segments_fts`, rowid, `text`, `speaker`, `organization_id`)
  VALUES ('delete', old.id, old.text, old.speaker, old.organization_id);
  INSERT INTO `transcript_segments_fts`(rowid, `text`, `speaker`, `organization_id`)
  VALUES (new.id, new.text, new.speaker, new.organization_id);
END;
--> statement-breakpoint
INSERT INTO `transcript_segments_fts`(`transcript_segments_fts`) VALUES ('rebuild');
