import { sql } from "drizzle-orm";
import type { Db } from "../platform/services.ts";

interface Row {
  thread_id: string;
  conversation_id: string;
  account_id: string | null;
  updated_at: number;
  message_count: number;
  last_message_at: number | null;
}

/**
 * Which of these thread ids the organization holds (the popup and sidebar mark them "in"), with
 * their message counts and latest message: one statement, the ids as one JSON parameter.
 */
export async function threadStatuses(db: Db, organizationId: string, threadIds: readonly string[]) {
  const rows = await db.all<Row>(sql`
    SELECT c.external_id AS thread_id, c.id AS conversation_id, c.account_id, c.updated_at,
      count(m.message_id) AS message_count, max(m.sent_at) AS last_message_at
    FROM conversations c
    LEFT JOIN email_messages m ON m.organization_id = c.organization_id AND m.conversation_id = c.id
    WHERE c.organization_id = ${organizationId} AND c.source = 'email'
      AND c.external_id IN (SELECT value FROM json_each(${JSON.stringify(threadIds)}))
    GROUP BY c.id
    ORDER BY c.external_id`);
  return rows.map((r) => ({
    threadId: r.thread_id,
    conversationId: r.conversation_id,
    messageCount: Number(r.message_count),
    lastMessageAt: r.last_message_at === null ? null : new Date(r.last_message_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    accountId: r.account_id,
  }));
}
