import {
  emailMessages,
  gongCalls,
  mediaFiles,
  participants,
  transcriptSegments,
  zccDispositions,
  zccNotes,
} from "../db/schema/index.ts";

/**
 * Tables whose rows belong to one conversation (an `organization_id` and a `conversation_id`
 * column) and go with it when it is deleted. `insights` and `conversation_coaching_stats` are the
 * insight writer's and go there; FTS entries follow `transcript_segments` by trigger; the R2 objects
 * `media_files` names go first. A test lists every D1 table with a `conversation_id` column and fails
 * when one is missing here: a new provider's table cannot be forgotten by deletion.
 */
// gong_calls: the Gong call's ledger row goes too; the tombstone keeps the pull from importing it again.
// email_messages: an e-mail thread's messages (its archived request bodies are in its transcript folder).
export const CONVERSATION_TABLES = [transcriptSegments, participants, mediaFiles, gongCalls, emailMessages] as const;

/**
 * Contact Center rows kept by engagement id (they may arrive before the conversation exists): they
 * go with the conversation whose external id is that engagement.
 */
export const ENGAGEMENT_TABLES = [zccNotes, zccDispositions] as const;
