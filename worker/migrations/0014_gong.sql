-- Gong: one Gong company per organization, the pull's progress per connection, the calls it has
-- seen, and the rate budget shared by every request to one Gong company.
--
-- A Gong company belongs to at most one organization, kept exactly like Zoom accounts (migration
-- 0010): `provider_account_claims` (provider 'gong', the company key) is claimed by the trigger when
-- a Gong connection becomes active, and the write aborts with "gong_company_claimed" when another
-- organization holds it; disconnecting the owner's last Gong connection to it releases it.
CREATE TRIGGER `connections_claim_gong_company_insert` BEFORE INSERT ON `connections`
WHEN NEW.`provider` = 'gong' AND NEW.`external_account_id` IS NOT NULL AND NEW.`status` = 'active'
BEGIN
	INSERT OR IGNORE INTO `provider_account_claims` (`provider`, `external_account_id`, `organization_id`, `claimed_at`)
		VALUES (NEW.`provider`, NEW.`external_account_id`, NEW.`organization_id`, NEW.`updated_at`);
	SELECT RAISE(ABORT, 'gong_company_claimed: this Gong company is connected to another organization')
	WHERE (
		SELECT `organization_id` FROM `provider_account_claims`
		WHERE `provider` = NEW.`provider` AND `external_account_id` = NEW.`external_account_id`
	) <> NEW.`organization_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `connections_claim_gong_company_update`
BEFORE UPDATE OF `status`, `external_account_id`, `organization_id`, `provider` ON `connections`
WHEN NEW.`provider` = 'gong' AND NEW.`external_account_id` IS NOT NULL AND NEW.`status` = 'active'
BEGIN
	INSERT OR IGNORE INTO `provider_account_claims` (`provider`, `external_account_id`, `organization_id`, `claimed_at`)
		VALUES (NEW.`provider`, NEW.`external_account_id`, NEW.`organization_id`, NEW.`updated_at`);
	SELECT RAISE(ABORT, 'gong_company_claimed: this Gong company is connected to another organization')
	WHERE (
		SELECT `organization_id` FROM `provider_account_claims`
		WHERE `provider` = NEW.`provider` AND `external_account_id` = NEW.`external_account_id`
	) <> NEW.`organization_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `connections_release_gong_company_update`
AFTER UPDATE OF `status`, `external_account_id`, `organization_id`, `provider` ON `connections`
WHEN OLD.`provider` = 'gong' AND OLD.`external_account_id` IS NOT NULL
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
CREATE TRIGGER `connections_release_gong_company_delete` AFTER DELETE ON `connections`
WHEN OLD.`provider` = 'gong' AND OLD.`external_account_id` IS NOT NULL
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
-- The organization's Gong settings: backfill depth on connect, the automation-rule webhook's public key.
CREATE TABLE `gong_settings` (
	`organization_id` text PRIMARY KEY NOT NULL,
	`backfill_days` integer DEFAULT 90 NOT NULL,
	`webhook_public_key` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
-- Where a connection's pull stands: the window being listed and Gong's cursor in it (stored after
-- every page, so any failure resumes there), how far everything has been listed, a lease so one
-- pull runs per connection at a time, a lease so one OAuth refresh runs at a time (Gong's refresh
-- tokens are single use), and the last outcome.
CREATE TABLE `gong_sync_state` (
	`connection_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`window_from` integer,
	`window_to` integer,
	`cursor` text,
	`synced_to` integer,
	`lease_until` integer,
	`refresh_lease_until` integer,
	`last_sync_at` integer,
	`last_error` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `gong_sync_state_org` ON `gong_sync_state` (`organization_id`);
--> statement-breakpoint
-- Every Gong call a connection has seen, once per organization however often it is listed; the
-- status says what became of it (progress counts come from here).
CREATE TABLE `gong_calls` (
	`organization_id` text NOT NULL,
	`call_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`conversation_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_seen_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `call_id`)
);
--> statement-breakpoint
CREATE INDEX `gong_calls_connection_status` ON `gong_calls` (`connection_id`, `status`);
--> statement-breakpoint
-- The request budget of one Gong company (3/s, 10,000/day by default), shared by every isolate:
-- each request reserves the next free slot in one UPDATE ... RETURNING (GCRA), which D1 serializes.
CREATE TABLE `gong_rate_limits` (
	`company_key` text PRIMARY KEY NOT NULL,
	`next_slot_at` integer NOT NULL,
	`day` text NOT NULL,
	`day_count` integer NOT NULL
);
