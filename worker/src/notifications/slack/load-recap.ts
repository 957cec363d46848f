import { and, asc, eq } from "drizzle-orm";
import { accounts, conversations, insights, participants, users } from "../../db/schema/index.ts";
import type { Db } from "../../platform/services.ts";
import type { RecapInput } from "./build-recap.ts";

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
const stringOrNull = (value: unknown) => (typeof value === "string" && value.trim() ? value : null);
const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v.trim() !== "") : [];

/** "https://app.example/{conversationId}" fills the id in; any other base gets `/conversations/{id}`. */
export function conversationLink(appUrl: string | undefined, conversationId: string): string | null {
  const base = appUrl?.trim();
  if (!base || !/^https?:\/\//i.test(base)) return null;
  const id = encodeURIComponent(conversationId);
  return base.includes("{conversationId}")
    ? base.replaceAll("{conversationId}", id)
    : `${base.replace(/\/+$/, "")}/conversations/${id}`;
}

/** The recap of a stored, analyzed conversation (scoped to its organization), or null when it is gone. */
export async function loadRecapInput(
  db: Db,
  organizationId: string,
  conversationId: string,
  appUrl: string | undefined,
): Promise<RecapInput | null> {
  const conversation = await db.query.conversations.findFirst({
    where: and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId)),
  });
  if (!conversation) return null;
  const [people, rows, account, host] = await Promise.all([
    db
      .select({
        name: participants.name,
        email: participants.email,
        side: participants.side,
        contactId: participants.contactId,
      })
      .from(participants)
      .where(and(eq(participants.organizationId, organizationId), eq(participants.conversationId, conversationId))),
    db
      .select({
        kind: insights.kind,
        text: insights.text,
        quote: insights.quote,
        confidence: insights.confidence,
        data: insights.data,
      })
      .from(insights)
      .where(and(eq(insights.organizationId, organizationId), eq(insights.conversationId, conversationId)))
      .orderBy(asc(insights.startMs), asc(insights.id)),
    conversation.accountId
      ? db.query.accounts.findFirst({
          columns: { name: true },
          where: and(eq(accounts.organizationId, organizationId), eq(accounts.id, conversation.accountId)),
        })
      : undefined,
    conversation.hostUserId
      ? db.query.users.findFirst({
          columns: { name: true },
          where: and(eq(users.organizationId, organizationId), eq(users.id, conversation.hostUserId)),
        })
      : undefined,
  ]);
  const ours = people.filter((p) => p.side === "ours");
  const theirs = people.filter((p) => p.side === "theirs");
  const contact = theirs.find((p) => p.contactId) ?? theirs[0];
  const sentiment = rows.find((r) => r.kind === "sentiment");
  const closing = rows.find((r) => r.kind === "closing_probability");
  const closingValue = closing ? Number(closing.text) : Number.NaN;
  const of = (kind: string) => rows.filter((r) => r.kind === kind);
  return {
    conversationId,
    title: conversation.title,
    startedAt: conversation.startedAt,
    durationSeconds: conversation.durationSeconds,
    rep: host?.name ?? ours[0]?.name ?? conversation.hostEmail ?? null,
    accountName: account?.name ?? null,
    mainContact: contact ? { name: contact.name, email: contact.email } : null,
    sentiment: sentiment ? { label: sentiment.text, score: sentiment.confidence } : null,
    closingProbability: Number.isFinite(closingValue) ? closingValue : null,
    closingReasons: stringList(record(closing?.data).reasons),
    wins: of("win").map((r) => ({ text: r.text, quote: r.quote })),
    issues: of("issue").map((r) => ({ text: r.text, quote: r.quote })),
    nextSteps: of("next_step").map((r) => {
      const data = record(r.data);
      return { text: r.text, owner: stringOrNull(data.owner), due: stringOrNull(data.due) };
    }),
    coaching: of("coaching_tip").map((r) => r.text),
    link: conversationLink(appUrl, conversationId),
  };
}
