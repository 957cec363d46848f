import { PermanentJobError, RetryLaterError } from "../../queue/jobs.ts";
import type { SlackMessage } from "./build-recap.ts";

/** Longest a post may take before it counts as a transient failure. */
const TIMEOUT_MS = 10_000;

/**
 * Posts a message to a Slack incoming webhook. Slack answers 200 "ok"; 429 (with Retry-After) and
 * 5xx are transient and throw errors the queue retries; other 4xx ("no_service", "invalid_token",
 * "invalid_payload", "channel_is_archived" ...) cannot be fixed by retrying and throw
 * PermanentJobError. The URL is a secret: it never appears in an error message.
 */
export async function postSlackWebhook(
  webhookUrl: string,
  message: SlackMessage,
  fetcher: typeof fetch = fetch,
): Promise<void> {
  let res: Response;
  try {
    res = await fetcher(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new Error(`Slack webhook unreachable: ${err instanceof Error ? err.name : "error"}`);
  }
  const body = (await res.text().catch(() => "")).slice(0, 200);
  if (res.ok) return;
  const what = `Slack webhook answered ${res.status} ${JSON.stringify(body)}`;
  if (res.status === 429) {
    const retryAfter = Number(res.headers.get("retry-after"));
    throw new RetryLaterError(what, Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 900) : 30);
  }
  if (res.status >= 500 || res.status === 408) throw new Error(what);
  throw new PermanentJobError(what);
}
