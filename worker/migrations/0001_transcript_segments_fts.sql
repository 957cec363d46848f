-- Full-text index over transcript segments. External-content FTS5: the text lives once, in
-- transcript_segments; this index is derived and can be rebuilt with
--   INSERT INTO transcript_segments_fts(transcript_segments_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE `transcript_segments_fts` USING fts5(
  `text`,
  `speaker`,
  content = 'transcript_segments',
  content_rowid = 'id',
  tokenize = 'porter unicode61'
);
--> statement-breakpoint
CREATE TRIGGER `transcript_segments_ai` AFTER INSERT ON `transcript_segments` BEGIN
  INSERT INTO `transcript_segments_fts`(rowid, `text`, `speaker`) VALUES (new.id, new.text, new.speaker);
END;
--> statement-breakpoint
CREATE TRIGGER `transcript_segments_ad` AFTER DELETE ON `transcript_segments` BEGIN
  INSERT INTO `transcript_segments_fts`(`transcript_segments_fts`, rowid, `text`, `speaker`) VALUES ('delete', old.id, old.text, old.speaker);
END;
--> statement-breakpoint
CREATE TRIGGER `transcript_segments_au` AFTER UPDATE ON `transcript_segments` BEGIN
  INSERT INTO `transcript_segments_fts`(`transcript_segments_fts`, rowid, `text`, `speaker`) VALUES ('delete', old.id, old.text, old.speaker);
  INSERT INTO `transcript_segments_fts`(rowid, `text`, `speaker`) VALUES (new.id, new.text, new.speaker);
END;
