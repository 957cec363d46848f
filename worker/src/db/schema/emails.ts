import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, organizationId, timestampMs } from "./columns.ts";

/** A recipient of an e-mail message as stored in `email_messages.recipients` (JSON). */
export interface StoredRecipient {
  name: string | null;
  email: string;
  kind: "to" | "cc";
}

/**
 * The messages of an e-mail thread (a conversation of source `email`, migration 0025), one row per
 * provider message id, so adding a thread again appends only what is new. The message's text is
 * also the conversation's transcript segments `first_seq`..`last_seq` (what analysis and search
 * read); this row is what "open source" shows.
 */
export const emailMessages = sqliteTable(
  "email_messages",
  {
    organizationId: organizationId(),
    conversationId: text("conversation_id").notNull(),
    messageId: text("message_id").notNull(),
    sentAt: timestampMs("sent_at").notNull(),
    senderName: text("sender_name"),
    senderEmail: text("sender_email").notNull(),
    recipients: text("recipients", { mode: "json" }).$type<StoredRecipient[]>().notNull(),
    /** Plain text, quoted replies and signature stripped. */
    body: text("body").notNull(),
    firstSeq: integer("first_seq").notNull(),
    lastSeq: integer("last_seq").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.conversationId, t.messageId] }),
    index("email_messages_org_conversation_seq").on(t.organizationId, t.conversationId, t.firstSeq),
  ],
);
