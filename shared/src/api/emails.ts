import { z } from "zod";
import { EmailSchema, IdSchema, IsoDateTimeSchema } from "./common.ts";

/** Limits of `POST /emails` (a longer body or thread is a 400 naming the field; a bigger request a 413). */
export const EMAIL_LIMITS = {
  /** Characters of one message's plain-text body, quotes and signature already stripped. */
  bodyChars: 50_000,
  /** Messages in one request; a longer thread is sent in several requests (they append). */
  messagesPerRequest: 100,
  /** Messages one thread may hold in total. */
  messagesPerThread: 500,
  /** Recipients of one message, and participants of one thread. */
  people: 100,
} as const;

/** Provider ids (Gmail's thread and message ids, RFC Message-IDs): printable ASCII, no spaces or commas. */
const ProviderIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x2b\x2d-\x7e]+$/, "must be printable ASCII without spaces or commas");

export const EmailPersonSchema = z.object({
  email: EmailSchema,
  name: z.string().trim().max(200).nullable().default(null),
});
export type EmailPerson = z.infer<typeof EmailPersonSchema>;

export const EmailMessageInputSchema = z.object({
  messageId: ProviderIdSchema,
  sentAt: IsoDateTimeSchema,
  from: EmailPersonSchema,
  to: z.array(EmailPersonSchema).max(EMAIL_LIMITS.people).default([]),
  cc: z.array(EmailPersonSchema).max(EMAIL_LIMITS.people).default([]),
  /**
   * Plain text; the server strips quoted replies and signatures again. Empty when the client could not
   * read it (a message Gmail shows collapsed): a later request with the text fills it in.
   */
  body: z.string().max(EMAIL_LIMITS.bodyChars),
});
export type EmailMessageInput = z.infer<typeof EmailMessageInputSchema>;

/** `POST /emails`: a thread as the Gmail sidebar read it (or any client). */
export const AddEmailThreadRequestSchema = z.object({
  threadId: ProviderIdSchema,
  subject: z.string().trim().max(500).default(""),
  participants: z.array(EmailPersonSchema).max(EMAIL_LIMITS.people).default([]),
  messages: z.array(EmailMessageInputSchema).min(1).max(EMAIL_LIMITS.messagesPerRequest),
  /** Admins only: import a thread an admin deleted (its tombstone is lifted). */
  restoreDeleted: z.boolean().default(false),
});
export type AddEmailThreadRequest = z.infer<typeof AddEmailThreadRequestSchema>;
export type AddEmailThreadInput = z.input<typeof AddEmailThreadRequestSchema>;

export const AddEmailThreadResponseSchema = z.object({
  conversationId: IdSchema,
  threadId: z.string(),
  /** created: new conversation; updated: messages appended or completed; unchanged: every message was already in. */
  status: z.enum(["created", "updated", "unchanged"]),
  messagesAdded: z.number().int(),
  /**
   * Messages already in without their text (sent while collapsed in Gmail) that this request filled
   * in. Defaults to 0 so an extension reads a worker from before this field.
   */
  messagesCompleted: z.number().int().default(0),
  messageCount: z.number().int(),
  accountId: IdSchema.nullable(),
});
export type AddEmailThreadResponse = z.infer<typeof AddEmailThreadResponseSchema>;

/** `GET /emails/threads?ids=a,b,c`: which of these threads the organization holds. */
export const EmailThreadsQuerySchema = z.object({
  ids: z
    .string()
    .trim()
    .min(1)
    .transform((v) => [...new Set(v.split(",").map((s) => s.trim()))].filter(Boolean))
    .pipe(z.array(ProviderIdSchema).min(1).max(100)),
});

export const EmailThreadStatusSchema = z.object({
  threadId: z.string(),
  conversationId: IdSchema,
  messageCount: z.number().int(),
  lastMessageAt: IsoDateTimeSchema.nullable(),
  updatedAt: IsoDateTimeSchema,
  accountId: IdSchema.nullable(),
});
export const EmailThreadsResponseSchema = z.object({
  /** Only the threads that are in; an id not listed is not (or was deleted). */
  threads: z.array(EmailThreadStatusSchema),
});
export type EmailThreadsResponse = z.infer<typeof EmailThreadsResponseSchema>;

/** `GET /emails/capture?emails=a@x.com,b@y.com`: should the sidebar add this thread by itself? */
export const EmailCaptureQuerySchema = z.object({
  emails: z
    .string()
    .trim()
    .min(1)
    .transform((v) => [...new Set(v.split(",").map((s) => s.trim().toLowerCase()))].filter(Boolean))
    .pipe(z.array(EmailSchema).min(1).max(EMAIL_LIMITS.people)),
});
export const EmailCaptureResponseSchema = z.object({
  capture: z.boolean(),
  /** off: the organization's setting is off; no_account: no address is an account's; account: one is. */
  reason: z.enum(["off", "no_account", "account"]),
  accounts: z.array(z.object({ id: IdSchema, name: z.string() })),
});
export type EmailCaptureResponse = z.infer<typeof EmailCaptureResponseSchema>;

export const EmailCaptureSettingsSchema = z.object({ autoCapture: z.boolean() });
export type EmailCaptureSettings = z.infer<typeof EmailCaptureSettingsSchema>;

/** `GET /emails/{conversationId}/messages/{messageId}?quote=`: one message, with quotes located. */
export const EmailMessageQuerySchema = z.object({ quote: z.string().max(2000).optional() });

const RangeSchema = z.object({ start: z.number().int(), end: z.number().int() });
export const EmailMessageResponseSchema = z.object({
  conversationId: IdSchema,
  threadId: z.string(),
  subject: z.string(),
  accountId: IdSchema.nullable(),
  message: z.object({
    messageId: z.string(),
    sentAt: IsoDateTimeSchema,
    from: z.object({ email: z.string(), name: z.string().nullable() }),
    to: z.array(z.object({ email: z.string(), name: z.string().nullable() })),
    cc: z.array(z.object({ email: z.string(), name: z.string().nullable() })),
    body: z.string(),
  }),
  /** Where `quote` is in `message.body` (character offsets, end exclusive); null when not given or not found. */
  located: RangeSchema.nullable(),
  /** The insights quoting this message, each with where its quote is in the body. */
  insights: z.array(
    z.object({
      id: IdSchema,
      kind: z.string(),
      text: z.string(),
      quote: z.string().nullable(),
      at: RangeSchema.nullable(),
    }),
  ),
});
export type EmailMessageResponse = z.infer<typeof EmailMessageResponseSchema>;
