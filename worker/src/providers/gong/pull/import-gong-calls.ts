import { and, eq, inArray, sql } from "drizzle-orm";
import { gongCalls } from "../../../db/schema/index.ts";
import { isTombstoned } from "../../../deletions/tombstones.ts";
import { recordIntakeDiscard } from "../../../intake/decide-intake.ts";
import { decidePartyIntake } from "../../../intake/decide-party-intake.ts";
import type { Services } from "../../../platform/services.ts";
import { PermanentJobError, RetryLaterError } from "../../../queue/jobs.ts";
import { requireActiveGongConnection } from "../connections/gong-credentials.ts";
import { GONG_CALL_IDS_PER_REQUEST, type GongClient } from "../gong-client.ts";
import { gongTranscriptSegments, normalizeGongCall } from "../normalize/normalize-gong-call.ts";
import { storeGongCall } from "../store/store-gong-call.ts";

/** A call that failed to store this many times is left failed by the pull (a webhook still retries it). */
export const MAX_CALL_ATTEMPTS = 3;

export interface PullContext {
  organizationId: string;
  connectionId: string;
  client: GongClient;
}

/** Records calls as seen (once per organization, whichever connection or webhook saw them first). */
export async function recordSeenCalls(
  services: Services,
  ctx: Omit<PullContext, "client">,
  callIds: readonly string[],
) {
  const now = services.clock.now();
  const { db } = services;
  for (let i = 0; i < callIds.length; i += 10) {
    const rows = callIds.slice(i, i + 10).map((callId) => ({
      organizationId: ctx.organizationId,
      callId,
      connectionId: ctx.connectionId,
      status: "found" as const,
      firstSeenAt: now,
      updatedAt: now,
    }));
    await db.insert(gongCalls).values(rows).onConflictDoNothing();
  }
}

async function setCallStatus(
  services: Services,
  organizationId: string,
  callIds: readonly string[],
  status: "discarded" | "failed" | "no_transcript",
  reason: string | null,
) {
  if (callIds.length === 0) return;
  await services.db
    .update(gongCalls)
    .set({ status, reason, attempts: sql`${gongCalls.attempts} + 1`, updatedAt: services.clock.now() })
    .where(and(eq(gongCalls.organizationId, organizationId), inArray(gongCalls.callId, [...callIds])));
}

/**
 * Imports calls by id, 100 at a time: `POST /v2/calls/extensive` (parties, CRM context) -> intake on
 * receipt (discarded calls are logged and never have their transcript fetched) -> `POST
 * /v2/calls/transcript` for the rest -> normalize, route, store, analyze. Calls already imported or
 * discarded are skipped, so a page read twice (a retry, an overlapping window, a webhook) costs no
 * second import. A call without a transcript yet is `no_transcript` and tried again by later pulls
 * while it is inside their window. `force` (a webhook) also retries calls that failed before.
 */
export async function importGongCalls(
  services: Services,
  ctx: PullContext,
  callIds: readonly string[],
  options: { force?: boolean; webhookEventId?: string } = {},
): Promise<{ imported: number; discarded: number; noTranscript: number; failed: number }> {
  const { db, log } = services;
  const { organizationId } = ctx;
  const tally = { imported: 0, discarded: 0, noTranscript: 0, failed: 0 };
  await recordSeenCalls(services, ctx, callIds);
  for (let i = 0; i < callIds.length; i += GONG_CALL_IDS_PER_REQUEST) {
    const batch = callIds.slice(i, i + GONG_CALL_IDS_PER_REQUEST);
    const known = await db
      .select({ callId: gongCalls.callId, status: gongCalls.status, attempts: gongCalls.attempts })
      .from(gongCalls)
      .where(and(eq(gongCalls.organizationId, organizationId), inArray(gongCalls.callId, [...batch])));
    const candidates = known
      .filter((c) => c.status !== "imported" && c.status !== "discarded")
      .filter((c) => options.force || c.status !== "failed" || c.attempts < MAX_CALL_ATTEMPTS)
      .map((c) => c.callId);
    // A call an admin deleted is never brought back (the D1 trigger would refuse it anyway).
    const todo = [];
    for (const callId of candidates) {
      if (await isTombstoned(db, organizationId, "gong_call", callId))
        await setCallStatus(services, organizationId, [callId], "discarded", "deleted by an admin");
      else todo.push(callId);
    }
    if (todo.length === 0) continue;

    await requireActiveGongConnection(services, organizationId, ctx.connectionId, "read Gong calls");
    const calls = (await ctx.client.extensive(todo)).map(normalizeGongCallSafe);
    const keep = [];
    for (const call of calls) {
      const decision = await decidePartyIntake(db, organizationId, {
        hostEmail: call.hostEmail,
        internalEmails: call.people.flatMap((p) => (p.affiliation === "ours" && p.email ? [p.email] : [])),
      });
      if (decision.keep) {
        keep.push(call);
        continue;
      }
      await recordIntakeDiscard(db, {
        organizationId,
        provider: "gong",
        reason: decision.reason,
        hostEmail: call.hostEmail ?? undefined,
        externalId: call.callId,
        at: services.clock.now(),
      });
      await setCallStatus(services, organizationId, [call.callId], "discarded", decision.reason);
      tally.discarded++;
    }
    if (keep.length === 0) continue;

    const transcripts = await ctx.client.transcripts(keep.map((c) => c.callId));
    await requireActiveGongConnection(services, organizationId, ctx.connectionId, "store Gong calls");
    for (const call of keep) {
      const monologues = transcripts.get(call.callId) ?? [];
      const { segments } = gongTranscriptSegments(monologues, call.people);
      if (segments.length === 0) {
        await setCallStatus(
          services,
          organizationId,
          [call.callId],
          "no_transcript",
          "Gong has no transcript for this call yet",
        );
        tally.noTranscript++;
        continue;
      }
      try {
        await storeGongCall(services, {
          organizationId,
          connectionId: ctx.connectionId,
          call,
          segments,
          original: { callId: call.callId, transcript: monologues },
          webhookEventId: options.webhookEventId,
        });
        tally.imported++;
      } catch (err) {
        if (err instanceof RetryLaterError) throw err;
        log.warn("gong call not stored", { call: call.callId, err });
        const reason = err instanceof Error ? err.message.slice(0, 300) : String(err);
        await setCallStatus(services, organizationId, [call.callId], "failed", reason);
        tally.failed++;
        if (!(err instanceof PermanentJobError) && options.force) throw err;
      }
    }
  }
  return tally;
}

function normalizeGongCallSafe(call: Parameters<typeof normalizeGongCall>[0]) {
  return normalizeGongCall(call);
}
