-- Connection cards (issue 13): when a Zoom or Contact Center reconciliation last listed from the
-- provider without an error, so the options page can say "last sync" as it does for Gong's pull.
-- Null until the first successful reconciliation turn; an error leaves it as it was.
ALTER TABLE `connections` ADD `last_sync_at` integer;
