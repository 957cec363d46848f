import { and, eq } from "drizzle-orm";
import { connections } from "../../../db/schema/index.ts";
import { isTombstoned } from "../../../deletions/tombstones.ts";
import type { Services } from "../../../platform/services.ts";
import type { IngestJob } from "../../../queue/jobs.ts";
import { GongWebhookSchema } from "./gong-webhook-route.ts";

/** The call an archived Gong webhook body announces: its id, null when it names none, undefined when the archive is gone. */
export async function archivedGongCallId(services: Services, r2Key: string): Promise<string | null | undefined> {
  const archived = await services.blobs.get(r2Key);
  if (!archived) return undefined;
  const parsed = GongWebhookSchema.safeParse(await archived.json().catch(() => null));
  return (parsed.success ? parsed.data.callData?.metaData.id : undefined) ?? null;
}

/**
 * The import job of an archived event's call, as on receipt, when the organization still has an
 * active Gong connection and nobody deleted the call; otherwise why the event ends ignored.
 * Shared by an admin's replay and the stuck-event sweep.
 */
export async function gongCallJobFor(
  services: Services,
  event: { id: string; organizationId: string },
  callId: string,
): Promise<{ job: IngestJob } | { status: "ignored"; reason: string }> {
  const connection = await services.db.query.connections.findFirst({
    columns: { id: true },
    where: and(
      eq(connections.organizationId, event.organizationId),
      eq(connections.provider, "gong"),
      eq(connections.status, "active"),
    ),
  });
  if (!connection) return { status: "ignored", reason: "no active Gong connection" };
  if (await isTombstoned(services.db, event.organizationId, "gong_call", callId))
    return { status: "ignored", reason: "the call was deleted by an admin" };
  return {
    job: {
      kind: "gong_call",
      organizationId: event.organizationId,
      connectionId: connection.id,
      callId,
      webhookEventId: event.id,
    },
  };
}
