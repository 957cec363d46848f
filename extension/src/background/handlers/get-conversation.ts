import { type ConversationDetail, ConversationDetailSchema } from "@sightline/shared";
import { fail, type Result } from "../../shared/messages.ts";
import { callApi } from "../api-client.ts";
import { loadSession } from "../session-store.ts";
import { forgetOnUnauthorized } from "./forget-on-unauthorized.ts";

/** Segments asked for per page of the transcript page. */
export const CONVERSATION_PAGE_SIZE = 100;

/**
 * One page of a conversation (GET /api/v1/conversations/{id}?cursor=&limit=): its metadata,
 * participants, insights, and the segments from `cursor` on, with the cursor of the next page.
 */
export async function getConversation(input: { id: string; cursor?: number }): Promise<Result<ConversationDetail>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  const query = { cursor: input.cursor ?? 0, limit: CONVERSATION_PAGE_SIZE };
  return forgetOnUnauthorized(
    await callApi(
      { backendUrl, token },
      (api, init) => api.GET("/conversations/{id}", { params: { path: { id: input.id }, query }, ...init }),
      ConversationDetailSchema,
    ),
  );
}
