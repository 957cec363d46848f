-- Attribution: accounts and contacts carry a structured lead source (UTM source, medium, campaign,
-- or a CRM lead source) instead of the free-text `lead_source` nothing read. Existing free-text
-- values are CRM-style picklist labels ("Webinar", "Referral"), so they become `crm_lead_source`;
-- the old column is dropped so nothing can write it again.
ALTER TABLE `accounts` ADD `utm_source` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `utm_medium` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `utm_campaign` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `crm_lead_source` text;--> statement-breakpoint
UPDATE `accounts` SET `crm_lead_source` = trim(`lead_source`) WHERE `lead_source` IS NOT NULL AND trim(`lead_source`) <> '';--> statement-breakpoint
ALTER TABLE `accounts` DROP COLUMN `lead_source`;--> statement-breakpoint
ALTER TABLE `contacts` ADD `utm_source` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `utm_medium` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `utm_campaign` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `crm_lead_source` text;
