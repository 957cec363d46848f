import { index, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, organizationId, timestampMs } from "./columns.ts";

/**
 * Where a lead came from (attribution, migration 0026): the UTM parameters of the click that brought
 * it, or the CRM's lead source picklist value. Accounts and contacts carry the same four columns.
 */
const leadSourceColumns = () => ({
  utmSource: text("utm_source"),
  utmMedium: text("utm_medium"),
  utmCampaign: text("utm_campaign"),
  crmLeadSource: text("crm_lead_source"),
});

export const accounts = sqliteTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    name: text("name").notNull(),
    /** Lower-cased, punctuation and legal suffixes removed: what name lookups compare. */
    normalizedName: text("normalized_name").notNull(),
    salesforceId: text("salesforce_id"),
    hubspotId: text("hubspot_id"),
    ...leadSourceColumns(),
    ownerUserId: text("owner_user_id"),
    /** Denormalized from conversations so "My accounts" sorts without a join. */
    lastActivityAt: timestampMs("last_activity_at"),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at").notNull(),
  },
  (t) => [
    index("accounts_org_activity").on(t.organizationId, t.lastActivityAt),
    index("accounts_org_name").on(t.organizationId, t.normalizedName, t.lastActivityAt),
    uniqueIndex("accounts_org_salesforce").on(t.organizationId, t.salesforceId),
    uniqueIndex("accounts_org_hubspot").on(t.organizationId, t.hubspotId),
    index("accounts_org_owner").on(t.organizationId, t.ownerUserId),
  ],
);

/** One row per domain; a domain belongs to at most one account per organization. */
export const accountDomains = sqliteTable(
  "account_domains",
  {
    organizationId: organizationId(),
    domain: text("domain").notNull(),
    accountId: text("account_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.domain] }),
    index("account_domains_account").on(t.organizationId, t.accountId, t.domain),
  ],
);

export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    accountId: text("account_id"),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    title: text("title"),
    side: text("side", { enum: ["ours", "theirs"] }).notNull(),
    ...leadSourceColumns(),
    lastInteractionAt: timestampMs("last_interaction_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("contacts_org_email").on(t.organizationId, t.email),
    index("contacts_org_account").on(t.organizationId, t.accountId),
  ],
);

/**
 * Account search candidates (worker/src/accounts/search-grams.ts): an account's grams. Written with
 * the account (account-store.ts); triggers of migration 0020 delete them with it.
 */
export const accountSearchGrams = sqliteTable(
  "account_search_grams",
  {
    organizationId: organizationId(),
    gram: text("gram").notNull(),
    accountId: text("account_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.gram, t.accountId] }),
    index("account_search_grams_account").on(t.organizationId, t.accountId),
  ],
);

/**
 * Accounts whose grams are missing or stale, put here by triggers (migration 0020) on every account
 * or domain write; search ranks them in full until they are indexed (which deletes the row).
 */
export const accountSearchPending = sqliteTable(
  "account_search_pending",
  {
    organizationId: organizationId(),
    accountId: text("account_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.accountId] })],
);
