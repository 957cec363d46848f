-- Full-text search at scale (issue 16, docs/benchmarks.md): the organization column of the FTS5
-- index holds the organization's id as ONE token. With `unicode61` splitting at `_`, an id such as
-- `org_k3x...` was the phrase "org" + "k3x...": every search matched that phrase in every one of the
-- organization's segments (the token "org" is in all of them, in every organization), ~0.5 s at a
-- million segments before any word of the query was looked at. `tokenchars '_'` keeps ids whole;
-- words of a transcript hardly ever contain `_`. Same external content, same triggers; the index is
-- rebuilt from transcript_segments.
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
  tokenize = "porter unicode61 tokenchars '_'"
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
