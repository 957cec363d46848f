-- Account search candidate generation (worker/src/accounts/search-grams.ts): each account's grams,
-- written by the Worker in the same batch as the account (account-store.ts). Hand-written.
CREATE TABLE `account_search_grams` (
	`organization_id` text NOT NULL,
	`gram` text NOT NULL,
	`account_id` text NOT NULL,
	PRIMARY KEY(`organization_id`, `gram`, `account_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `account_search_grams_account` ON `account_search_grams` (`organization_id`,`account_id`);
--> statement-breakpoint
-- Accounts whose grams are missing or stale. Triggers put an account here on every write that can
-- change what search matches (whatever code writes: the API, the demo seed, SQL by hand); search
-- ranks these in full beside its candidates, and indexing one removes it. Existing accounts start here.
CREATE TABLE `account_search_pending` (
	`organization_id` text NOT NULL,
	`account_id` text NOT NULL,
	PRIMARY KEY(`organization_id`, `account_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT OR IGNORE INTO `account_search_pending` (`organization_id`, `account_id`) SELECT `organization_id`, `id` FROM `accounts`;
--> statement-breakpoint
CREATE TRIGGER `account_search_on_insert` AFTER INSERT ON `accounts` BEGIN
	INSERT OR IGNORE INTO `account_search_pending` (`organization_id`, `account_id`) VALUES (new.`organization_id`, new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `account_search_on_rename` AFTER UPDATE OF `name`, `organization_id`, `id` ON `accounts`
	WHEN old.`name` IS NOT new.`name` OR old.`organization_id` IS NOT new.`organization_id` OR old.`id` IS NOT new.`id` BEGIN
	DELETE FROM `account_search_grams` WHERE `organization_id` = old.`organization_id` AND `account_id` = old.`id`
		AND (old.`organization_id` IS NOT new.`organization_id` OR old.`id` IS NOT new.`id`);
	INSERT OR IGNORE INTO `account_search_pending` (`organization_id`, `account_id`) VALUES (new.`organization_id`, new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `account_search_on_delete` AFTER DELETE ON `accounts` BEGIN
	DELETE FROM `account_search_grams` WHERE `organization_id` = old.`organization_id` AND `account_id` = old.`id`;
	DELETE FROM `account_search_pending` WHERE `organization_id` = old.`organization_id` AND `account_id` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `account_search_on_domain_insert` AFTER INSERT ON `account_domains` BEGIN
	INSERT OR IGNORE INTO `account_search_pending` (`organization_id`, `account_id`) VALUES (new.`organization_id`, new.`account_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `account_search_on_domain_update` AFTER UPDATE ON `account_domains` BEGIN
	INSERT OR IGNORE INTO `account_search_pending` (`organization_id`, `account_id`) VALUES (old.`organization_id`, old.`account_id`);
	INSERT OR IGNORE INTO `account_search_pending` (`organization_id`, `account_id`) VALUES (new.`organization_id`, new.`account_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `account_search_on_domain_delete` AFTER DELETE ON `account_domains` BEGIN
	INSERT OR IGNORE INTO `account_search_pending` (`organization_id`, `account_id`) VALUES (old.`organization_id`, old.`account_id`);
END;
