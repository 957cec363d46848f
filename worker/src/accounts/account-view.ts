import { type Account, leadSourceView } from "@sightline/shared";
import type { accounts } from "../db/schema/index.ts";

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** An account row as the API shows it: read by the accounts routes and the account overview alike. */
export function accountView(row: typeof accounts.$inferSelect, domains: string[]): Account {
  return {
    id: row.id,
    name: row.name,
    domains,
    salesforceId: row.salesforceId,
    hubspotId: row.hubspotId,
    leadSource: leadSourceView(row),
    ownerUserId: row.ownerUserId,
    lastActivityAt: isoOrNull(row.lastActivityAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
