-- Zoom Contact Center (hand-written; the drizzle schema in db/schema/zcc.ts and operations.ts matches).
--
-- 1. Tenancy: a Zoom account's Contact Center belongs to one organization, like its meetings
--    (migration 0010), and to the same one: a Contact Center connection claims
--    ('zoom_contact_center', account id) in provider_account_claims, and the write aborts with
--    zoom_account_claimed when another organization holds that claim or the account's Zoom
--    (meetings) claim. A Zoom meetings connection is refused the same way when another organization
--    holds the account's Contact Center. Released when the owner's last Contact Center connection to
--    the account is disconnected.
CREATE TRIGGER `connections_claim_zcc_account_insert` BEFORE INSERT ON `connections`
WHEN NEW.`provider` = 'zoom_contact_center' AND NEW.`external_account_id` IS NOT NULL AND NEW.`status` = 'active'
BEGIN
	INSERT OR IGNORE INTO `provider_account_claims` (`provider`, `external_account_id`, `organization_id`, `claimed_at`)
		VALUES (NEW.`provider`, NEW.`external_account_id`, NEW.`organization_id`, NEW.`updated_at`);
	SELECT RAISE(ABORT, 'zoom_account_claimed: this Zoom account is connected to another organization')
	WHERE EXISTS (
		SELECT 1 FROM `provider_account_claims`
		WHERE `provider` IN ('zoom', 'zoom_contact_center') AND `external_account_id` = NEW.`external_account_id`
			AND `organization_id` <> NEW.`organization_id`
	);
END;
--> statement-breakpoint
CREATE TRIGGER `connections_claim_zcc_account_update`
BEFORE UPDATE OF `status`, `external_account_id`, `organization_id`, `provider` ON `connections`
WHEN NEW.`provider` = 'zoom_contact_center' AND NEW.`external_account_id` IS NOT NULL AND NEW.`status` = 'active'
BEGIN
	INSERT OR IGNORE INTO `provider_account_claims` (`provider`, `external_account_id`, `organization_id`, `claimed_at`)
		VALUES (NEW.`provider`, NEW.`external_account_id`, NEW.`organization_id`, NEW.`updated_at`);
	SELECT RAISE(ABORT, 'zoom_account_claimed: this Zoom account is connected to another organization')
	WHERE EXISTS (
		SELECT 1 FROM `provider_account_claims`
		WHERE `provider` IN ('zoom', 'zoom_contact_center') AND `external_account_id` = NEW.`external_account_id`
			AND `organization_id` <> NEW.`organization_id`
	);
END;
--> statement-breakpoint
CREATE TRIGGER `connections_refuse_zoom_of_zcc_owner_insert` BEFORE INSERT ON `connections`
WHEN NEW.`provider` = 'zoom' AND NEW.`external_account_id` IS NOT NULL AND NEW.`status` = 'active'
BEGIN
	SELECT RAISE(ABORT, 'zoom_account_claimed: this Zoom account is connected to another organization')
	WHERE EXISTS (
		SELECT 1 FROM `provider_account_claims`
		WHERE `provider` = 'zoom_contact_center' AND `external_account_id` = NEW.`external_account_id`
			AND `organization_id` <> NEW.`organization_id`
	);
END;
--> statement-breakpoint
CREATE TRIGGER `connections_refuse_zoom_of_zcc_owner_update`
BEFORE UPDATE OF `status`, `external_account_id`, `organization_id`, `provider` ON `connections`
WHEN NEW.`provider` = 'zoom' AND NEW.`external_account_id` IS NOT NULL AND NEW.`status` = 'active'
BEGIN
	SELECT RAISE(ABORT, 'zoom_account_claimed: this Zoom account is connected to another organization')
	WHERE EXISTS (
		SELECT 1 FROM `provider_account_claims`
		WHERE `provider` = 'zoom_contact_center' AND `external_account_id` = NEW.`external_account_id`
			AND `organization_id` <> NEW.`organization_id`
	);
END;
--> statement-breakpoint
CREATE TRIGGER `connections_release_zcc_account_update`
AFTER UPDATE OF `status`, `external_account_id`, `organization_id`, `provider` ON `connections`
WHEN OLD.`provider` = 'zoom_contact_center' AND OLD.`external_account_id` IS NOT NULL
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
CREATE TRIGGER `connections_release_zcc_account_delete` AFTER DELETE ON `connections`
WHEN OLD.`provider` = 'zoom_contact_center' AND OLD.`external_account_id` IS NOT NULL
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
-- 2. One engagement is one conversation, whatever channel (source) each event first suggested.
CREATE UNIQUE INDEX `conversations_org_zcc_engagement` ON `conversations` (`organization_id`, `external_id`)
	WHERE `source` LIKE 'zcc\_%' ESCAPE '\';
--> statement-breakpoint
-- 3. Notes and dispositions of engagements, upserted by their ids (they arrive before, with or after
--    the engagement's transcript, several times each).
CREATE TABLE `zcc_notes` (
	`organization_id` text NOT NULL,
	`engagement_id` text NOT NULL,
	`note_id` text NOT NULL,
	`user_id` text,
	`note` text NOT NULL,
	`modified_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `engagement_id`, `note_id`)
);
--> statement-breakpoint
-- A transfer's second disposition (another agent, or another disposition) is a row of its own; the
-- same disposition by the same agent again is the same row. `agent_key` is the agent's user id, ''
-- when the source did not say (the REST list has none); a later webhook naming the agent claims it.
CREATE TABLE `zcc_dispositions` (
	`organization_id` text NOT NULL,
	`engagement_id` text NOT NULL,
	`disposition_id` text NOT NULL,
	`agent_key` text NOT NULL,
	`disposition_name` text NOT NULL,
	`user_display_name` text,
	`queue_name` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `engagement_id`, `disposition_id`, `agent_key`)
);
--> statement-breakpoint
-- 4. The per-organization ingest key of Flow event scripts (only its SHA-256; shown once, rotated by admins).
CREATE TABLE `zcc_flow_keys` (
	`organization_id` text PRIMARY KEY NOT NULL,
	`key_hash` text NOT NULL,
	`key_prefix` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `zcc_flow_keys_hash` ON `zcc_flow_keys` (`key_hash`);
