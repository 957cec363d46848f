import { and, eq, sql } from "drizzle-orm";
import { type CONVERSATION_SOURCES, conversations, users } from "../../../db/schema/index.ts";
import { storeConversationFacts } from "../../../insights/insight-writer.ts";
import { newId } from "../../../platform/ids.ts";
import type { Services } from "../../../platform/services.ts";
import type { ZccEngagement } from "../fetch/zcc-api.ts";

export type ZccSource = Extract<(typeof CONVERSATION_SOURCES)[number], `zcc_${string}`>;

/** The channel of an engagement as a conversation source; a voicemail event makes it a voicemail. */
export function sourceOf(engagement: ZccEngagement, event: string | undefined): ZccSource {
  if (event === "contact_center.voicemail_transcript_completed") return "zcc_voicemail";
  if (event === "contact_center.engagement_messaging_transcript_completed") return "zcc_messaging";
  if (event === "contact_center.engagement_email_transcript_completed") return "zcc_email";
  const channel = (engagement.channels?.[0]?.channel ?? engagement.channel ?? "").toLowerCase();
  if (channel.includes("video")) return "zcc_video";
  if (channel.includes("voicemail")) return "zcc_voicemail";
  if (/messag|chat|sms|social/.test(channel)) return "zcc_messaging";
  if (channel.includes("mail")) return "zcc_email";
  return "zcc_voice";
}

const LABEL: Record<ZccSource, string> = {
  zcc_voice: "Call",
  zcc_video: "Video call",
  zcc_messaging: "Chat",
  zcc_email: "E-mail",
  zcc_voicemail: "Voicemail",
};

/** Who the consumer is, for titles: a name, else their number or address. */
export function consumerLabel(engagement: ZccEngagement): string | null {
  const c = engagement.consumers?.[0];
  return c?.consumer_display_name?.trim() || c?.consumer_number?.trim() || c?.consumer_email?.trim() || null;
}

/**
 * The conversation of an engagement, created on first sight (pending) or refreshed from the REST
 * engagement. One per engagement whatever the source each event suggests (a unique index on the
 * organization and engagement id over zcc_* sources, migration 0017): a concurrent first sight
 * fails the insert and the job's retry finds the row. A voicemail stays a voicemail.
 */
export async function upsertEngagementConversation(
  services: Services,
  organizationId: string,
  engagement: ZccEngagement,
  event: string | undefined,
): Promise<{ id: string; status: string; transcriptKey: string | null; startedAt: Date; source: ZccSource }> {
  const { db, clock } = services;
  const now = clock.now();
  const engagementId = engagement.engagement_id;
  const existing = await db
    .select({ id: conversations.id, source: conversations.source })
    .from(conversations)
    .where(
      and(
        eq(conversations.organizationId, organizationId),
        eq(conversations.externalId, engagementId),
        sql`${conversations.source} LIKE 'zcc\\_%' ESCAPE '\\'`,
      ),
    )
    .get();
  const computed = sourceOf(engagement, event);
  const source: ZccSource = existing?.source === "zcc_voicemail" ? "zcc_voicemail" : computed;
  const agent = engagement.agents?.[0];
  const hostEmail = agent?.user_email?.trim().toLowerCase() || null;
  const host = hostEmail
    ? await db.query.users.findFirst({
        columns: { id: true },
        where: and(eq(users.organizationId, organizationId), eq(sql`lower(${users.email})`, hostEmail)),
      })
    : undefined;
  const started = engagement.start_time ? Date.parse(engagement.start_time) : Number.NaN;
  const ended = engagement.end_time ? Date.parse(engagement.end_time) : Number.NaN;
  const who = consumerLabel(engagement);
  const details = {
    source,
    title: who ? `${LABEL[source]} with ${who}` : `Contact Center ${LABEL[source].toLowerCase()}`,
    durationSeconds:
      typeof engagement.duration === "number"
        ? Math.round(engagement.duration)
        : Number.isNaN(started) || Number.isNaN(ended)
          ? null
          : Math.round((ended - started) / 1000),
    hostEmail,
    hostUserId: host?.id ?? null,
    updatedAt: now,
  };
  const startedAt = Number.isNaN(started) ? null : new Date(started);
  if (existing) {
    await storeConversationFacts(db, { organizationId, conversation: existing.id }, [
      db
        .update(conversations)
        .set({
          source: details.source,
          title: details.title,
          durationSeconds: details.durationSeconds,
          hostEmail: details.hostEmail,
          hostUserId: details.hostUserId,
          updatedAt: now,
          startedAt: startedAt ?? sql`${conversations.startedAt}`,
        })
        .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, existing.id))),
    ] as const);
  } else {
    const id = newId("conv");
    await storeConversationFacts(db, { organizationId, conversation: id }, [
      db.insert(conversations).values({
        id,
        organizationId,
        externalId: engagementId,
        routing: "unassigned",
        status: "pending",
        createdAt: now,
        ...details,
        startedAt: startedAt ?? now,
      }),
    ] as const);
  }
  const row = await db
    .select({
      id: conversations.id,
      status: conversations.status,
      transcriptKey: conversations.transcriptKey,
      startedAt: conversations.startedAt,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.organizationId, organizationId),
        eq(conversations.externalId, engagementId),
        eq(conversations.source, source),
      ),
    )
    .get();
  if (!row) throw new Error(`conversation of engagement ${engagementId} was not stored`);
  return { ...row, source };
}

/** The conversation of an engagement, if there is one. */
export async function findEngagementConversation(services: Services, organizationId: string, engagementId: string) {
  const row = await services.db
    .select({
      id: conversations.id,
      status: conversations.status,
      transcriptKey: conversations.transcriptKey,
      startedAt: conversations.startedAt,
      source: conversations.source,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.organizationId, organizationId),
        eq(conversations.externalId, engagementId),
        sql`${conversations.source} LIKE 'zcc\\_%' ESCAPE '\\'`,
      ),
    )
    .get();
  return row ? { ...row, source: row.source as ZccSource } : null;
}
