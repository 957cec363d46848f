import { type SQL, sql } from "drizzle-orm";

/**
 * The value of transcript_segments.search_key for an insert: the organization's search key
 * (migration 0034), looked up inside the insert itself. With it the row is indexed under its
 * organization's rowid block at once; an insert without it costs the trigger a second write of the
 * row. One bound parameter per row.
 */
export const searchKeyOf = (organizationId: string): SQL<number> =>
  sql<number>`(SELECT search_key FROM organizations WHERE id = ${organizationId})`;
