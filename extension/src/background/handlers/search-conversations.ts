import { type SearchResponse, SearchResponseSchema } from "@sightline/shared";
import { type ConversationSearchQuery, fail, type Result } from "../../shared/messages.ts";
import { callApi } from "../api-client.ts";
import { loadSession } from "../session-store.ts";
import { forgetOnUnauthorized } from "./forget-on-unauthorized.ts";

/** Hits asked for per page of conversation search (the popup shows the first page only). */
export const SEARCH_PAGE_SIZE = 20;

/** GET /api/v1/search: the organization's conversations where the words were said, best match first. */
export async function searchConversations(input: ConversationSearchQuery): Promise<Result<SearchResponse>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  const query = {
    q: input.q,
    limit: SEARCH_PAGE_SIZE,
    ...(input.accountId && { accountId: input.accountId }),
    ...(input.source && { source: input.source }),
    ...(input.from && { from: input.from }),
    ...(input.to && { to: input.to }),
    ...(input.cursor && { cursor: input.cursor }),
  };
  return forgetOnUnauthorized(
    await callApi(
      { backendUrl, token },
      (api, init) => api.GET("/search", { params: { query }, ...init }),
      SearchResponseSchema,
    ),
  );
}
