import { type EmailMessageResponse, EmailMessageResponseSchema } from "@sightline/shared";
import { browser } from "wxt/browser";
import { fail, ok, type Result } from "../../shared/messages.ts";
import { emailPath } from "../../shared/page-urls.ts";
import { callApi } from "../api-client.ts";
import { loadSession } from "../session-store.ts";
import { forgetOnUnauthorized } from "./forget-on-unauthorized.ts";

type MessageRef = { conversationId: string; messageId: string; quote: string | null };

/** One message of an e-mail thread with the quote located in its text (GET /emails/{id}/messages/{messageId}?quote=). */
export async function getEmailMessage(input: MessageRef): Promise<Result<EmailMessageResponse>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  const query = input.quote ? { quote: input.quote } : {};
  return forgetOnUnauthorized(
    await callApi(
      { backendUrl, token },
      (api, init) =>
        api.GET("/emails/{conversationId}/messages/{messageId}", {
          params: { path: { conversationId: input.conversationId, messageId: input.messageId }, query },
          ...init,
        }),
      EmailMessageResponseSchema,
    ),
  );
}

/** "Open e-mail" from the sidebar (a content script cannot open extension pages) or the overview. */
export async function openEmailMessage(input: MessageRef): Promise<Result<true>> {
  await browser.tabs.create({
    url: browser.runtime.getURL(emailPath(input.conversationId, input.messageId, input.quote)),
  });
  return ok(true);
}
