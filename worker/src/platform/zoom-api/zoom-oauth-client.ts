import { z } from "zod";
import { ApiError } from "../api-error.ts";
import type { ZoomClient } from "./zoom-client.ts";

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
  zoom: ZoomClient,
  credentials: { accountId: string; clientId: string; clientSecret: string },
): Promise<ZoomTokenResponse> {
  const path = `/oauth/token?grant_type=account_credentials&account_id=${encodeURIComponent(credentials.accountId)}`;
  let res: Response;
  try {
    res = await zoom.oauthPost(path, credentials);
  } catch (err) {
    throw new ApiError("unavailable", `cannot reach Zoom at ${zoom.oauthBase}: ${(err as Error).message}`);
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
  zoom: ZoomClient,
  client: { clientId: string; clientSecret: string },
  token: string,
): Promise<boolean> {
  try {
    const res = await zoom.oauthPost(`/oauth/revoke?token=${encodeURIComponent(token)}`, client);
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
