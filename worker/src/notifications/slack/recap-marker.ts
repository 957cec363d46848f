import { and, eq, isNull, lt, or } from "drizzle-orm";
import { conversations } from "../../db/schema/index.ts";
import type { Db } from "../../platform/services.ts";

/**
 * One Slack recap per call. A recap job first takes a short lease on the conversation
 * (`slack_recap_claimed_until`), posts, then records `slack_recap_posted_at`; a conversation with
 * that mark is never posted again, however often it is re-analyzed or its job retried.
 *
 * Delivery is at least once, with the duplicate window made as small as it can be without giving
 * up on delivery: the mark is written right after Slack's 200, and a failure to write it is logged
 * rather than thrown (a throw would make the queue retry a post that succeeded). Only a Worker that
 * dies between Slack's answer and that write leaves the lease to expire and the retry to post again;
 * marking before posting instead would lose the recap whenever the post then failed.
 */

/** Longer than a post can take (post-webhook.ts times out after 10 s), short enough for a crash to heal. */
export const RECAP_LEASE_MS = 120_000;

const ofConversation = (organizationId: string, conversationId: string) =>
  and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId));

export type RecapClaim =
  | { state: "claimed" }
  | { state: "posted" }
  | { state: "busy"; retryInMs: number }
  | { state: "missing" };

/** Takes the lease when no recap was posted and no other job holds an unexpired lease, in one statement. */
export async function claimRecap(
  db: Db,
  organizationId: string,
  conversationId: string,
  now: Date,
): Promise<RecapClaim> {
  const claimed = await db
    .update(conversations)
    .set({ slackRecapClaimedUntil: new Date(now.getTime() + RECAP_LEASE_MS) })
    .where(
      and(
        ofConversation(organizationId, conversationId),
        isNull(conversations.slackRecapPostedAt),
        or(isNull(conversations.slackRecapClaimedUntil), lt(conversations.slackRecapClaimedUntil, now)),
      ),
    )
    .returning({ id: conversations.id });
  if (claimed.length > 0) return { state: "claimed" };
  const row = await db.query.conversations.findFirst({
    columns: { slackRecapPostedAt: true, slackRecapClaimedUntil: true },
    where: ofConversation(organizationId, conversationId),
  });
  if (!row) return { state: "missing" };
  if (row.slackRecapPostedAt) return { state: "posted" };
  return { state: "busy", retryInMs: Math.max(0, (row.slackRecapClaimedUntil?.getTime() ?? 0) - now.getTime()) };
}

/** Slack accepted the recap: never post this conversation's recap again. */
export async function markRecapPosted(db: Db, organizationId: string, conversationId: string, now: Date) {
  await db
    .update(conversations)
    .set({ slackRecapPostedAt: now, slackRecapClaimedUntil: null })
    .where(ofConversation(organizationId, conversationId));
}

/** The post failed (or there was nothing to post): the next attempt may claim at once. */
export async function releaseRecapClaim(db: Db, organizationId: string, conversationId: string) {
  await db
    .update(conversations)
    .set({ slackRecapClaimedUntil: null })
    .where(and(ofConversation(organizationId, conversationId), isNull(conversations.slackRecapPostedAt)));
}

export async function recapAlreadyPosted(db: Db, organizationId: string, conversationId: string): Promise<boolean> {
  const row = await db.query.conversations.findFirst({
    columns: { slackRecapPostedAt: true },
    where: ofConversation(organizationId, conversationId),
  });
  return Boolean(row?.slackRecapPostedAt);
}
