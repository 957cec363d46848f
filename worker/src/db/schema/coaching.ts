import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, organizationId } from "./columns.ts";

/**
 * A conversation's coaching figures, written by the insight writer in the same D1 batch as its insights
 * (replaced on re-analysis). Per conversation, not per rep: which rep a call belongs to is decided
 * when coaching is read (coaching/rep-coaching.ts), so a user added later still gets their calls.
 * Conversations analyzed before this table existed have no row until the nightly re-analysis
 * (analysis/reanalyze-outdated.ts) reaches them.
 */
export const conversationCoachingStats = sqliteTable(
  "conversation_coaching_stats",
  {
    organizationId: organizationId(),
    conversationId: text("conversation_id").notNull(),
    analyzer: text("analyzer").notNull(),
    /** End of the last segment. */
    durationMs: integer("duration_ms").notNull(),
    /** Talk time by side (sum of segment durations), as the analyzer measured it. */
    ourTalkMs: integer("our_talk_ms").notNull(),
    theirTalkMs: integer("their_talk_ms").notNull(),
    unknownTalkMs: integer("unknown_talk_ms").notNull(),
    /** Our side's longest run of one speaker (pauses under 5 s included), and where it starts. */
    longestMonologueMs: integer("longest_monologue_ms").notNull(),
    longestMonologueStartMs: integer("longest_monologue_start_ms"),
    longestMonologueSpeaker: text("longest_monologue_speaker"),
    /** Real questions our side asked; customer questions and those left unanswered. */
    questionsAsked: integer("questions_asked").notNull(),
    customerQuestions: integer("customer_questions").notNull(),
    unansweredQuestions: integer("unanswered_questions").notNull(),
    nextSteps: integer("next_steps").notNull(),
    nextStepsWithDate: integer("next_steps_with_date").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.conversationId] })],
);
