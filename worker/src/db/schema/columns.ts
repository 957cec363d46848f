import { integer, text } from "drizzle-orm/sqlite-core";

/** Every table with customer data carries this column; every query filters by it. */
export const organizationId = () => text("organization_id").notNull();

/** Timestamps are epoch milliseconds: compact, sortable, and D1 has no date type. */
export const timestampMs = (name: string) => integer(name, { mode: "timestamp_ms" });
export const createdAt = () => timestampMs("created_at").notNull();
