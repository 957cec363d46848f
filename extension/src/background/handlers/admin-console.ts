import {
  type FailedJob,
  FailedJobSchema,
  type UnassignedConversation,
  UnassignedConversationSchema,
  type WebhookEvent,
  WebhookEventSchema,
} from "@sightline/shared";
import { type AssignedConversation, ok, type Result } from "../../shared/messages.ts";
import type { Parser } from "../api-client.ts";
import { callSignedIn } from "./call-signed-in.ts";
import { listOf } from "./list-of.ts";

/**
 * The admin console's calls (options page): unassigned conversations and their assignment, failed
 * jobs and archived webhook events and their replay. The backend checks the role (403 to members);
 * the router accepts these from extension pages only, never from a content script.
 */

const AssignedSchema: Parser<AssignedConversation> = {
  safeParse(value) {
    if (typeof value !== "object" || value === null) return { success: false };
    const { id, accountId, routing } = value as Record<string, unknown>;
    if (typeof id !== "string" || typeof routing !== "string") return { success: false };
    if (accountId !== null && typeof accountId !== "string") return { success: false };
    return { success: true, data: { id, accountId, routing } };
  },
};

/** The most a screen lists at once (the routes' own maximum is 200). */
const LIMIT = 100;

/** GET /conversations/unassigned: conversations no account could be chosen for, newest first. */
export async function listUnassigned(): Promise<Result<UnassignedConversation[]>> {
  const query = { limit: LIMIT };
  const answer = await callSignedIn(
    (api, init) => api.GET("/conversations/unassigned", { params: { query }, ...init }),
    listOf("conversations", UnassignedConversationSchema),
  );
  return answer.ok ? ok(answer.value.conversations) : answer;
}

/** PUT /conversations/{id}/account: route a conversation (and its insights) to the chosen account. */
export async function assignConversation(input: {
  conversationId: string;
  accountId: string;
}): Promise<Result<AssignedConversation>> {
  const path = { id: input.conversationId };
  const body = { accountId: input.accountId };
  return callSignedIn(
    (api, init) => api.PUT("/conversations/{id}/account", { params: { path }, body, ...init }),
    AssignedSchema,
  );
}

/** GET /operations/failed-jobs: jobs that failed permanently or ran out of retries, newest first. */
export async function listFailedJobs(): Promise<Result<FailedJob[]>> {
  const query = { limit: LIMIT };
  const answer = await callSignedIn(
    (api, init) => api.GET("/operations/failed-jobs", { params: { query }, ...init }),
    listOf("failedJobs", FailedJobSchema),
  );
  return answer.ok ? ok(answer.value.failedJobs) : answer;
}

/** POST /operations/failed-jobs/{id}/replay: back on the ingest queue, once. */
export async function replayFailedJob(input: { id: string }): Promise<Result<FailedJob>> {
  const path = { id: input.id };
  return callSignedIn(
    (api, init) => api.POST("/operations/failed-jobs/{id}/replay", { params: { path }, ...init }),
    FailedJobSchema,
  );
}

/** GET /operations/webhook-events: the organization's archived webhook events, newest first. */
export async function listWebhookEvents(): Promise<Result<WebhookEvent[]>> {
  const query = { limit: LIMIT };
  const answer = await callSignedIn(
    (api, init) => api.GET("/operations/webhook-events", { params: { query }, ...init }),
    listOf("events", WebhookEventSchema),
  );
  return answer.ok ? ok(answer.value.events) : answer;
}

/** POST /operations/webhook-events/{id}/replay: the archived body through the same pipeline again. */
export async function replayWebhookEvent(input: { id: string }): Promise<Result<WebhookEvent>> {
  const path = { id: input.id };
  return callSignedIn(
    (api, init) => api.POST("/operations/webhook-events/{id}/replay", { params: { path }, ...init }),
    WebhookEventSchema,
  );
}
