-- Account search shortcuts (worker/src/accounts/search-shortcuts.ts, issue 16): the most recently
-- active accounts whose name starts with the query, read from the index alone (a broad word such as
-- "initech" prefixes thousands of names: with `last_activity_at` in the index they are ranked
-- without reading one table row each), and each account's domains beside its id (search reads the
-- domains of every candidate). Same names, wider keys: the old indexes are prefixes of the new ones.
DROP INDEX IF EXISTS `accounts_org_name`;
--> statement-breakpoint
CREATE INDEX `accounts_org_name` ON `accounts` (`organization_id`,`normalized_name`,`last_activity_at`);
--> statement-breakpoint
DROP INDEX IF EXISTS `account_domains_account`;
--> statement-breakpoint
CREATE INDEX `account_domains_account` ON `account_domains` (`organization_id`,`account_id`,`domain`);
