import { type MeResponse, MeResponseSchema } from "@sightline/shared";
import { fail, type Result } from "../../shared/messages.ts";
import { callApi } from "../api-client.ts";
import { loadSession } from "../session-store.ts";
import { forgetOnUnauthorized } from "./forget-on-unauthorized.ts";

/** GET /api/v1/me, fresh: the options page shows the user's configuration profile from it. */
export async function getMe(): Promise<Result<MeResponse>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  return forgetOnUnauthorized(
    await callApi({ backendUrl, token }, (api, init) => api.GET("/me", init), MeResponseSchema),
  );
}
