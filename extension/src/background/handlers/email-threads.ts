import {
  type AddEmailThreadResponse,
  AddEmailThreadResponseSchema,
  type EmailCaptureResponse,
  EmailCaptureResponseSchema,
  type EmailThreadsResponse,
  EmailThreadsResponseSchema,
} from "@sightline/shared";
import { type EmailThreadUpload, fail, ok, type Result } from "../../shared/messages.ts";
import { callApi } from "../api-client.ts";
import { loadSession } from "../session-store.ts";
import { forgetOnUnauthorized } from "./forget-on-unauthorized.ts";

/** What one POST /api/v1/emails may carry: the API refuses bodies over 256 KB and more than 100 messages. */
export const UPLOAD_BYTES = 200 * 1024;
export const UPLOAD_MESSAGES = 100;

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

/**
 * The thread as requests the API accepts: the same thread id, subject and participants, its messages
 * split so each request stays under the body and message limits. The API appends by message id, so
 * the parts add up to the whole thread (and sending it again adds nothing).
 */
export function uploadParts(thread: EmailThreadUpload): EmailThreadUpload[] {
  const parts: EmailThreadUpload[] = [];
  let current: EmailThreadUpload = { ...thread, messages: [] };
  for (const message of thread.messages) {
    const grown = { ...current, messages: [...current.messages, message] };
    if (current.messages.length > 0 && (grown.messages.length > UPLOAD_MESSAGES || bytes(grown) > UPLOAD_BYTES)) {
      parts.push(current);
      current = { ...thread, messages: [message] };
    } else current = grown;
  }
  if (current.messages.length > 0) parts.push(current);
  return parts;
}

/** "Add this thread to Sightline": POST /api/v1/emails, in as many parts as it takes; one answer for the thread. */
export async function addEmailThread(input: { thread: EmailThreadUpload }): Promise<Result<AddEmailThreadResponse>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  let combined: AddEmailThreadResponse | null = null;
  for (const part of uploadParts(input.thread)) {
    const answer = await forgetOnUnauthorized(
      await callApi(
        { backendUrl, token },
        (api, init) => api.POST("/emails", { body: part, ...init }),
        AddEmailThreadResponseSchema,
      ),
    );
    if (!answer.ok) return answer;
    const messagesAdded: number = (combined?.messagesAdded ?? 0) + answer.value.messagesAdded;
    const messagesCompleted: number = (combined?.messagesCompleted ?? 0) + answer.value.messagesCompleted;
    // The thread's status: created if its first part created it, else updated if any part added or
    // completed messages.
    const status: AddEmailThreadResponse["status"] = !combined
      ? answer.value.status
      : combined.status === "created"
        ? "created"
        : messagesAdded + messagesCompleted > 0
          ? "updated"
          : "unchanged";
    combined = { ...answer.value, status, messagesAdded, messagesCompleted };
  }
  return combined ? ok(combined) : fail("invalid", "The thread has no messages");
}

/** Which of these threads are in (GET /api/v1/emails/threads), for the popup and sidebar. */
export async function getEmailThreads(input: {
  threadIds: string[];
}): Promise<Result<EmailThreadsResponse["threads"]>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  const answer = await forgetOnUnauthorized(
    await callApi(
      { backendUrl, token },
      (api, init) => api.GET("/emails/threads", { params: { query: { ids: input.threadIds.join(",") } }, ...init }),
      EmailThreadsResponseSchema,
    ),
  );
  return answer.ok ? ok(answer.value.threads) : answer;
}

/** Whether the sidebar may add a thread with these participants by itself (GET /api/v1/emails/capture). */
export async function shouldCaptureEmail(input: { emails: string[] }): Promise<Result<EmailCaptureResponse>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  return forgetOnUnauthorized(
    await callApi(
      { backendUrl, token },
      (api, init) => api.GET("/emails/capture", { params: { query: { emails: input.emails.join(",") } }, ...init }),
      EmailCaptureResponseSchema,
    ),
  );
}
