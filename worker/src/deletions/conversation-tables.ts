import { participants, transcriptSegments } from "../db/schema/index.ts";

/**
 * Tables whose rows belong to one conversation (an `organization_id` and a `conversation_id`
 * column) and go with it when it is deleted. `insights` is the insight writer's and goes there;
 * FTS entries follow `transcript_segments` by trigger. A test lists every D1 table with a
 * `conversation_id` column and fails when one is missing here: a new provider's table cannot be
 * forgotten by deletion.
 */
export const CONVERSATION_TABLES = [transcriptSegments, participants] as const;
