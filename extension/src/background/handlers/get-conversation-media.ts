import { type ConversationMediaList, ConversationMediaListSchema } from "@sightline/shared";
import { fail, ok, type Result } from "../../shared/messages.ts";
import { callApi } from "../api-client.ts";
import { loadSession } from "../session-store.ts";
import { forgetOnUnauthorized } from "./forget-on-unauthorized.ts";

/**
 * A conversation's kept recordings (GET /api/v1/conversations/{id}/media). The backend gives each
 * signed link as a path on its own origin; the page needs it absolute, so it is resolved against the
 * signed-in backend here. Only http(s) links on that origin are passed on.
 */
export async function getConversationMedia(input: { id: string }): Promise<Result<ConversationMediaList>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  const answer = await forgetOnUnauthorized(
    await callApi(
      { backendUrl, token },
      (api, init) => api.GET("/conversations/{id}/media", { params: { path: { id: input.id } }, ...init }),
      ConversationMediaListSchema,
    ),
  );
  if (!answer.ok) return answer;
  const origin = new URL(backendUrl).origin;
  const media = answer.value.media.flatMap((item) => {
    const url = new URL(item.url, `${origin}/`);
    return url.origin === origin ? [{ ...item, url: url.href }] : [];
  });
  return ok({ media });
}
