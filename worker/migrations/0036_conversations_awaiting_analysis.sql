-- The 15-minute sweep of conversations stored but never analyzed (analysis/requeue-unanalyzed.ts)
-- finds them without reading the whole table: only 'stored' rows are in this index, and a healthy
-- conversation is there for seconds.
CREATE INDEX `conversations_awaiting_analysis` ON `conversations` (`status`,`updated_at`) WHERE `status` = 'stored';
