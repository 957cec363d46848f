ALTER TABLE `conversations` ADD `analyzer` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `analysis_usage` text;--> statement-breakpoint
-- Conversations analyzed before this migration: the analyzer is the one their insights record
-- (usage stays unknown: it was only logged then).
UPDATE `conversations` SET `analyzer` = (
  SELECT `i`.`analyzer` FROM `insights` `i`
   WHERE `i`.`organization_id` = `conversations`.`organization_id` AND `i`.`conversation_id` = `conversations`.`id`
   LIMIT 1
) WHERE `status` = 'analyzed';
