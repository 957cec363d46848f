-- Tenancy of Zoom accounts: a Zoom account id belongs to at most one organization.
--
-- One organization's per-user connections share their Zoom account id with each other and with its
-- account-level (Server-to-Server) connection, so `connections` cannot carry a plain unique index on
-- it. Instead `provider_account_claims` holds the owner of each account, one row per (provider,
-- account id) by its primary key, and triggers on `connections` keep it: making a Zoom connection
-- active claims its account (INSERT OR IGNORE) and aborts the write when another organization holds
-- it; the claim is released when the owner's last Zoom connection for the account is disconnected
-- (or purged by app_deauthorized). Each connection write is one statement and its triggers run inside
-- it, so two organizations racing for one account cannot both win, whatever code path writes.
CREATE TABLE `provider_account_claims` (
	`provider` text NOT NULL,
	`external_account_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`claimed_at` integer NOT NULL,
	PRIMARY KEY(`provider`, `external_account_id`)
);
--> statement-breakpoint
CREATE INDEX `provider_account_claims_org` ON `provider_account_claims` (`organization_id`);
--> statement-breakpoint
-- Backfill: the owner of each account is the organization whose Zoom connection to it (active or in
-- error: not disconnected) is the oldest; equal times go to the smaller organization id, so the
-- choice is deterministic.
INSERT INTO `provider_account_claims` (`provider`, `external_account_id`, `organization_id`, `claimed_at`)
SELECT `provider`, `external_account_id`, `organization_id`, `first_at` FROM (
	SELECT `provider`, `external_account_id`, `organization_id`, MIN(`created_at`) AS `first_at`,
		ROW_NUMBER() OVER (
			PARTITION BY `provider`, `external_account_id` ORDER BY MIN(`created_at`), `organization_id`
		) AS `rank`
	FROM `connections`
	WHERE `provider` = 'zoom' AND `external_account_id` IS NOT NULL AND `status` <> 'disconnected'
	GROUP BY `provider`, `external_account_id`, `organization_id`
) WHERE `rank` = 1;
--> statement-breakpoint
-- Any other organization's connections to a claimed account stop working (status "error", reason
-- shown to its admins, credentials kept so disconnecting still revokes them at Zoom).
UPDATE `connections` SET
	`status` = 'error',
	`last_error` = 'this Zoom account is connected to another Sightline organization (which connected it first): disconnect it here',
	`updated_at` = CAST(unixepoch('subsec') * 1000 AS INTEGER)
WHERE `provider` = 'zoom' AND `external_account_id` IS NOT NULL AND `status` <> 'disconnected'
	AND `organization_id` <> (
		SELECT `c`.`organization_id` FROM `provider_account_claims` AS `c`
		WHERE `c`.`provider` = `connections`.`provider` AND `c`.`external_account_id` = `connections`.`external_account_id`
	);
--> statement-breakpoint
-- The claim check; its message starts with "zoom_account_claimed", which the Worker turns into a 409.
CREATE TRIGGER `connections_claim_zoom_account_insert` BEFORE INSERT ON `connections`
WHEN NEW.`provider` = 'zoom' AND NEW.`external_account_id` IS NOT NULL AND NEW.`status` = 'active'
BEGIN
	INSERT OR IGNORE INTO `provider_account_claims` (`provider`, `external_account_id`, `organization_id`, `claimed_at`)
		VALUES (NEW.`provider`, NEW.`external_account_id`, NEW.`organization_id`, NEW.`updated_at`);
	SELECT RAISE(ABORT, 'zoom_account_claimed: this Zoom account is connected to another organization')
	WHERE (
		SELECT `organization_id` FROM `provider_account_claims`
		WHERE `provider` = NEW.`provider` AND `external_account_id` = NEW.`external_account_id`
	) <> NEW.`organization_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `connections_claim_zoom_account_update`
BEFORE UPDATE OF `status`, `external_account_id`, `organization_id`, `provider` ON `connections`
WHEN NEW.`provider` = 'zoom' AND NEW.`external_account_id` IS NOT NULL AND NEW.`status` = 'active'
BEGIN
	INSERT OR IGNORE INTO `provider_account_claims` (`provider`, `external_account_id`, `organization_id`, `claimed_at`)
		VALUES (NEW.`provider`, NEW.`external_account_id`, NEW.`organization_id`, NEW.`updated_at`);
	SELECT RAISE(ABORT, 'zoom_account_claimed: this Zoom account is connected to another organization')
	WHERE (
		SELECT `organization_id` FROM `provider_account_claims`
		WHERE `provider` = NEW.`provider` AND `external_account_id` = NEW.`external_account_id`
	) <> NEW.`organization_id`;
END;
--> statement-breakpoint
-- Release: the owner has no Zoom connection to the account left that is not disconnected.
CREATE TRIGGER `connections_release_zoom_account_update`
AFTER UPDATE OF `status`, `external_account_id`, `organization_id`, `provider` ON `connections`
WHEN OLD.`provider` = 'zoom' AND OLD.`external_account_id` IS NOT NULL
BEGIN
	DELETE FROM `provider_account_claims`
	WHERE `provider` = OLD.`provider` AND `external_account_id` = OLD.`external_account_id`
		AND `organization_id` = OLD.`organization_id`
		AND NOT EXISTS (
			SELECT 1 FROM `connections`
			WHERE `provider` = OLD.`provider` AND `external_account_id` = OLD.`external_account_id`
				AND `organization_id` = OLD.`organization_id` AND `status` <> 'disconnected'
		);
END;
--> statement-breakpoint
CREATE TRIGGER `connections_release_zoom_account_delete` AFTER DELETE ON `connections`
WHEN OLD.`provider` = 'zoom' AND OLD.`external_account_id` IS NOT NULL
BEGIN
	DELETE FROM `provider_account_claims`
	WHERE `provider` = OLD.`provider` AND `external_account_id` = OLD.`external_account_id`
		AND `organization_id` = OLD.`organization_id`
		AND NOT EXISTS (
			SELECT 1 FROM `connections`
			WHERE `provider` = OLD.`provider` AND `external_account_id` = OLD.`external_account_id`
				AND `organization_id` = OLD.`organization_id` AND `status` <> 'disconnected'
		);
END;
--> statement-breakpoint
-- Deduplication is per organization: the same Zoom event (or reconciled meeting) of two
-- organizations is two events. Unmatched events (no organization yet) dedupe among themselves.
DROP INDEX `webhook_events_provider_dedupe`;
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_events_org_provider_dedupe` ON `webhook_events` (coalesce(`organization_id`, ''), `provider`, `dedupe_key`);
