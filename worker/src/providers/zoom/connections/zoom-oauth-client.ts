import { z } from "zod";
import { ApiError } from "../../../platform/api-error.ts";

/**
 * Zoom's OAuth endpoints (`ZOOM_OAUTH_BASE`, https://zoom.us by default): client credentials go in
 * HTTP Basic auth; Server-to-Server apps use `grant_type=account_credentials&account_id=...`.
 */
const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().int().positive(),
  scope: z.string().optional(),
  refresh_token: z.string().optional(),
});
export type ZoomTokenResponse = z.infer<typeof TokenResponseSchema>;

const basicAuth = (clientId: string, clientSecret: string) => `Basic ${btoa(`${clientId}:${clientSecret}`)}`;

async function describeZoomError(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { reason?: string; error_description?: string; error?: string };
    return body.reason ?? body.error_description ?? body.error ?? `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

export async function requestAccountCredentialsToken(
  oauthBase: string,
  credentials: { accountId: string; clientId: string; clientSecret: string },
  fetchImpl: typeof fetch = fetch,
): Promise<ZoomTokenResponse> {
  const url = `${oauthBase.replace(/\/+$/, "")}/oauth/token?grant_type=account_credentials&account_id=${encodeURIComponent(credentials.accountId)}`;
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: "POST",
      headers: { authorization: basicAuth(credentials.clientId, credentials.clientSecret) },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new ApiError("unavailable", `cannot reach Zoom at ${oauthBase}: ${(err as Error).message}`);
  }
  if (res.status === 400 || res.status === 401) {
    throw new ApiError("bad_request", `Zoom refused these credentials: ${await describeZoomError(res)}`);
  }
  if (!res.ok) throw new ApiError("unavailable", `Zoom answered ${res.status}: ${await describeZoomError(res)}`);
  const parsed = TokenResponseSchema.safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new ApiError("unavailable", "Zoom's token answer was not understood");
  return parsed.data;
}

/** Revokes a token at Zoom. Returns false (never throws) when Zoom cannot be reached: disconnecting must not hang on it. */
export async function revokeZoomToken(
  oauthBase: string,
  client: { clientId: string; clientSecret: string },
  token: string,
  fetchImpl: typeof fetch = fetch,
): Promise<boolean> {
  try {
    const res = await fetchImpl(`${oauthBase.replace(/\/+$/, "")}/oauth/revoke?token=${encodeURIComponent(token)}`, {
      method: "POST",
      headers: { authorization: basicAuth(client.clientId, client.clientSecret) },
      signal: AbortSignal.timeout(10_000),
    });
    return res.ok;
  } catch {
    return false;
  }
}
