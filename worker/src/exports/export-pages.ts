import { and, asc, eq, gt, inArray } from "drizzle-orm";
import {
  accountDomains,
  accounts,
  contacts,
  conversations,
  type dataExports,
  insights,
  transcriptSegments,
} from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";

type ExportRow = typeof dataExports.$inferSelect;
export type ExportPhase = ExportRow["phase"];

/** The order an export walks the organization's data; each line of the file names its kind. */
export const EXPORT_PHASES = ["accounts", "contacts", "conversations", "transcript_segments", "insights"] as const;
/** The `type` of each phase's lines. */
export const LINE_TYPE: Record<(typeof EXPORT_PHASES)[number], string> = {
  accounts: "account",
  contacts: "contact",
  conversations: "conversation",
  transcript_segments: "transcript_segment",
  insights: "insight",
};

export interface ExportPage {
  lines: string[];
  /** The keyset cursor after the last row of the page (null: the phase had nothing after the cursor). */
  last: string | null;
}

const line = (type: string, row: object) => JSON.stringify({ type, ...row });

/**
 * The next page of one phase after `cursor`, in key order, always within the export's organization
 * and, for an account export, that account's rows (segments and insights through its conversations).
 * Internal columns that say nothing about the customer (R2 keys, leases) are left out.
 */
export async function exportPage(
  db: Db,
  row: ExportRow,
  phase: (typeof EXPORT_PHASES)[number],
  cursor: string | null,
  limit: number,
): Promise<ExportPage> {
  const org = row.organizationId;
  const account = row.scope === "account" ? row.targetAccountId : null;
  switch (phase) {
    case "accounts": {
      const rows = await db
        .select()
        .from(accounts)
        .where(
          and(
            eq(accounts.organizationId, org),
            account ? eq(accounts.id, account) : undefined,
            cursor ? gt(accounts.id, cursor) : undefined,
          ),
        )
        .orderBy(asc(accounts.id))
        .limit(limit);
      const domains = rows.length
        ? await db
            .select()
            .from(accountDomains)
            .where(
              and(
                eq(accountDomains.organizationId, org),
                inArray(
                  accountDomains.accountId,
                  rows.map((r) => r.id),
                ),
              ),
            )
        : [];
      return {
        lines: rows.map(({ normalizedName: _n, ...r }) =>
          line(LINE_TYPE.accounts, {
            ...r,
            domains: domains.filter((d) => d.accountId === r.id).map((d) => d.domain),
          }),
        ),
        last: rows.at(-1)?.id ?? null,
      };
    }
    case "contacts": {
      const rows = await db
        .select()
        .from(contacts)
        .where(
          and(
            eq(contacts.organizationId, org),
            account ? eq(contacts.accountId, account) : undefined,
            cursor ? gt(contacts.id, cursor) : undefined,
          ),
        )
        .orderBy(asc(contacts.id))
        .limit(limit);
      return { lines: rows.map((r) => line(LINE_TYPE.contacts, r)), last: rows.at(-1)?.id ?? null };
    }
    case "conversations": {
      const rows = await db
        .select()
        .from(conversations)
        .where(
          and(
            eq(conversations.organizationId, org),
            account ? eq(conversations.accountId, account) : undefined,
            cursor ? gt(conversations.id, cursor) : undefined,
          ),
        )
        .orderBy(asc(conversations.id))
        .limit(limit);
      return {
        lines: rows.map(({ transcriptKey: _k, slackRecapClaimedUntil: _l, ...r }) => line(LINE_TYPE.conversations, r)),
        last: rows.at(-1)?.id ?? null,
      };
    }
    case "transcript_segments": {
      const ofAccount = account
        ? inArray(
            transcriptSegments.conversationId,
            db
              .select({ id: conversations.id })
              .from(conversations)
              .where(and(eq(conversations.organizationId, org), eq(conversations.accountId, account))),
          )
        : undefined;
      const rows = await db
        .select()
        .from(transcriptSegments)
        .where(
          and(
            eq(transcriptSegments.organizationId, org),
            ofAccount,
            cursor ? gt(transcriptSegments.id, Number(cursor)) : undefined,
          ),
        )
        .orderBy(asc(transcriptSegments.id))
        .limit(limit);
      const lastRow = rows.at(-1);
      return {
        lines: rows.map(({ searchKey: _k, searchRowid: _s, ...r }) => line(LINE_TYPE.transcript_segments, r)),
        last: lastRow ? String(lastRow.id) : null,
      };
    }
    case "insights": {
      const rows = await db
        .select()
        .from(insights)
        .where(
          and(
            eq(insights.organizationId, org),
            account ? eq(insights.accountId, account) : undefined,
            cursor ? gt(insights.id, cursor) : undefined,
          ),
        )
        .orderBy(asc(insights.id))
        .limit(limit);
      return { lines: rows.map((r) => line(LINE_TYPE.insights, r)), last: rows.at(-1)?.id ?? null };
    }
  }
}
