import { sql } from "drizzle-orm";
import type { Db } from "../platform/services.ts";

/**
 * The e-mail message each of these segments is in (by segment id), for the sources of insights from
 * e-mail threads: one statement, the ids as one JSON parameter. Segments of other sources are absent.
 */
export async function messagesOfSegments(
  db: Db,
  organizationId: string,
  segmentIds: readonly number[],
): Promise<Map<number, string>> {
  if (segmentIds.length === 0) return new Map();
  const rows = await db.all<{ segment_id: number; message_id: string }>(sql`
    SELECT s.id AS segment_id, m.message_id FROM transcript_segments s
    JOIN email_messages m ON m.organization_id = s.organization_id AND m.conversation_id = s.conversation_id
      AND s.seq BETWEEN m.first_seq AND m.last_seq
    WHERE s.organization_id = ${organizationId}
      AND s.id IN (SELECT value FROM json_each(${JSON.stringify([...new Set(segmentIds)])}))`);
  return new Map(rows.map((r) => [Number(r.segment_id), r.message_id]));
}
