import { PermanentJobError, RetryLaterError } from "../../queue/jobs.ts";
import type { SlackMessage } from "./build-recap.ts";

/** Longest a post may take before it counts as a transient failure. */
const TIMEOUT_MS = 10_000;

/**
 * Slack's documented incoming-webhook errors: the only answer text that may reach a failed job's
 * reason. Anything else a server answers (an HTML error page, a proxy's text) is not repeated.
 */
const SLACK_ERRORS = new Set([
  "invalid_payload",
  "user_not_found",
  "channel_not_found",
  "channel_is_archived",
  "action_prohibited",
  "posting_to_general_channel_denied",
  "too_many_attachments",
  "no_service",
  "no_service_id",
  "no_team",
  "team_disabled",
  "invalid_token",
  "no_text",
  "rate_limited",
]);

/**
 * Posts a message to a Slack incoming webhook. Slack answers 200 "ok"; 429 (with Retry-After) and
 * 5xx are transient and throw errors the queue retries; other 4xx ("no_service", "invalid_token",
 * "invalid_payload", "channel_is_archived" ...) cannot be fixed by retrying and throw
 * PermanentJobError. Redirects are not followed (a webhook that moved is a permanent failure: the
 * admin sets the new URL). The URL is a secret: it never appears in an error message, and of the
 * answer only Slack's documented error code does.
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
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new Error(`Slack webhook unreachable: ${err instanceof Error ? err.name : "error"}`);
  }
  const body = (await res.text().catch(() => "")).trim().slice(0, 200);
  if (res.ok) return;
  if (res.status >= 300 && res.status < 400)
    throw new PermanentJobError(`Slack webhook answered a redirect (${res.status}); set the webhook URL again`);
  const what = `Slack webhook answered ${res.status}${SLACK_ERRORS.has(body) ? ` ${body}` : ""}`;
  if (res.status === 429) {
    const retryAfter = Number(res.headers.get("retry-after"));
    throw new RetryLaterError(what, Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 900) : 30);
  }
  if (res.status >= 500 || res.status === 408) throw new Error(what);
  throw new PermanentJobError(what);
}
